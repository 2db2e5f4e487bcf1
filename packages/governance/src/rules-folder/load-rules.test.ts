import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_RULES_DIR, rulesFolder } from '../../test/fixtures.ts';
import type { RuleProblem } from '../types.ts';
import { DEFAULT_PRIVILEGED_ROLES } from './governance-file.ts';
import { loadRules } from './load-rules.ts';

const minimalGovernance = {
  rules: [
    {
      name: 'create-new-user',
      conditions: { all: [{ fact: 'platform', path: '$.exists', operator: 'equal', value: false }] },
      event: { type: 'create' },
    },
  ],
};

const folders: string[] = [];
async function folder(files: Record<string, string | object>): Promise<string> {
  const dir = await rulesFolder(files);
  folders.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function problemsOf(files: Record<string, string | object>): Promise<RuleProblem[]> {
  const result = await loadRules(await folder(files));
  if (result.ok) throw new Error('expected the folder to be rejected');
  // Nothing half-loaded: a rejected folder carries no rules at all.
  expect(result).not.toHaveProperty('rules');
  return result.problems;
}

describe('loadRules', () => {
  it("loads the repository's rules/ folder", async () => {
    const result = await loadRules(REPO_RULES_DIR);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.rules.rules.map((rule) => rule.name)).toContain('block-unresolved-roles');
    expect(result.rules.options).toEqual({
      checkContexts: true,
      adoptExistingAccounts: false,
      groupDisplayNamesAsRoles: false,
      roleMappingsSource: 'file',
    });
    expect(result.rules.privilegedRoles).toEqual([
      expect.objectContaining({
        match: { contextType: 'ACCOUNT', contextId: '*', role: '*' },
        allowedSources: ['direct', 'group-roles'],
      }),
    ]);
    expect(result.rules.roleMappings.targets.get('Store_Colleague')).toEqual([
      'STORE',
      'CUSTOMER_COLLECTION_MANAGER',
      'RETURNS_MANAGER',
    ]);
  });

  it('treats role-mappings.json and group-roles.json as optional, and fills in default options', async () => {
    const result = await loadRules(await folder({ 'governance.json': minimalGovernance }));
    expect(result).toMatchObject({
      ok: true,
      rules: {
        options: { checkContexts: true, adoptExistingAccounts: false, groupDisplayNamesAsRoles: false },
        groupRoles: [],
        roleMappings: { rules: [] },
      },
    });
  });

  it('applies the default privileged-role policy when governance.json has none (fails closed)', async () => {
    const result = await loadRules(await folder({ 'governance.json': minimalGovernance }));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.rules.privilegedRoles).toEqual(DEFAULT_PRIVILEGED_ROLES);
  });

  it('rejects a privileged-role policy with an unknown source, with its line', async () => {
    const text = JSON.stringify(
      {
        privilegedRoles: [{ match: { contextType: 'ACCOUNT' }, allowedSources: ['direct', 'group-nam'] }],
        rules: [],
      },
      null,
      2,
    );
    const result = await loadRules(await folder({ 'governance.json': text }));
    if (result.ok) throw new Error('should not load');
    expect(result.problems).toMatchObject([
      {
        pointer: '/privilegedRoles/0/allowedSources/1',
        line: text.split('\n').findIndex((l) => l.includes('"group-nam"')) + 1,
      },
    ]);
    expect(result.problems[0]?.message).toContain('"group-name"');
  });

  it('requires governance.json', async () => {
    const problems = await problemsOf({ 'group-roles.json': { groups: [] } });
    expect(problems).toEqual([
      expect.objectContaining({
        file: expect.stringMatching(/governance\.json$/),
        pointer: '',
        line: 1,
        column: 1,
      }),
    ]);
    expect(problems[0]?.message).toContain('governance.json is missing');
  });

  it('reports a missing folder', async () => {
    const result = await loadRules('/nonexistent/rules');
    expect(result).toMatchObject({ ok: false, problems: [{ file: '/nonexistent/rules' }] });
  });

  it('reports invalid JSON with its line and column', async () => {
    const problems = await problemsOf({ 'governance.json': '{\n  "rules": [\n    { "name": "x", }\n  ]\n}' });
    expect(problems).toEqual([
      expect.objectContaining({
        pointer: '',
        line: 3,
        column: 20,
        message: "invalid JSON: trailing comma before '}'",
      }),
    ]);
  });

  it('reports schema problems with file, pointer, line, column and a plain explanation', async () => {
    const text = JSON.stringify(
      {
        rules: [
          {
            name: 'r1',
            conditions: { all: [{ fact: 'platform', path: '$.exists', operator: 'equals', value: true }] },
            event: { type: 'activate' },
          },
        ],
      },
      null,
      2,
    );
    const dir = await folder({ 'governance.json': text });
    const result = await loadRules(dir);
    if (result.ok) throw new Error('expected problems');
    const byPointer = Object.fromEntries(result.problems.map((problem) => [problem.pointer, problem]));
    expect(byPointer['/rules/0/event/type']).toMatchObject({
      file: join(dir, 'governance.json'),
      line: text.split('\n').findIndex((line) => line.includes('"activate"')) + 1,
    });
    expect(byPointer['/rules/0/event/type']?.message).toContain(
      '"deactivate", "block", "revoke", "create", "update", "none"',
    );
    expect(byPointer['/rules/0/conditions/all/0/operator']?.message).toContain('unknown operator "equals"');
    const lines = text.split('\n');
    const operatorLine = lines.findIndex((line) => line.includes('"equals"'));
    expect(byPointer['/rules/0/conditions/all/0/operator']).toMatchObject({
      line: operatorLine + 1,
      column: (lines[operatorLine] ?? '').indexOf('"equals"') + 1,
    });
  });

  it('points at the key of an unknown property and lists the allowed ones', async () => {
    const problems = await problemsOf({
      'governance.json': '{\n  "rules": [],\n  "optoins": {}\n}',
    });
    expect(problems).toEqual([
      {
        file: expect.stringMatching(/governance\.json$/),
        pointer: '/optoins',
        line: 3,
        column: 3,
        message:
          "unknown property 'optoins'; allowed here: $schema, description, options, privilegedRoles, userTypes, rules",
      },
    ]);
  });

  it('explains conditions without all/any/not, unknown facts, complex paths and block events without a reason', async () => {
    const problems = await problemsOf({
      'governance.json': {
        rules: [
          { name: 'a', conditions: { fact: 'user', operator: 'equal', value: 1 }, event: { type: 'none' } },
          {
            name: 'b',
            conditions: {
              any: [
                { fact: 'usr', operator: 'equal', value: 1 },
                { fact: 'user', path: '$..x', operator: 'equal', value: 1 },
              ],
            },
            event: { type: 'block' },
          },
        ],
      },
    });
    const messages = problems.map((problem) => `${problem.pointer}: ${problem.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        "/rules/0/conditions: conditions must be an object with 'all', 'any' or 'not'",
        expect.stringMatching(/^\/rules\/1\/conditions\/any\/0\/fact: 'fact' \(found "usr"\) is not allowed/),
        expect.stringMatching(
          /^\/rules\/1\/conditions\/any\/1\/path: path "\$\.\.x" is not a simple JSONPath/,
        ),
        "/rules/1/event: missing required property 'params'",
      ]),
    );
  });

  it('catches a fact path that names no field, with its line and column and a did-you-mean', async () => {
    const text = JSON.stringify(
      {
        rules: [
          {
            name: 'deactivate-user-without-roles',
            conditions: {
              all: [
                { fact: 'roles', path: '$.count', operator: 'equal', value: 0 },
                { fact: 'roles', path: '$.unresolvedCnt', operator: 'equal', value: 0 },
                {
                  fact: 'user',
                  path: "$.attributes['urn:x'].department",
                  operator: 'equal',
                  value: 'Retail',
                },
                { fact: 'roles', path: '$.unresolved[0].reasn', operator: 'equal', value: 'unknown-role' },
              ],
            },
            event: { type: 'deactivate', params: { reason: 'no-roles' } },
          },
        ],
      },
      null,
      2,
    );
    const result = await loadRules(await folder({ 'governance.json': text }));
    if (result.ok) throw new Error('should not load');
    const lines = text.split('\n');
    const lineOf = (needle: string) => lines.findIndex((line) => line.includes(needle)) + 1;
    expect(result.problems).toMatchObject([
      {
        pointer: '/rules/0/conditions/all/1/path',
        line: lineOf('$.unresolvedCnt'),
        column: (lines[lineOf('$.unresolvedCnt') - 1] ?? '').indexOf('"$.unresolvedCnt"') + 1,
        message: expect.stringContaining('did you mean $.unresolvedCount?'),
      },
      {
        pointer: '/rules/0/conditions/all/3/path',
        message: expect.stringContaining('did you mean $.unresolved[0].reason?'),
      },
    ]);
  });

  it('rejects duplicate rule names', async () => {
    const rule = minimalGovernance.rules[0];
    const problems = await problemsOf({ 'governance.json': { rules: [rule, rule] } });
    expect(problems).toMatchObject([
      { pointer: '/rules/1/name', message: expect.stringContaining('duplicate rule name') },
    ]);
  });

  it('parses every role name in group-roles.json and points at the bad character', async () => {
    const text =
      '{\n  "groups": [\n    { "displayName": "Ops", "roles": ["AGENT_134_STORE", "AGENT_L134_STORE"] }\n  ]\n}';
    const problems = await problemsOf({ 'governance.json': minimalGovernance, 'group-roles.json': text });
    const line = text.split('\n')[2] ?? '';
    expect(problems).toEqual([
      expect.objectContaining({
        pointer: '/groups/0/roles/1',
        line: 3,
        column: line.indexOf('"AGENT_L134_STORE"') + 1 + 1 + 6,
        message: expect.stringContaining("context id 'L134' is not numeric"),
      }),
    ]);
  });

  it('requires a displayName or externalId per group and rejects duplicate entries', async () => {
    const problems = await problemsOf({
      'governance.json': minimalGovernance,
      'group-roles.json': { groups: [{ roles: [] }] },
    });
    expect(problems).toMatchObject([
      { pointer: '/groups/0', message: "needs at least one of the properties 'displayName' or 'externalId'" },
    ]);
    const duplicates = await problemsOf({
      'governance.json': minimalGovernance,
      'group-roles.json': {
        groups: [
          { displayName: 'Ops', roles: [] },
          { displayName: 'OPS', roles: [] },
        ],
      },
    });
    expect(duplicates).toMatchObject([
      { pointer: '/groups/1/displayName', message: expect.stringContaining('already has an entry') },
    ]);
  });

  it('validates role-mappings.json in the pipeline-config format', async () => {
    const problems = await problemsOf({
      'governance.json': minimalGovernance,
      'role-mappings.json': {
        rules: [
          {
            condition: { type: 'HAS_APP_ROLE', appRole: 'Store_Colleague' },
            action: {
              type: 'MAPPING_ROLE_ASSIGNMENT',
              sourceAppRole: 'Store_Collegue',
              targetRoles: ['STORE', 'BAD ROLE'],
            },
          },
          {
            condition: { type: 'HAS_ROLE', appRole: 'X' },
            action: { type: 'MAPPING_ROLE_ASSIGNMENT', sourceAppRole: 'X', targetRoles: [] },
          },
        ],
      },
    });
    expect(problems.map((problem) => problem.pointer)).toEqual([
      '/rules/1/condition/type',
      '/rules/1/action/targetRoles',
    ]);
    expect(problems[0]?.message).toBe(`'type' (found "HAS_ROLE") must be "HAS_APP_ROLE"`);

    const semantic = await problemsOf({
      'governance.json': minimalGovernance,
      'role-mappings.json': {
        rules: [
          {
            condition: { type: 'HAS_APP_ROLE', appRole: 'Store_Colleague' },
            action: {
              type: 'MAPPING_ROLE_ASSIGNMENT',
              sourceAppRole: 'Store_Collegue',
              targetRoles: ['STORE', 'BAD ROLE'],
            },
          },
          {
            condition: { type: 'HAS_APP_ROLE', appRole: 'Store_Colleague' },
            action: {
              type: 'MAPPING_ROLE_ASSIGNMENT',
              sourceAppRole: 'Store_Colleague',
              targetRoles: ['GRAPHQL'],
            },
          },
        ],
      },
    });
    expect(semantic.map((problem) => problem.pointer)).toEqual([
      '/rules/0/action/sourceAppRole',
      '/rules/0/action/targetRoles/1',
      '/rules/1/condition/appRole',
    ]);
    expect(semantic[0]?.message).toContain("must equal condition.appRole 'Store_Colleague'");
    expect(semantic[1]?.message).toContain("'BAD ROLE' is not a valid role id");
    expect(semantic[2]?.message).toContain('already mapped by /rules/0');
  });

  it('reports the problems of every file together', async () => {
    const problems = await problemsOf({
      'governance.json': '{ "rules": 5 }',
      'role-mappings.json': '{',
      'group-roles.json': { groups: [{ displayName: 'x', roles: ['nope'] }] },
    });
    expect(problems.map((problem) => problem.file.split('/').at(-1))).toEqual([
      'governance.json',
      'role-mappings.json',
      'group-roles.json',
    ]);
  });

  it("accepts the schema's $schema reference that editors use", async () => {
    const text = await readFile(join(REPO_RULES_DIR, 'group-roles.json'), 'utf8');
    expect(JSON.parse(text).$schema).toBe('../packages/governance/schemas/group-roles.schema.json');
  });
});
