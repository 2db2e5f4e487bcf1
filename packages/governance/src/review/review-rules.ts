/**
 * `scim-rules validate`'s review of a rules folder that loads: what loading cannot reject because the rules are
 * well formed, yet wrong (docs/rules.md, Reviewing rules) — rules that can never fire or never decide, no revoke
 * rule, logical roles that collide, and, given the platform's catalogue, roles and contexts it does not have.
 * The server does not run the review: it needs no catalogue to load rules, and a folder that loads is applied.
 */
import {
  loadRulesFolder,
  RULE_FILES,
  type RulesSource,
  type RulesSources,
} from '../rules-folder/load-rules.ts';
import { locatePointer } from '../rules-folder/located-json.ts';
import type { ReviewProblem, RuleCatalogue, RuleProblem, RuleSet } from '../types.ts';
import { checkAgainstCatalogue } from './catalogue-checks.ts';
import { findLogicalRoleCollisions } from './logical-roles.ts';
import { findRulesThatNeverDecide } from './never-decides.ts';
import { findRulesThatNeverFire } from './never-fires.ts';
import type { ReviewFinding, RulesDocument } from './review-finding.ts';

export interface ReviewOptions {
  /** The platform's catalogue; without it, role names are checked by the grammar only (and a warning says so). */
  catalogue?: RuleCatalogue;
}

export type ReviewResult =
  | { ok: true; rules: RuleSet; problems: ReviewProblem[] }
  | { ok: false; problems: RuleProblem[] };

export async function reviewRulesFolder(dir: string, options: ReviewOptions = {}): Promise<ReviewResult> {
  const loaded = await loadRulesFolder(dir);
  if (!loaded.ok) return loaded;
  const findings = reviewRules(loaded.rules, options.catalogue);
  return { ok: true, rules: loaded.rules, problems: place(findings, loaded.sources, dir) };
}

/** Every finding on a loaded rule set, unplaced, in file order of the checks. */
export function reviewRules(rules: RuleSet, catalogue: RuleCatalogue | undefined): ReviewFinding[] {
  const neverFire = findRulesThatNeverFire(rules.rules);
  const findings: ReviewFinding[] = [
    ...neverFire.findings.map((finding) => governanceError(finding, 'never-fires')),
    ...findRulesThatNeverDecide(rules.rules, neverFire.deadRules).map((finding) =>
      governanceError(finding, 'never-decides'),
    ),
    ...findLogicalRoleCollisions(rules, catalogue),
  ];
  if (!rules.rules.some((rule) => rule.event.type === 'revoke')) {
    findings.push({
      document: 'governance',
      severity: 'warning',
      check: 'no-revoke-rule',
      pointer: '/rules',
      atKey: true,
      message:
        "no rule emits a 'revoke' event: a blocked user then keeps roles that no source grants any more until the block clears, so a block withholds revocations too; keep a rule like the shipped revoke-roles-no-longer-granted",
    });
  }
  if (catalogue) findings.push(...checkAgainstCatalogue(rules, catalogue));
  else {
    const first = firstRoleName(rules);
    if (first) findings.push({ ...first, severity: 'warning', check: 'no-catalogue', message: NO_CATALOGUE });
  }
  return findings;
}

const NO_CATALOGUE =
  "role names were checked against the grammar only, not against the platform: a misspelt role or an unknown context is found only when a user is blocked by it. Run validate with --catalog FILE, a platform fixture holding the account's roles, accounts, retailers and locations (docs/rules.md, Checking rules against the platform)";

function firstRoleName(rules: RuleSet): { document: RulesDocument; pointer: string } | undefined {
  const mapping = rules.roleMappings.rules.findIndex((rule) => rule.action.targetRoles.length > 0);
  if (mapping >= 0) return { document: 'roleMappings', pointer: `/rules/${mapping}/action/targetRoles/0` };
  const group = rules.groupRoles.findIndex((entry) => entry.roles.length > 0);
  if (group >= 0) return { document: 'groupRoles', pointer: `/groups/${group}/roles/0` };
  return undefined;
}

function governanceError(
  finding: { pointer: string; message: string },
  check: 'never-fires' | 'never-decides',
): ReviewFinding {
  return { ...finding, document: 'governance', severity: 'error', check };
}

const FILE_OF: Record<RulesDocument, string> = {
  governance: RULE_FILES.governance,
  roleMappings: RULE_FILES.roleMappings,
  groupRoles: RULE_FILES.groupRoles,
};

function place(findings: readonly ReviewFinding[], sources: RulesSources, dir: string): ReviewProblem[] {
  return findings.map((finding) => {
    const source: RulesSource | undefined = sources[finding.document];
    const position = source
      ? locatePointer(source.json, finding.pointer, finding.atKey)
      : { line: 1, column: 1 };
    return {
      file: source?.file ?? `${dir}/${FILE_OF[finding.document]}`,
      pointer: finding.pointer,
      line: position.line,
      column: position.column,
      message: finding.message,
      severity: finding.severity,
      check: finding.check,
    };
  });
}
