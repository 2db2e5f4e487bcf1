// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the sync-event log's placeholders are literal text
/**
 * `simulate` end to end: the CLI as a child process on real files (exit codes, the --json document), plus the
 * human report in-process.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, createUser, deleteUser, patchUser, toJsonLines } from '../testing/log-builder.ts';
import { REPO_ROOT, runCliInProcess, runCliProcess } from '../testing/run-cli.ts';
import type { SimulateDocument } from './simulate.ts';

const RULES = join(REPO_ROOT, 'rules');
const STORE_COLLEAGUE_135 = [
  'AGENT_135_CUSTOMER_COLLECTION_MANAGER',
  'AGENT_135_RETURNS_MANAGER',
  'AGENT_135_STORE',
];

const scenario = [
  createUser('alice@example.com', ['AGENT_134_STORE']),
  createUser('bob@example.com'),
  createGroup('Store 135 colleagues', ['bob@example.com'], ['AGENT_135_Store_Colleague']),
  patchUser('alice@example.com', [{ op: 'replace', path: 'active', value: false }]),
  createUser('carol@example.com', ['AGENT_134_NOPE']),
  createUser('alice@example.com'),
  createUser('dave@example.com', ['RETAILER_199_STORE_MANAGER']),
  deleteUser('dave@example.com'),
];

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-rules-simulate-'));
  await writeFile(file('scenario.jsonl'), toJsonLines(scenario));
  await writeFile(
    file('no-blocks.jsonl'),
    toJsonLines([createUser('erin@example.com', ['AGENT_134_STORE'])]),
  );
  await writeFile(
    file('bad-json.jsonl'),
    toJsonLines([createUser('a@example.com', ['AGENT_134_STORE']), '', '{"method":"POST","path":"/Users",}']),
  );
  await writeFile(
    file('bad-placeholder.jsonl'),
    toJsonLines([createUser('a@example.com', ['AGENT_134_STORE']), patchUser('ghost@example.com', [])]),
  );
  await writeFile(
    file('journal.jsonl'),
    toJsonLines([
      { ...createUser('frank@example.com', ['AGENT_134_STORE']), id: 'rec-frank' },
      { ...createGroup('Store 136 assistants', [], ['AGENT_136_STORE_ASSISTANT']), id: 'rec-group' },
      {
        method: 'PATCH',
        path: '/Groups/rec-group',
        body: {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [{ op: 'add', path: 'members', value: [{ value: 'rec-frank' }] }],
        },
      },
    ]),
  );
  await writeFile(
    file('foreign.json'),
    JSON.stringify({ users: [{ username: 'erin@example.com', roles: ['AGENT_134_ADMIN'] }] }),
  );
  await writeFile(
    file('bad-fixture.json'),
    '{\n  "users": [\n    { "username": "x", "roles": ["AGENT_134_NOPE"] }\n  ]\n}\n',
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A LOCATION account's user type, as `platform.users` reports it. */
const location = (primaryLocation: string) => ({ type: 'LOCATION', primaryLocation });

