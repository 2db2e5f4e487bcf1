/**
 * The rules impact preview: one rules file as proposed, validated exactly as a reload would (loadRules on a copy
 * of the folder with that file replaced), then every listed user decided under the rules in force and under the
 * proposal, side by side. Read-only: a second sync engine, never started, holds the proposed rules, and
 * `inspectUser` is a dry run (it reads the directory and the platform, it pushes nothing).
 *
 * It is bounded: at most PREVIEW_USERS users per run (by userName, narrowed by a search), each costing two platform
 * lookups; the page says when the directory has more.
 */
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRules, RULE_FILES, type RuleProblem, type RuleSet } from '@scim-connector/governance';
import type { PlatformParts } from '@scim-connector/platform';
import type { Store } from '@scim-connector/store';
import { createSyncEngine, type SyncEngine, type UserInspection } from '@scim-connector/sync';
import { listUsers } from './directory-queries.ts';

export const PREVIEW_USERS = 200;
const CONCURRENCY = 8;

export const RULE_FILE_NAMES = [
  RULE_FILES.governance,
  RULE_FILES.roleMappings,
  RULE_FILES.groupRoles,
] as const;
export type RuleFileName = (typeof RULE_FILE_NAMES)[number];

export interface DecisionSummary {
  outcome: string;
  reasons: string[];
  roles: string[];
  unresolved: string[];
}

export interface UserImpact {
  userId: string;
  userName: string;
  now: DecisionSummary;
  proposed: DecisionSummary;
}

export type PreviewResult =
  | { ok: false; problems: RuleProblem[] }
  | {
      ok: true;
      examined: number;
      total: number;
      changed: UserImpact[];
      failed: { userName: string; error: string }[];
    };

/** The proposed folder: the rules folder's files, with `file` replaced by `text`. Validated by loadRules. */
async function loadProposal(
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

function summary(inspection: UserInspection): DecisionSummary {
  return {
    outcome: inspection.currentDecision.outcome,
    reasons: inspection.currentDecision.reasons,
    roles: inspection.effectiveRoles.map((r) => r.name).sort(),
    unresolved: inspection.unresolved.map((r) => r.name).sort(),
  };
}

function differs(a: DecisionSummary, b: DecisionSummary): boolean {
  return JSON.stringify(a) !== JSON.stringify(b);
}

export async function previewImpact(options: {
  store: Store;
  engine: SyncEngine;
  platform: PlatformParts;
  rulesDir: string;
  file: RuleFileName;
  text: string;
  search: string;
}): Promise<PreviewResult> {
  const proposal = await loadProposal(options.rulesDir, options.file, options.text);
  if (!proposal.ok) return proposal;
  const preview = createSyncEngine({
    store: options.store,
    platform: options.platform,
    rules: () => proposal.rules,
    workerId: 'console-impact-preview',
  });
  const page = await listUsers(options.store, {
    search: options.search,
    status: 'any',
    startIndex: 1,
    count: PREVIEW_USERS,
  });
  const changed: UserImpact[] = [];
  const failed: { userName: string; error: string }[] = [];
  const queue = [...page.items];
  const worker = async () => {
    for (let user = queue.shift(); user; user = queue.shift()) {
      try {
        const [now, proposed] = await Promise.all([
          options.engine.inspectUser(user.id),
          preview.inspectUser(user.id),
        ]);
        if (!now || !proposed) continue;
        const impact = {
          userId: user.id,
          userName: user.userName,
          now: summary(now),
          proposed: summary(proposed),
        };
        if (differs(impact.now, impact.proposed)) changed.push(impact);
      } catch (error) {
        failed.push({
          userName: user.userName,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  changed.sort((a, b) => (a.userName < b.userName ? -1 : 1));
  return { ok: true, examined: page.items.length, total: page.totalResults, changed, failed };
}
