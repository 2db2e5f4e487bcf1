/**
 * `validate`'s review through the CLI: every check reported at file:line:column, errors exit 2, warnings exit 0;
 * `--catalog` checks names against a platform fixture. One run as users start it (child process), the rest in-process.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliInProcess as cli, REPO_ROOT, runCliProcess } from '../testing/run-cli.ts';

const RULES = join(REPO_ROOT, 'rules');
let dir: string;
let catalogue: string;
let reviewed: string;

/** A role-mappings.json rule, in the platform's pipeline-config format. */
const mapping = (appRole: string, targetRoles: string[]) => ({
  condition: { type: 'HAS_APP_ROLE', appRole },
  action: { type: 'MAPPING_ROLE_ASSIGNMENT', sourceAppRole: appRole, targetRoles },
});
const condition = (fact: string, path: string, operator: string, value: unknown) => ({
  fact,
  path,
  operator,
  value,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-rules-validate-'));
  catalogue = join(dir, 'catalog.json');
  await writeFile(
    catalogue,
    JSON.stringify({
      accounts: [{ id: '0' }],
      locations: [{ id: '134' }],
      roles: ['ADMIN', 'STORE', 'CUSTOMER_COLLECTION_MANAGER', 'RETURNS_MANAGER'],
    }),
  );
  // A folder that loads (the server would apply it) with one mistake of each kind the review finds.
  reviewed = join(dir, 'rules');
  await mkdir(reviewed);
  await writeFile(
    join(reviewed, 'governance.json'),
    JSON.stringify(
      {
        privilegedRoles: [{ match: { contextType: 'ACCOUNT', role: 'ADMN' }, allowedSources: ['direct'] }],
        rules: [
          {
            name: 'deactivate-inactive',
            conditions: { all: [condition('platform', '$.status', 'equal', 'inactive')] },
            event: { type: 'deactivate', params: { reason: 'inactive' } },
          },
          {
            name: 'block-contradiction',
            conditions: {
              all: [
                condition('roles', '$.count', 'equal', 0),
                condition('roles', '$.count', 'greaterThan', 0),
              ],
            },
            event: { type: 'block', params: { reason: 'never' } },
          },
          {
            name: 'create',
            conditions: { all: [condition('platform', '$.exists', 'equal', false)] },
            event: { type: 'create' },
          },
          {
            name: 'create-shadowed',
            priority: 1,
            conditions: {
              all: [
                condition('platform', '$.exists', 'equal', false),
                condition('roles', '$.count', 'equal', 1),
              ],
            },
            event: { type: 'create' },
          },
        ],
      },
      null,
      2,
    ),
  );
  await writeFile(
    join(reviewed, 'role-mappings.json'),
    JSON.stringify(
      {
        rules: [
          mapping('Store_Colleague', ['STORE', 'RETURNS_MANGER']),
          mapping('STORE', ['RETURNS_MANAGER']),
        ],
      },
      null,
      2,
    ),
  );
  await writeFile(
    join(reviewed, 'group-roles.json'),
    JSON.stringify({ groups: [{ displayName: 'Store 999', roles: ['AGENT_999_STORE'] }] }, null, 2),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('scim-rules validate: the review', () => {
  it('--json: every error and warning with its check, file, line and column; exit 2', async () => {
    const run = await cli(['validate', reviewed, '--catalog', catalogue, '--json']);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ valid: false, loads: true, catalog: catalogue });
    const at = (p: { file: string; line: number; column: number; check: string }) =>
      `${p.file.slice(reviewed.length + 1)}:${p.line}:${p.column} ${p.check}`;
    expect(report.problems.map(at)).toEqual([
      'governance.json:22:22 never-fires',
      'governance.json:43:11 never-fires',
      'governance.json:75:15 never-decides',
      'role-mappings.json:20:20 logical-role-shadows',
      'role-mappings.json:13:11 unknown-role',
      'group-roles.json:6:9 unknown-context',
      'governance.json:6:17 policy-matches-nothing',
    ]);
    expect(report.problems.every((p: { severity: string }) => p.severity === 'error')).toBe(true);
    expect(report.warnings.map(at)).toEqual(['governance.json:13:3 no-revoke-rule']);
  });

  it('prints errors and warnings as tables and says the folder loads but does not do what it says', async () => {
    const run = await cli(['validate', reviewed]);
    expect(run.code).toBe(2);
    const lines = run.stdout.split('\n');
    const row = (location: string) => lines.find((line) => line.startsWith(location))?.split(/\s{2,}/);
    expect(row(`${join(reviewed, 'governance.json')}:22:22`)).toEqual([
      `${join(reviewed, 'governance.json')}:22:22`,
      '/rules/0/conditions/all/0/value',
      `rule 'deactivate-inactive' can never fire: platform $.status is "ACTIVE", "INACTIVE", null, so equal "inactive" never holds`,
    ]);
    expect(run.stdout).toContain(
      `4 problems in ${reviewed}: the folder loads, but its rules do not do what they say`,
    );
    expect(run.stdout).toMatch(/POINTER\s+WARNING/);
    expect(run.stdout).toContain('Run validate with --catalog FILE');
    expect(run.stdout).toContain('2 warnings');
  });

  it("the repository's rules with a catalogue: valid, no warning", async () => {
    const run = await cli(['validate', RULES, '--catalog', catalogue, '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: true, catalog: catalogue, warnings: [] });
  });

  it('a catalogue without roles, or one that cannot be read, is bad input at file:line:column', async () => {
    const noRoles = join(dir, 'no-roles.json');
    await writeFile(noRoles, JSON.stringify({ accounts: [{ id: '0' }] }));
    const run = await cli(['validate', RULES, '--catalog', noRoles]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${noRoles}:1:1: the catalogue lists no roles`);
    const missing = await cli(['validate', RULES, '--catalog', join(dir, 'nope.json'), '--json']);
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: 'bad-input' });
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{\n  "roles": [1]\n}');
    const invalid = await cli(['validate', RULES, '--catalog', bad]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(new RegExp(`^${bad}:2:\\d+: platform fixture: roles`, 'm'));
  });

  it('--catalog: a location of the userTypes mapping the catalogue lacks is unknown-context at file:line:column', async () => {
    const typed = join(dir, 'typed-rules');
    await cp(RULES, typed, { recursive: true });
    const file = join(typed, 'governance.json');
    const text = await readFile(file, 'utf8');
    const agentMatch = '"match": { "contextType": "AGENT" },';
    expect(text).toContain(agentMatch);
    const edited = text.replace(agentMatch, '"match": { "contextType": "AGENT", "contextId": "999" },');
    await writeFile(file, edited);
    // Where the value "999" starts, 1-based, as every validate error points at the value it is about.
    const before = edited.slice(0, edited.indexOf('"999"')).split('\n');
    const [line, column] = [before.length, (before.at(-1)?.length ?? 0) + 1];

    const run = await cli(['validate', typed, '--catalog', catalogue, '--json']);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.problems).toEqual([
      expect.objectContaining({
        check: 'unknown-context',
        severity: 'error',
        file,
        line,
        column,
        message: expect.stringContaining(`location 999 (AGENT 999) does not exist in ${catalogue}`),
      }),
    ]);
    const with999 = join(dir, 'catalog-999.json');
    await writeFile(
      with999,
      JSON.stringify({
        accounts: [{ id: '0' }],
        locations: [{ id: '134' }, { id: '999' }],
        roles: ['STORE'],
      }),
    );
    const listed = await cli(['validate', typed, '--catalog', with999, '--json']);
    expect(JSON.parse(listed.stdout).problems ?? []).not.toContainEqual(
      expect.objectContaining({ check: 'unknown-context' }),
    );
  });

  it('as users run it: an unknown target role against the catalogue, exit 2', async () => {
    const run = await runCliProcess(['validate', reviewed, '--catalog', catalogue]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(
      "target role 'RETURNS_MANGER' is not in the platform's role catalogue (" +
        catalogue +
        '); did you mean RETURNS_MANAGER?',
    );
  });
});