describe('scim-rules simulate (child process)', () => {
  it('--json: decisions in order, the summary, the final platform state; exit 0', async () => {
    const run = await runCliProcess(['simulate', file('scenario.jsonl'), '--rules', RULES, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout) as SimulateDocument;
    expect(document.decisions).toEqual([
      {
        line: 1,
        userName: 'alice@example.com',
        trigger: 'user.created',
        outcome: 'create',
        reasons: [],
        blockedReasons: [],
      },
      {
        line: 2,
        userName: 'bob@example.com',
        trigger: 'user.created',
        outcome: 'block',
        reasons: ['no-roles'],
        blockedReasons: ['no-roles'],
      },
      {
        line: 3,
        userName: 'bob@example.com',
        trigger: 'membership.changed',
        outcome: 'create',
        reasons: [],
        blockedReasons: [],
      },
      {
        line: 4,
        userName: 'alice@example.com',
        trigger: 'user.deactivated',
        outcome: 'deactivate',
        reasons: ['inactive'],
        blockedReasons: [],
      },
      {
        line: 5,
        userName: 'carol@example.com',
        trigger: 'user.created',
        outcome: 'block',
        reasons: ['unresolved-role'],
        blockedReasons: ['unresolved-role'],
      },
      {
        line: 7,
        userName: 'dave@example.com',
        trigger: 'user.created',
        outcome: 'create',
        reasons: [],
        blockedReasons: [],
      },
      {
        line: 8,
        userName: 'dave@example.com',
        trigger: 'user.deleted',
        outcome: 'deactivate',
        reasons: ['deleted'],
        blockedReasons: [],
      },
    ]);
    expect(document.summary).toEqual({
      created: 3,
      updated: 0,
      deactivated: 2,
      blocked: 2,
      unchanged: 0,
      blockedByReason: { 'no-roles': 1, 'unresolved-role': 1 },
      requests: 8,
      rejected: 1,
      failedPushes: 0,
      badLines: 0,
    });
    expect(document.platform.users).toEqual([
      { username: 'alice@example.com', status: 'INACTIVE', roles: [], userType: location('134') },
      {
        username: 'bob@example.com',
        status: 'ACTIVE',
        roles: STORE_COLLEAGUE_135,
        userType: location('135'),
      },
      {
        username: 'dave@example.com',
        status: 'INACTIVE',
        roles: [],
        userType: { type: 'RETAILER', primaryRetailer: '199' },
      },
    ]);
    expect(document.blockedUsers).toEqual(['carol@example.com']);
    expect(document.rejections).toEqual([
      expect.objectContaining({
        line: 6,
        method: 'POST',
        path: '/Users',
        status: 409,
        scimType: 'uniqueness',
      }),
    ]);
  });

  it('--fail-on-block exits 1 when a user ends the log blocked, 0 when none does', async () => {
    const blocked = await runCliProcess([
      'simulate',
      file('scenario.jsonl'),
      '--rules',
      RULES,
      '--fail-on-block',
    ]);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toContain('blocked at the end: carol@example.com');
    const clean = await runCliProcess([
      'simulate',
      file('no-blocks.jsonl'),
      '--rules',
      RULES,
      '--fail-on-block',
    ]);
    expect(clean.code).toBe(0);
  });

  it('stops at an invalid JSON line with file:line:column, before replaying anything (exit 2)', async () => {
    const run = await runCliProcess(['simulate', file('bad-json.jsonl'), '--rules', RULES]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${file('bad-json.jsonl')}:3:34: not valid JSON: trailing comma before '}'`);
    const json = await runCliProcess(['simulate', file('bad-json.jsonl'), '--rules', RULES, '--json']);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout)).toEqual({
      error: 'bad-input',
      problems: [
        {
          file: file('bad-json.jsonl'),
          line: 3,
          column: 34,
          message: expect.stringContaining('not valid JSON'),
        },
      ],
    });
  });

  it('stops at a placeholder that names nobody, pointing at the placeholder (exit 2)', async () => {
    const run = await runCliProcess(['simulate', file('bad-placeholder.jsonl'), '--rules', RULES, '--json']);
    expect(run.code).toBe(2);
    const [problem] = JSON.parse(run.stdout).problems;
    expect(problem).toEqual({
      file: file('bad-placeholder.jsonl'),
      line: 2,
      column: 34,
      message: expect.stringContaining('${users.ghost@example.com} does not resolve'),
    });
  });

  it('--skip-bad reports bad lines, counts them and replays the rest (exit 0)', async () => {
    const run = await runCliProcess([
      'simulate',
      file('bad-json.jsonl'),
      '--rules',
      RULES,
      '--skip-bad',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout) as SimulateDocument;
    expect(document.summary).toMatchObject({ created: 1, badLines: 1, requests: 1 });
    expect(document.badLines).toEqual([expect.objectContaining({ line: 3, column: 34 })]);
  });

  it('replays a journal export, giving each POST the id the server recorded', async () => {
    const run = await runCliProcess(['simulate', file('journal.jsonl'), '--rules', RULES, '--json']);
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout) as SimulateDocument;
    expect(document.platform.users).toEqual([
      {
        username: 'frank@example.com',
        status: 'ACTIVE',
        roles: ['AGENT_134_STORE', 'AGENT_136_STORE_ASSISTANT'],
        userType: location('134'),
      },
    ]);
  });

  it('--platform starts from a fixture: an account the connector did not create blocks the user (not-new)', async () => {
    const run = await runCliProcess([
      'simulate',
      file('no-blocks.jsonl'),
      '--rules',
      RULES,
      '--platform',
      file('foreign.json'),
      '--json',
    ]);
    expect(run.code).toBe(0);
    const document = JSON.parse(run.stdout) as SimulateDocument;
    expect(document.decisions).toEqual([expect.objectContaining({ outcome: 'block', reasons: ['not-new'] })]);
    expect(document.platform.users).toEqual([
      // Someone else's account keeps the type it was made with: the connector decides nothing for it.
      {
        username: 'erin@example.com',
        status: 'ACTIVE',
        roles: ['AGENT_134_ADMIN'],
        userType: { type: 'ADMIN' },
      },
    ]);
  });

  it('a bad rules folder, a bad fixture and a missing log are bad input (exit 2), each placed', async () => {
    const badRules = await runCliProcess(['simulate', file('scenario.jsonl'), '--rules', dir]);
    expect(badRules.code).toBe(2);
    expect(badRules.stderr).toContain(join(dir, 'governance.json'));

    const badFixture = await runCliProcess([
      'simulate',
      file('scenario.jsonl'),
      '--platform',
      file('bad-fixture.json'),
    ]);
    expect(badFixture.code).toBe(2);
    expect(badFixture.stderr).toContain(
      `${file('bad-fixture.json')}:3:34: platform fixture: users[0].roles[0]`,
    );
    expect(badFixture.stderr).not.toContain('--skip-bad');

    const missing = await runCliProcess(['simulate', file('nope.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${file('nope.jsonl')}:1:1: cannot read the events file: no such file`);
  });
});

describe('scim-rules simulate (human report)', () => {
  it('prints an aligned row per decision, rejections inline, then the platform and a summary', async () => {
    const run = await runCliInProcess(['simulate', file('scenario.jsonl'), '--rules', RULES]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^LINE {2}USER {15}TRIGGER {13}OUTCOME {5}REASONS$/);
    expect(lines[2]).toMatch(/^2 {5}bob@example.com {4}user\.created {8}block {7}no-roles$/);
    expect(lines[6]).toMatch(/^6 {5}- +- +rejected +POST \/Users: 409 uniqueness: /);
    expect(run.stdout).toContain('platform: 3 user accounts');
    expect(run.stdout).toMatch(/bob@example.com {4}ACTIVE {4}AGENT_135_CUSTOMER_COLLECTION_MANAGER, /);
    expect(run.stdout).toContain(
      '8 requests: 3 created, 0 updated, 2 deactivated, 2 blocked (no-roles 1, unresolved-role 1), 0 unchanged',
    );
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('--explain adds the deciding rules, the unresolved roles and the platform changes under each decision', async () => {
    const run = await runCliInProcess(['simulate', file('scenario.jsonl'), '--rules', RULES, '--explain']);
    expect(run.stdout).toContain('      decided by: block-unresolved-roles\n');
    expect(run.stdout).toContain('      unresolved: AGENT_134_NOPE (direct): unknown-role\n');
    expect(run.stdout).toContain(
      '      platform: create account, status ACTIVE, +AGENT_134_STORE, profile, type LOCATION (primaryLocation 134)\n',
    );
    const json = await runCliInProcess([
      'simulate',
      file('scenario.jsonl'),
      '--rules',
      RULES,
      '--explain',
      '--json',
    ]);
    const document = JSON.parse(json.stdout) as SimulateDocument;
    expect(document.decisions[4]?.explanation).toMatchObject({
      decidedBy: ['block-unresolved-roles'],
      unresolved: [{ name: 'AGENT_134_NOPE', source: 'direct', reason: 'unknown-role' }],
      changes: { createAccount: false, applied: false },
    });
  });

  it('colours outcomes on a terminal', async () => {
    const run = await runCliInProcess(['simulate', file('no-blocks.jsonl'), '--rules', RULES], {
      color: true,
    });
    expect(run.stdout).toContain('\u001b[32mcreate\u001b[39m');
  });
});
