/**
 * Loads a rules folder: every file is read, parsed, schema-checked and its role names parsed; either the whole
 * RuleSet comes back or every problem found, never something half-loaded.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { GroupRolesEntry, LoadRulesResult, RoleMappings, RuleProblem, RuleSet } from '../types.ts';
import { checkDocument, type DocumentResult, type DocumentSpec } from './document.ts';
import { governanceDocument } from './governance-file.ts';
import { groupRolesDocument } from './group-roles-file.ts';
import type { LocatedJson } from './located-json.ts';
import { NO_ROLE_MAPPINGS, roleMappingsDocument } from './role-mappings-file.ts';

export const RULE_FILES = {
  governance: 'governance.json',
  roleMappings: 'role-mappings.json',
  groupRoles: 'group-roles.json',
} as const;

/** A rules document as read from the folder; absent for an optional file that does not exist. */
export interface RulesSource {
  file: string;
  json: LocatedJson;
}

export interface RulesSources {
  governance: RulesSource;
  roleMappings?: RulesSource;
  groupRoles?: RulesSource;
}

/** What `loadRules` returns, plus the documents as read, for checks that report at a line and column. */
export type LoadedRulesFolder =
  | { ok: true; rules: RuleSet; sources: RulesSources }
  | { ok: false; problems: RuleProblem[] };

export async function loadRules(dir: string): Promise<LoadRulesResult> {
  const loaded = await loadRulesFolder(dir);
  return loaded.ok ? { ok: true, rules: loaded.rules } : loaded;
}

export async function loadRulesFolder(dir: string): Promise<LoadedRulesFolder> {
  const folder = await stat(dir).catch(() => undefined);
  if (!folder?.isDirectory()) {
    const message = folder
      ? `'${dir}' is a file: give the rules folder that holds ${RULE_FILES.governance}`
      : `rules folder '${dir}' not found: it must hold ${RULE_FILES.governance} (and optionally ${RULE_FILES.roleMappings}, ${RULE_FILES.groupRoles})`;
    return { ok: false, problems: [{ file: dir, pointer: '', line: 1, column: 1, message }] };
  }
  const [governance, roleMappings, groupRoles] = await Promise.all([
    loadDocument(dir, RULE_FILES.governance, governanceDocument, undefined),
    loadDocument<RoleMappings>(dir, RULE_FILES.roleMappings, roleMappingsDocument, NO_ROLE_MAPPINGS),
    loadDocument<GroupRolesEntry[]>(dir, RULE_FILES.groupRoles, groupRolesDocument, []),
  ]);
  if (!governance.ok || !roleMappings.ok || !groupRoles.ok) {
    const problems: RuleProblem[] = [governance, roleMappings, groupRoles].flatMap((result) =>
      result.ok ? [] : result.problems,
    );
    return { ok: false, problems };
  }
  const sources: RulesSources = { governance: sourceOf(dir, RULE_FILES.governance, governance.json) };
  if (roleMappings.json) sources.roleMappings = sourceOf(dir, RULE_FILES.roleMappings, roleMappings.json);
  if (groupRoles.json) sources.groupRoles = sourceOf(dir, RULE_FILES.groupRoles, groupRoles.json);
  return {
    ok: true,
    sources,
    rules: {
      options: governance.value.options,
      rules: governance.value.rules,
      privilegedRoles: governance.value.privilegedRoles,
      userTypes: governance.value.userTypes,
      roleMappings: roleMappings.value,
      groupRoles: groupRoles.value,
    },
  };
}

function sourceOf(dir: string, name: string, json: LocatedJson | undefined): RulesSource {
  // A file that was read always comes back with its document; only a missing optional file has none.
  if (json === undefined) throw new Error(`${name} was loaded without its document`);
  return { file: join(dir, name), json };
}

/** `whenMissing` undefined makes the file required. */
async function loadDocument<T>(
  dir: string,
  name: string,
  spec: DocumentSpec<T>,
  whenMissing: T | undefined,
): Promise<DocumentResult<T>> {
  const file = join(dir, name);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && whenMissing !== undefined) return { ok: true, value: whenMissing };
    const message =
      code === 'ENOENT'
        ? `${name} is missing: every rules folder needs it (start from the repository's rules/${name})`
        : `cannot read ${name}: ${(error as Error).message}`;
    return { ok: false, problems: [{ file, pointer: '', line: 1, column: 1, message }] };
  }
  return checkDocument(spec, text, file);
}
