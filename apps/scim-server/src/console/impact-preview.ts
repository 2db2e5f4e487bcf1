/**
 * The rules impact preview's input: one rules file as proposed, validated exactly as a reload would (loadRules on
 * a copy of the folder with that file replaced). The walk over every user is preview/preview-job.ts.
 */
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRules, RULE_FILES, type RuleProblem, type RuleSet } from '@scim-connector/governance';

export const RULE_FILE_NAMES = [
  RULE_FILES.governance,
  RULE_FILES.roleMappings,
  RULE_FILES.groupRoles,
] as const;
export type RuleFileName = (typeof RULE_FILE_NAMES)[number];

/** The proposed folder: the rules folder's files, with `file` replaced by `text`. Validated by loadRules. */
export async function loadProposal(
  rulesDir: string,
  file: RuleFileName,
  text: string,
): Promise<{ ok: true; rules: RuleSet } | { ok: false; problems: RuleProblem[] }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'scim-rules-preview-'));
  try {
    for (const name of RULE_FILE_NAMES) {
      if (name === file) continue;
      await copyFile(path.join(rulesDir, name), path.join(dir, name)).catch(
        (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error; // optional files may be absent
        },
      );
    }
    await writeFile(path.join(dir, file), text, { mode: 0o600 });
    const loaded = await loadRules(dir);
    // Problems name the file as proposed, not the temporary copy.
    if (!loaded.ok)
      return { ok: false, problems: loaded.problems.map((p) => ({ ...p, file: path.basename(p.file) })) };
    return loaded;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
