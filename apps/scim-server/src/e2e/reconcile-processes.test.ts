/**
 * Reconciliation across server processes on one PostgreSQL database: two replicas asked at once run it once, and
 * a replica SIGKILLed mid-run (no draining, no cleanup) leaves a run that another process resumes from its last
 * saved page once the lease runs out, reading every account exactly once in the run's count.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerClient } from './connector-harness.ts';
import { type ReplicaSet, startReplicaSet } from './replica-set.ts';

const TIMEOUT_MS = 180_000;
/** Accounts made on the platform by hand: all unmanaged, so each run must report exactly this many. */
const ACCOUNTS = 240;

async function runState(client: ServerClient, runId: string): Promise<Record<string, unknown>> {
  const reply = await client.admin('GET', `/reconcile/${runId}`);
  if (reply.status !== 200)
    throw new Error(`GET /reconcile/${runId} answered ${reply.status}: ${reply.text}`);
  return reply.json;
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: gave up waiting; last ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('reconciliation across server processes on PostgreSQL', () => {
  let set: ReplicaSet | undefined;
  afterEach(async () => {
    await set?.stop();
    set = undefined;
  }, TIMEOUT_MS);

  async function replicas(schema: string, names: string[], env: Record<string, string>): Promise<ReplicaSet> {
    set = await startReplicaSet({
      schema: `${schema}_${process.pid}`,
      names,
      env: { RECONCILE_INTERVAL: '0', RECONCILE_PAGE_SIZE: '20', ...env },
    });
    for (let i = 0; i < ACCOUNTS; i++) {
      set.simulator.model.createUser({
        ref: `hand-${i}`,
        username: `hand-${String(i).padStart(3, '0')}@example.com`,
        password: 'Hand-made-1!',
        primaryEmail: `hand-${i}@example.com`,
        type: 'ADMIN',
        timezone: 'UTC',
      });
    }
    return set;
  }

  it(
    'runs once when two replicas are asked at the same moment',
    async () => {
      const { replicas: servers } = await replicas('reconcile_once', ['replica-a', 'replica-b'], {
        RECONCILE_RATE: '20',
      });
      const answers = await Promise.all(servers.map((server) => server.client.admin('POST', '/reconcile')));
      expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409]);
      const started = answers.find((answer) => answer.status === 202);
      const runId = started?.json.runId as string;
      const a = servers[0]?.client as ServerClient;
      const finished = await until(
        'the run to finish',
        () => runState(a, runId),
        (run) => run.state !== 'running',
      );
      expect(finished).toMatchObject({ state: 'finished', progress: { accountsRead: ACCOUNTS } });
      expect(finished.counts).toMatchObject({ unmanaged: ACCOUNTS });
      for (const server of servers) {
        const listed = await server.client.admin('GET', '/reconcile');
        expect((listed.json.items as unknown[]).length).toBe(1);
      }
    },
    TIMEOUT_MS,
  );

  it(
    'resumes a run whose server was SIGKILLed mid-run, from its last saved page, on another process',
    async () => {
      // Two pages a second: the run lasts about six seconds, long enough to kill it halfway.
      const current = await replicas('reconcile_kill', ['doomed'], {
        RECONCILE_RATE: '2',
        RECONCILE_LEASE_MS: '1500',
      });
      const doomed = current.replicas[0];
      if (!doomed) throw new Error('no replica');
      const started = await doomed.client.admin('POST', '/reconcile');
      expect(started.status).toBe(202);
      const runId = started.json.runId as string;
      const midway = await until(
        'the run to be under way',
        () => runState(doomed.client, runId),
        (run) => (run.progress as { accountsRead: number }).accountsRead >= 60,
      );
      await doomed.kill();
      const readBeforeKill = (midway.progress as { accountsRead: number }).accountsRead;
      expect(readBeforeKill).toBeLessThan(ACCOUNTS);

      const survivor = await current.add('survivor');
      // Once the dead process's lease runs out the run is resumed, never started again: by the survivor's schedule
      // (which finds the unfinished run at start) or by an admin's POST, whichever comes first. The POST answers
      // 409 while the dead lease holds or the resumed run goes on; a 202 must be the same run, resumed.
      const finished = await until(
        'the resumed run to finish',
        async () => {
          const run = await runState(survivor.client, runId);
          if (run.state !== 'running') return run;
          const asked = await survivor.client.admin('POST', '/reconcile');
          if (asked.status === 202) expect(asked.json).toEqual({ runId, resumed: true });
          else expect(asked.status).toBe(409);
          return run;
        },
        (run) => run.state !== 'running',
      );
      // Every account counted once: the pages saved before the kill are not read again.
      expect(finished).toMatchObject({ state: 'finished', progress: { accountsRead: ACCOUNTS } });
      expect(finished.counts).toMatchObject({ unmanaged: ACCOUNTS });
      const drift = await survivor.client.admin('GET', '/drift?kind=unmanaged&limit=500');
      expect((drift.json.items as unknown[]).length).toBe(ACCOUNTS);
      expect((await survivor.client.admin('GET', '/reconcile')).json.items).toHaveLength(1);
    },
    TIMEOUT_MS,
  );
});
