import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mappingsFor, REPO_RULES_DIR, rulesFolder } from '../../test/fixtures.ts';
import type { ReviewProblem, RuleCatalogue } from '../types.ts';
import { reviewRulesFolder } from './review-rules.ts';

const catalogue: RuleCatalogue = {
  source: 'catalog.json',
  roles: ['STORE', 'CUSTOMER_COLLECTION_MANAGER', 'RETURNS_MANAGER', 'ADMIN'],
  contexts: { ACCOUNT: ['0'] },
};

async function review(dir: string, withCatalogue?: RuleCatalogue): Promise<ReviewProblem[]> {
  const result = await reviewRulesFolder(dir, withCatalogue ? { catalogue: withCatalogue } : {});
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.problems;
}

describe('reviewRulesFolder', () => {
  it("the repository's rules: with a catalogue nothing to say; without one, a warning saying how to get one", async () => {
    expect(await review(REPO_RULES_DIR, catalogue)).toEqual([]);
    const problems = await review(REPO_RULES_DIR);
    const text = await readFile(join(REPO_RULES_DIR, 'role-mappings.json'), 'utf8');
    const line = text.split('\n').findIndex((l) => l.includes('"targetRoles"')) + 1;
    expect(problems).toEqual([
      {
        file: join(REPO_RULES_DIR, 'role-mappings.json'),
        pointer: '/rules/0/action/targetRoles/0',
        line,
        column: expect.any(Number),
        severity: 'warning',
        check: 'no-catalogue',
        message: expect.stringContaining('Run validate with --catalog FILE'),
      },
    ]);
  });

  it('a folder that does not load is reported as loadRules reports it', async () => {
    const dir = await rulesFolder({ 'governance.json': '{' });
    const result = await reviewRulesFolder(dir);
    expect(result.ok).toBe(false);
  });

  it('places each finding at its file, line and column', async () => {
    const governance = `{
  "rules": [
    {
      "name": "deactivate-without-roles",
      "conditions": { "all": [
        { "fact": "roles", "path": "$.count", "operator": "equal", "value": "0" }
      ] },
      "event": { "type": "deactivate", "params": { "reason": "no-roles" } }
    },
    {
      "name": "create",
      "conditions": { "all": [{ "fact": "platform", "path": "$.exists", "operator": "equal", "value": false }] },
      "event": { "type": "create" }
    },
    {
      "name": "create-again",
      "conditions": { "all": [{ "fact": "platform", "path": "$.exists", "operator": "equal", "value": false }] },
      "event": { "type": "create" }
    }
  ]
}
`;
    const mappings = { rules: mappingsFor({ STORE: ['RETURNS_MANGER'] }).rules };
    const dir = await rulesFolder({ 'governance.json': governance, 'role-mappings.json': mappings });
    const problems = await review(dir, catalogue);
    const at = (p: ReviewProblem) =>
      `${p.file.slice(dir.length + 1)}:${p.line}:${p.column} ${p.check} ${p.severity}`;
    expect(problems.map(at)).toEqual([
      'governance.json:6:77 never-fires error',
      'governance.json:16:15 never-decides error',
      'role-mappings.json:6:20 logical-role-shadows error',
      'governance.json:2:3 no-revoke-rule warning',
      'role-mappings.json:12:11 unknown-role error',
    ]);
    expect(problems[0]?.message).toContain(
      "rule 'deactivate-without-roles' can never fire: roles $.count is a whole number from 0",
    );
    expect(problems[3]?.message).toContain("no rule emits a 'revoke' event");
  });
});
