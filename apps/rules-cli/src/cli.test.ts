/**
 * The CLI as users run it: `node bin/scim-rules.js ...` as a child process, on real files, checking exit codes
 * and parsing the JSON it prints.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess as cli, REPO_ROOT } from './testing/run-cli.ts';

let badRules: string;
beforeAll(async () => {
  badRules = await mkdtemp(join(tmpdir(), 'scim-rules-cli-'));
  await writeFile(
    join(badRules, 'governance.json'),
    '{\n  "rules": [\n    {\n      "name": "r",\n      "conditions": { "all": [] },\n      "event": { "type": "activate" }\n    }\n  ]\n}\n',
  );
  await writeFile(
    join(badRules, 'group-roles.json'),
    '{ "groups": [ { "displayName": "Ops", "roles": ["AGENT_X_STORE"] } ] }',
  );
});
afterAll(async () => {
  await rm(badRules, { recursive: true, force: true });
});

describe('scim-rules parse-role', () => {
  it('--json prints one entry per name, in order, and exits 2 when any fails', async () => {
    const run = await cli([
      'parse-role',
      '--json',
      'AGENT_1023434_GRAPHQL',
      'retailer_199_Store_Colleague',
      'AGENT_L1_X',
    ]);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual([
      {
        input: 'AGENT_1023434_GRAPHQL',
        ok: true,
        contextType: 'AGENT',
        contextId: '1023434',
        role: 'GRAPHQL',
      },
      {
        input: 'retailer_199_Store_Colleague',
        ok: true,
        contextType: 'RETAILER',
        contextId: '199',
        role: 'Store_Colleague',
      },
      {
        input: 'AGENT_L1_X',
        ok: false,
        error: { message: expect.stringContaining("'L1' is not numeric"), offset: 6 },
      },
    ]);
  });

  it('exits 0 when every name parses', async () => {
    const run = await cli(['parse-role', 'ACCOUNT_0_ADMIN', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toHaveLength(1);
  });

  it('prints a readable, aligned table without colour when not on a terminal', async () => {
    const run = await cli(['parse-role', 'AGENT_134_STORE', 'FOO_1_X']);
    expect(run.code).toBe(2);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^INPUT\s+RESULT\s+CONTEXT TYPE\s+CONTEXT ID\s+ROLE \/ ERROR$/);
    expect(lines[1]).toMatch(/^AGENT_134_STORE\s+ok\s+AGENT\s+134\s+STORE$/);
    expect(lines[2]).toContain("at 0: unknown context type 'FOO'");
    expect(lines[1]?.indexOf('ok')).toBe(lines[0]?.indexOf('RESULT'));
    expect(run.stdout).not.toContain('\u001b[');
  });
});

describe('scim-rules validate', () => {
  it('validates the default rules/ folder: a summary, and without --catalog a warning saying how to get one', async () => {
    const run = await cli(['validate']);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^valid: rules — \d+ lifecycle rules/);
    expect(lines[2]).toMatch(
      /^rules\/role-mappings\.json:\d+:\d+ +\/rules\/0\/action\/targetRoles\/0 +role names were checked/,
    );
    expect(lines.at(-1)).toBe('1 warning');
  });

  it('prints every problem with file, line, position and pointer, and exits 2', async () => {
    const run = await cli(['validate', badRules]);
    expect(run.code).toBe(2);
    const lines = run.stdout.split('\n');
    const row = (location: string) => lines.find((line) => line.startsWith(location))?.split(/\s{2,}/);
    expect(row(`${join(badRules, 'governance.json')}:6:26`)?.slice(1)).toEqual([
      '/rules/0/event/type',
      `'type' (found "activate") is not allowed: use one of "deactivate", "block", "revoke", "create", "update", "none"`,
    ]);
    expect(row(`${join(badRules, 'group-roles.json')}:1:56`)?.[1]).toBe('/groups/0/roles/0');
    expect(run.stdout).toContain('2 problems in');
  });

  it('catches a fact path that names no field, at file:line:column, with a did-you-mean', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scim-rules-cli-path-'));
    try {
      await writeFile(
        join(dir, 'governance.json'),
        '{\n  "rules": [\n    {\n      "name": "r",\n      "conditions": { "all": [\n        { "fact": "roles", "path": "$.unresolvedCnt", "operator": "equal", "value": 0 }\n      ] },\n      "event": { "type": "deactivate", "params": { "reason": "no-roles" } }\n    }\n  ]\n}\n',
      );
      const run = await cli(['validate', dir]);
      expect(run.code).toBe(2);
      expect(run.stdout).toContain(`${join(dir, 'governance.json')}:6:36`);
      expect(run.stdout).toContain('/rules/0/conditions/all/0/path');
      expect(run.stdout).toContain('did you mean $.unresolvedCount?');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('--json reports the problems as data', async () => {
    const run = await cli(['validate', badRules, '--json']);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ valid: false, dir: badRules });
    expect(report.problems).toEqual([
      expect.objectContaining({ pointer: '/rules/0/event/type', line: 6, column: 26 }),
      expect.objectContaining({ pointer: '/groups/0/roles/0', line: 1, column: 56 }),
    ]);
  });

  it('--json on a valid folder', async () => {
    const run = await cli(['validate', join(REPO_ROOT, 'rules'), '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ valid: true, summary: { rules: expect.any(Number) } });
  });
});

describe('scim-rules usage', () => {
  it('exits 2 on an unknown command and 0 on --help', async () => {
    const unknown = await cli(['simulat']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'simulat'");
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('parse-role');
  });

  it('exits 2 when a required argument is missing', async () => {
    const run = await cli(['parse-role']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("missing required argument 'name'");
  });
});
