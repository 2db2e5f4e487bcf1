/**
 * `reconcile --report` against a real SQLite database and a Fluent simulator over HTTP (PLATFORM fluent, options
 * from FLUENT_* as the server reads them): the findings are written, the run is recorded, nothing changes.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SimulatorServer, startSimulatorServer } from '@scim-connector/fluent-simulator';
import { normalizeResource } from '@scim-connector/scim';
import { openStore } from '@scim-connector/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCliInProcess } from '../testing/run-cli.ts';
import type { ReconcileReport } from './reconcile.ts';

const RULES = join(REPO_ROOT, 'rules');
const ASSISTANT = {
  role: { name: 'STORE_ASSISTANT' },
  contexts: [{ contextType: 'AGENT', contextId: '134' }],
};
const ADMIN = { role: { name: 'ADMIN' }, contexts: [{ contextType: 'RETAILER', contextId: '199' }] };

let dir: string;
let database: string;
let simulator: SimulatorServer;
const saved = { ...process.env };

const account = (username: string, roles: (typeof ASSISTANT)[]) => ({
  ref: username,
  username,
  password: 'Hand-made-1!',
  firstName: 'Given',
  lastName: 'Family',
  primaryEmail: username,
  type: 'ADMIN',
  timezone: 'UTC',
  roles,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-rules-reconcile-'));
  database = `sqlite:${join(dir, 'connector.db')}`;
  simulator = await startSimulatorServer({ port: 0 });
  // A linked user who was given an admin role and the ADMIN type by hand (the rules make a LOCATION of 134), and an
  // account nobody in the IdP has.
  const linked = simulator.model.createUser(account('ann@example.com', [ASSISTANT, ADMIN]));
  simulator.model.createUser(account('leftover@example.com', [ASSISTANT]));
  const store = await openStore(database);
  const { resource } = normalizeResource('User', {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: 'ann@example.com',
    active: true,
    name: { givenName: 'Given', familyName: 'Family' },
    emails: [{ value: 'ann@example.com', type: 'work', primary: true }],
    roles: [{ value: 'AGENT_134_STORE_ASSISTANT' }],
  });
  await store.transaction((tx) =>
    tx.insertUser({ id: 'u-ann', userName: 'ann@example.com', active: true, resource }),
  );
  await store.saveLink({
    userId: 'u-ann',
    lastSyncedAt: new Date().toISOString(),
    state: {
      link: {
        kind: 'linked',
        platformUserId: linked.id,
        username: 'ann@example.com',
        status: 'ACTIVE',
        createdByConnector: true,
        roles: ['AGENT_134_STORE_ASSISTANT'],
      },
      lastDecision: null,
    },
  });
  await store.close();
  Object.assign(process.env, {
    FLUENT_URL: simulator.url,
    FLUENT_ACCOUNT: 'SIMULATOR',
    FLUENT_CLIENT_ID: simulator.credentials.clientId,
    FLUENT_CLIENT_SECRET: simulator.credentials.clientSecret,
    FLUENT_USERNAME: simulator.credentials.username,
    FLUENT_PASSWORD: simulator.credentials.password,
  });
});
afterAll(async () => {
  process.env = saved;
  await simulator?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('scim-rules reconcile', () => {
  it('writes the run and every finding to the report, records the run, and changes nothing', async () => {
    const report = join(dir, 'drift.json');
    const run = await runCliInProcess([
      'reconcile',
      '--report',
      report,
      '--database',
      database,
      '--rules',
      RULES,
      '--rate',
      '0',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /finished: 2 accounts read; unmanaged 1, extra-role 1, .*user-type 1.*report written to/,
    );
    const written = JSON.parse(await readFile(report, 'utf8')) as ReconcileReport;
    expect(written.run).toMatchObject({
      mode: 'report',
      requestedBy: 'cli',
      state: 'finished',
      accountsRead: 2,
    });
    expect(written.findings.map((f) => [f.platformUsername, f.kinds])).toEqual([
      ['ann@example.com', ['extra-role', 'user-type']],
      ['leftover@example.com', ['unmanaged']],
    ]);
    expect(written.findings[0]?.differences).toMatchObject({ extraRoles: ['RETAILER_199_ADMIN'] });
    expect(written.findings[0]?.userType).toEqual({ expected: 'LOCATION:134', actual: 'ADMIN' });
    expect(simulator.model.getUserByUsername('ann@example.com')?.roles).toHaveLength(2);
    const store = await openStore(database);
    try {
      expect(await store.listReconcileRuns({ limit: 5 })).toEqual([
        expect.objectContaining({ requestedBy: 'cli' }),
      ]);
    } finally {
      await store.close();
    }
  });

  it('leaves excluded usernames out', async () => {
    const report = join(dir, 'excluded.json');
    const run = await runCliInProcess([
      'reconcile',
      '--report',
      report,
      '--database',
      database,
      '--rules',
      RULES,
      '--rate',
      '0',
      '--exclude',
      'leftover@*',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).run.counts).toMatchObject({ unmanaged: 0, 'extra-role': 1 });
  });

  it('answers bad input with exit 2: no database, a bad rate, a broken rules folder placed at file:line:column', async () => {
    const report = join(dir, 'never.json');
    const noDatabase = await runCliInProcess(['reconcile', '--report', report, '--rules', RULES]);
    if (process.env.DATABASE_URL === undefined) {
      expect(noDatabase.code).toBe(2);
      expect(noDatabase.stderr).toMatch(/--database or DATABASE_URL/);
    }
    const badRate = await runCliInProcess([
      'reconcile',
      '--report',
      report,
      '--database',
      database,
      '--rate',
      'fast',
    ]);
    expect(badRate.code).toBe(2);
    expect(badRate.stderr).toMatch(/--rate must be a number/);
    const broken = join(dir, 'rules');
    await rm(broken, { recursive: true, force: true });
    await cp(RULES, broken, { recursive: true });
    await writeFile(join(broken, 'governance.json'), '{\n  "rules": [\n    { "name": 1 }\n  ]\n}\n');
    const badRules = await runCliInProcess([
      'reconcile',
      '--report',
      report,
      '--database',
      database,
      '--rules',
      broken,
    ]);
    expect(badRules.code).toBe(2);
    expect(badRules.stderr).toMatch(/governance\.json:\d+:\d+/);
  });
});
