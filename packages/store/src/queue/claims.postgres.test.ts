/**
 * A claim on PostgreSQL reads the first rows of sync_queue_claim_order and stops, instead of sorting the whole
 * queue, and looks each claimed user's triggers up by key instead of scanning sync_triggers, even with no table
 * statistics (the state right after a bulk load, or with autovacuum off).
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createContext } from '../context.ts';
import { explainPlan, usePlanTestSchema } from '../testing/query-plan.ts';
import { claimableUsers, postgresClaimQuery } from './claims.ts';

describe('claiming on PostgreSQL', () => {
  const { db, fresh } = usePlanTestSchema('claims_plan');

  /** A freshly migrated schema holding 20,000 pending users, so each test stands on its own. */
  async function freshQueue(): Promise<void> {
    await fresh();
    await sql`
      insert into sync_queue (user_id, generation, synced_generation, pending, queued_at, last_marked_at, attempts, parked)
      select 'user-' || i, 1, 0, 1, to_char(timestamp '2026-01-01' + i * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
             '2026-01-01T00:00:00Z', 0, 0
      from generate_series(1, 20000) as i`.execute(db);
  }

  it('walks the claim-order index without sorting the queue', async () => {
    await freshQueue();
    const planNodes = await db.transaction().execute(async (trx) => {
      const claimable = await claimableUsers(trx, createContext('postgres'), '2026-06-01T00:00:00.000Z', 50);
      const explained = await explainPlan(trx, claimable);
      // The planner's guesses vary with the table's history; the guard holds whatever they are.
      const sorting = await sql<{ enable_sort: string }>`show enable_sort`.execute(trx);
      expect(sorting.rows[0]?.enable_sort).toBe('off');
      return explained;
    });
    const after = await sql<{ enable_sort: string }>`show enable_sort`.execute(db);
    expect(after.rows[0]?.enable_sort).toBe('on');
    expect(planNodes.map((node) => node['Node Type'])).not.toContain('Sort');
    expect(planNodes.some((node) => node['Index Name'] === 'sync_queue_claim_order')).toBe(true);
  });

  it("reads the claimed users' triggers by key, never by scanning the trigger table", async () => {
    // The queue's users, each with two triggers, and no statistics on either table.
    await freshQueue();
    await sql`
      insert into sync_triggers (user_id, trigger, generation)
      select 'user-' || i, t, 1 from generate_series(1, 20000) as i, unnest(array['user.created', 'user.updated']) as t
      on conflict do nothing`.execute(db);
    const planNodes = await db.transaction().execute(async (trx) => {
      await sql`set local enable_sort = off`.execute(trx);
      const claim = postgresClaimQuery(trx, '2026-06-01T00:00:00.000Z', 50, 'w1', '2026-06-01T00:01:00.000Z');
      return explainPlan(trx, claim);
    });
    const triggerReads = planNodes.filter((node) => node['Relation Name'] === 'sync_triggers');
    expect(triggerReads.length).toBeGreaterThan(0);
    expect(triggerReads.map((node) => node['Node Type'])).not.toContain('Seq Scan');
  });
  // The claim as it runs (the UPDATE), on the queue of a bulk load: with a few offboardings, without statistics
  // and after ANALYZE, and with half the queue offboardings, most of them waiting out a retry or leased (a mass
  // offboarding during an outage). sync_queue is read through the offboarding index and by key, never walked.
  it.each([
    ['a few, without statistics', 4000, false],
    ['a few, after analyze', 4000, true],
    ['half the queue, mostly deferred or leased, after analyze', 2, true],
  ])('claims offboardings through their partial index: %s', async (_case, every, analyze) => {
    await freshQueue();
    await sql`update sync_queue set offboarding_generation = 1, offboarding_since = queued_at
      where cast(substr(user_id, 6) as integer) % ${every} = 0`.execute(db);
    // All but the newest four offboardings are waiting out a retry (every other one) or leased.
    await sql`update sync_queue set
        not_before = case when cast(substr(user_id, 6) as integer) % ${2 * every} = 0 then '2027-01-01T00:00:00Z' end,
        lease_owner = 'w0', lease_until = '2027-01-01T00:00:00Z'
      where offboarding_since is not null and cast(substr(user_id, 6) as integer) <= 20000 - 4 * ${every}`.execute(
      db,
    );
    if (analyze) await sql`analyze sync_queue`.execute(db);
    const { plan, claimed } = await db.transaction().execute(async (trx) => {
      await sql`set local enable_sort = off`.execute(trx);
      const claim = postgresClaimQuery(
        trx,
        '2026-06-01T00:00:00.000Z',
        50,
        'w1',
        '2026-06-01T00:01:00.000Z',
        'offboarding',
      );
      const plan = await explainPlan(trx, claim);
      const rows = await claim.execute();
      return { plan, claimed: rows.map((row) => row.user_id) };
    });
    const newest = [0, 1, 2, 3].map((k) => `user-${20000 - k * every}`);
    expect(claimed.sort()).toEqual(newest.sort());
    // The Update node names the table too; the reads are the scans under it.
    const queueReads = plan.filter(
      (node) => node['Relation Name'] === 'sync_queue' && node['Node Type'].endsWith('Scan'),
    );
    expect(queueReads.map((node) => node['Node Type'])).not.toContain('Seq Scan');
    expect(queueReads.map((node) => node['Node Type'])).not.toContain('Bitmap Heap Scan');
    expect(new Set(queueReads.map((node) => node['Index Name']))).toEqual(
      new Set(['sync_queue_offboarding', 'sync_queue_pkey']),
    );
  });
});
