/**
 * A rules reload reaches every replica (issue #13): two server processes on one PostgreSQL database, each with the
 * rules folder as shipped to it (here one folder both read), following the rules version in the database every
 * 200 ms (RULES_POLL_INTERVAL_MS). New rules are put in the folder and one replica is told to reload, by SIGHUP or by
 * the admin API; the other loads them within 10 s, both show the same version in /readyz and /metrics, and the
 * other's own decision for a user follows the new rules.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerClient } from './connector-harness.ts';
import { RULES_DIR } from './connector-harness.ts';
import { type ReplicaSet, startReplicaSet } from './replica-set.ts';
import { CORE_USER, waitFor } from './scim-load.ts';
import type { ServerProcess } from './server-process.ts';

const SCHEMA = `scim_rules_reload_${process.pid}`;
const SUITE_TIMEOUT_MS = 180_000;
/** The bound: a reload on one replica is in force on every replica within 10 s. */
const REACH_MS = 10_000;
const GROUP = 'Reload Staff';

describe('rules reload across two replicas on one PostgreSQL database', () => {
  let rulesDir: string;
  let set: ReplicaSet | undefined;
  let replicas: ServerProcess[] = [];
  let userId: string;

  beforeAll(async () => {
    rulesDir = await mkdtemp(path.join(tmpdir(), 'scim-rules-reload-'));
    await cp(RULES_DIR, rulesDir, { recursive: true });
    set = await startReplicaSet({
      schema: SCHEMA,
      names: ['replica-a', 'replica-b'],
      env: { RULES_DIR: rulesDir, RULES_POLL_INTERVAL_MS: '200', SYNC_INTERVAL_MS: '200' },
    });
    replicas = set.replicas;
    const [a] = clients();
    // A user whose only way to a role is a group the shipped rules do not map: blocked until the rules map it.
    const user = await a.write('POST', '/Users', {
      schemas: [CORE_USER],
      userName: 'reload@replicas.example',
      active: true,
      name: { givenName: 'Re', familyName: 'Load' },
    });
    userId = user.id as string;
    await a.write('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: GROUP,
      members: [{ value: userId }],
    });
  }, SUITE_TIMEOUT_MS);

  afterAll(async () => {
    await set?.stop();
    await rm(rulesDir, { recursive: true, force: true });
  }, SUITE_TIMEOUT_MS);

  function clients(): [ServerClient, ServerClient] {
    return replicas.map((replica) => replica.client) as [ServerClient, ServerClient];
  }

  async function readiness(client: ServerClient): Promise<{ status: number; version: number }> {
    const reply = await fetch(`${client.url}/readyz`);
    const body = (await reply.json()) as { rules?: { version?: number } };
    return { status: reply.status, version: body.rules?.version ?? -1 };
  }

  async function metricVersion(client: ServerClient): Promise<number> {
    const text = await fetch(`${client.url}/metrics`).then((reply) => reply.text());
    return Number(/^scim_rules_version (\d+)$/m.exec(text)?.[1] ?? -1);
  }

  /** What this replica would decide for the user now, with the rules it runs. */
  async function decisionOn(client: ServerClient): Promise<string> {
    const reply = await client.admin('GET', `/users/${userId}`);
    return (reply.json.currentDecision as { outcome: string }).outcome;
  }

  async function mapGroupTo(role: string): Promise<void> {
    await writeFile(
      path.join(rulesDir, 'group-roles.json'),
      JSON.stringify({ groups: [{ displayName: GROUP, roles: [role] }] }),
    );
  }

  async function reachedEverywhere(version: number): Promise<void> {
    await waitFor(
      async () => {
        const states = await Promise.all(clients().map(readiness));
        return states.every((state) => state.status === 200 && state.version === version);
      },
      REACH_MS,
      async () => JSON.stringify(await Promise.all(clients().map(readiness))),
    );
  }

  it('starts both replicas ready at version 0, deciding with the shipped rules', async () => {
    for (const client of clients()) {
      expect(await readiness(client)).toEqual({ status: 200, version: 0 });
      expect(await metricVersion(client)).toBe(0);
      expect(await decisionOn(client)).toBe('block');
    }
  });

  it(
    'brings the other replica to the new rules within 10 s of a SIGHUP to one',
    async () => {
      await mapGroupTo('AGENT_134_STORE');
      replicas[0]?.signal('SIGHUP');
      await reachedEverywhere(1);
      const [, b] = clients();
      expect(await metricVersion(b)).toBe(1);
      expect(await decisionOn(b)).toBe('create');
      expect(replicas[1]?.output()).toMatch(/another process recorded a new rules version/);
    },
    SUITE_TIMEOUT_MS,
  );

  it(
    'brings the first replica to the new rules within 10 s of a reload through the admin API of the other',
    async () => {
      await writeFile(path.join(rulesDir, 'group-roles.json'), JSON.stringify({ groups: [] }));
      const [a, b] = clients();
      const reload = await b.admin('POST', '/rules/reload');
      expect(reload.status).toBe(200);
      await reachedEverywhere(2);
      expect(await metricVersion(a)).toBe(2);
      expect(await decisionOn(a)).toBe('block');
    },
    SUITE_TIMEOUT_MS,
  );
});
