/** `test` end to end: the shipped rule tests, a failing test, bad test files and a bad rules folder. */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, createUser } from '../testing/log-builder.ts';
import { REPO_ROOT, runCliInProcess, runCliProcess } from '../testing/run-cli.ts';
import type { TestDocument } from './test.ts';

const RULES = join(REPO_ROOT, 'rules');
let dir: string;

const passing = {
  name: 'a direct role is granted',
  events: [createUser('ann@example.com', ['AGENT_134_STORE'])],
  expect: { 'ann@example.com': { status: 'ACTIVE', roles: ['agent_134_STORE'], blocked: [] } },
};
const failing = {
  name: 'wrong expectations',
  events: [createUser('ben@example.com'), createGroup('Store 135', ['ben@example.com'], ['AGENT_135_STORE'])],
  expect: {
    'ben@example.com': {
      status: 'ACTIVE',
      roles: ['AGENT_134_STORE', 'AGENT_135_STORE'],
      blocked: ['no-roles'],
      userType: { type: 'ADMIN' },
    },
    'nobody@example.com': { status: 'INACTIVE' },
  },
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-rules-test-'));
  for (const sub of ['good', 'mixed', 'broken', 'empty']) await mkdir(join(dir, sub));
  await writeFile(join(dir, 'good', 'a.test.json'), JSON.stringify(passing, null, 2));
  await writeFile(join(dir, 'mixed', 'a.test.json'), JSON.stringify(passing, null, 2));
  await writeFile(join(dir, 'mixed', 'b.test.json'), JSON.stringify(failing, null, 2));
  await writeFile(join(dir, 'broken', 'a.test.json'), JSON.stringify(passing, null, 2));
  await writeFile(
    join(dir, 'broken', 'b.test.json'),
    '{\n  "name": "typo",\n  "events": [{ "method": "PUSH", "path": "/Users" }],\n  "expect": { "x": { "status": "GONE" } }\n}\n',
  );
  await writeFile(join(dir, 'broken', 'c.test.json'), '{ "name": "cut short", ');
  await writeFile(join(dir, 'governance.json'), '{ "rules": [ { "name": "incomplete" } ] }');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('scim-rules test (child process)', () => {
  it('runs the shipped rules/tests against rules/ and passes every one (exit 0)', async () => {
    const run = await runCliProcess(['test', '--json']);
    const document = JSON.parse(run.stdout) as TestDocument;
    expect(document.tests.filter((test) => !test.passed)).toEqual([]);
    expect(run.code).toBe(0);
    const shipped = (await readdir(join(RULES, 'tests'))).filter((name) => name.endsWith('.test.json'));
    expect(shipped.length).toBeGreaterThanOrEqual(15);
    expect(document).toMatchObject({ passed: shipped.length, failed: 0, problems: [] });
    expect(document.tests.every((test) => test.passed && test.failures.length === 0)).toBe(true);
  });

  it('exits 1 when a test fails, with expected and actual per user', async () => {
    const run = await runCliProcess(['test', join(dir, 'mixed'), '--rules', RULES, '--json']);
    expect(run.code).toBe(1);
    const document = JSON.parse(run.stdout) as TestDocument;
    expect(document).toMatchObject({ passed: 1, failed: 1 });
    expect(document.tests[0]).toEqual({
      file: join(dir, 'mixed', 'a.test.json'),
      name: passing.name,
      passed: true,
      failures: [],
    });
    expect(document.tests[1]?.failures).toEqual([
      {
        userName: 'ben@example.com',
        expected: {
          status: 'ACTIVE',
          roles: ['AGENT_134_STORE', 'AGENT_135_STORE'],
          blocked: ['no-roles'],
          userType: { type: 'ADMIN' },
        },
        actual: {
          status: 'ACTIVE',
          roles: ['AGENT_135_STORE'],
          blocked: [],
          userType: { type: 'LOCATION', primaryLocation: '135' },
        },
      },
      {
        userName: 'nobody@example.com',
        expected: { status: 'INACTIVE' },
        actual: { status: 'ABSENT', roles: [], blocked: [], userType: null },
      },
    ]);
  });

  it('reports every problem of a bad test file at its line and column, runs the others, exits 2', async () => {
    const run = await runCliProcess(['test', join(dir, 'broken'), '--rules', RULES]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^pass {4}\S+a\.test\.json {2}a direct role is granted$/m);
    const b = join(dir, 'broken', 'b.test.json');
    expect(run.stderr).toContain(`${b}:3:26: events[0]: unknown method "PUSH"`);
    expect(run.stderr).toContain(`${b}:4:32: "status" must be one of ACTIVE, INACTIVE, ABSENT`);
    expect(run.stderr).toContain(`${join(dir, 'broken', 'c.test.json')}:1:24: not valid JSON`);
    expect(run.stdout).toContain('1 passed, 0 failed, 2 test file(s) not run');
  });

  it('a bad rules folder or a folder without tests is bad input (exit 2)', async () => {
    const badRules = await runCliProcess(['test', join(dir, 'good'), '--rules', dir]);
    expect(badRules.code).toBe(2);
    expect(badRules.stderr).toContain(`${join(dir, 'governance.json')}:1:`);
    const empty = await runCliProcess(['test', join(dir, 'empty'), '--rules', RULES, '--json']);
    expect(empty.code).toBe(2);
    expect(JSON.parse(empty.stdout).problems[0].message).toContain('no rule tests here');
  });
});

describe('scim-rules test (human report)', () => {
  it('shows a readable diff of each failing user', async () => {
    const run = await runCliInProcess(['test', join(dir, 'mixed'), '--rules', RULES]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      [
        '       ben@example.com',
        '         roles:   missing AGENT_134_STORE',
        '         blocked: expected no-roles, actual (none)',
        '         type:    expected ADMIN, actual LOCATION (primaryLocation 135)',
        '       nobody@example.com',
        '         status:  expected INACTIVE, actual ABSENT',
      ].join('\n'),
    );
    expect(run.stdout).toMatch(/1 passed, 1 failed\n$/);
  });
});
