/**
 * The worker's side of the queue: leasing dirty users, completing their pushes, deferring failed ones.
 * On PostgreSQL a claim locks its rows with FOR UPDATE SKIP LOCKED, so several replicas claim disjoint users
 * without waiting on each other; on SQLite claims are serial (BEGIN IMMEDIATE).
 */

import type { Trigger } from '@scim-connector/governance';
import { type Compilable, type Kysely, sql } from 'kysely';
import { chunks } from '../chunks.ts';
import {
  type Placeholders,
  perStore,
  type ReusableQuery,
  reusableQuery,
} from '../connection/reusable-query.ts';
import { type StoreContext, toIsoTimestamp } from '../context.ts';
import { retryOnDeadlock } from '../errors.ts';
import type { Database, SyncQueueRow } from '../schema/database.ts';
import type { ClaimedUser, ClaimOptions, DeferOptions } from '../types.ts';
import { completion, triggerCleanup } from './completion.ts';
import { triggersOf } from './triggers.ts';

/** `leaseUntil`: the lease the claim just wrote on the row. */
function toClaimed(row: SyncQueueRow, triggers: Trigger[], leaseUntil: string): ClaimedUser {
  const claimed: ClaimedUser = {
    userId: row.user_id,
    generation: row.generation,
    triggers,
    attempts: row.attempts,
    queuedAt: row.queued_at,
    leaseUntil,
  };
  if (row.last_error !== null) claimed.lastError = row.last_error;
  return claimed;
}

/** Pending, not parked, not waiting out a retry, and not leased to a worker. */
function claimableRows(db: Kysely<Database>, now: string) {
  return db
    .selectFrom('sync_queue')
    .select('user_id')
    .where('pending', '=', 1)
    .where('parked', '=', 0)
    .where((eb) => eb.or([eb('not_before', 'is', null), eb('not_before', '<=', now)]))
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]));
}

/**
 * The longest-waiting claimable users, oldest first. On PostgreSQL it locks them (SKIP LOCKED, so replicas claim
 * disjoint users).
 */
function claimableQuery(db: Kysely<Database>, dialect: StoreContext['dialect'], now: string, limit: number) {
  return claimableRows(db, now)
    .orderBy('queued_at')
    .orderBy('user_id')
    .limit(limit)
    .$if(dialect === 'postgres', (query) => query.forUpdate().skipLocked());
}

/**
 * Claimable users with a deactivation or deletion waiting (docs/architecture.md, "Offboarding first"), the
 * offboarding that has waited longest first, read in order from migration 0014's partial index. Its predicate is
 * stated with literals, as the index states it: a bound parameter would keep SQLite from seeing that the index
 * applies. SQLite is also told to use it (`indexed by`, which fails the statement rather than fall back): without
 * statistics it would rather walk every pending user through sync_queue_claim_order and test each one. Exported
 * for the query-plan test.
 */
export function sqliteOffboardingQuery(
  db: Kysely<Database>,
  now: string,
  limit: number,
): Compilable<{ user_id: string }> {
  const query = sql<{ user_id: string }>`select user_id from sync_queue indexed by sync_queue_offboarding
    where pending = 1 and parked = 0 and offboarding_since is not null
      and (not_before is null or not_before <= ${now}) and (lease_until is null or lease_until <= ${now})
    order by offboarding_since, user_id limit ${limit}`;
  return { compile: () => query.compile(db) };
}

/** The same on PostgreSQL, locking what it picks (SKIP LOCKED), read in order with sorting off (avoidQueueSort). */
function postgresOffboardingQuery(db: Kysely<Database>, now: string, limit: number) {
  return claimableRows(db, now)
    .where(sql<boolean>`pending = 1 and parked = 0 and offboarding_since is not null`)
    .orderBy('offboarding_since')
    .orderBy('user_id')
    .limit(limit)
    .forUpdate()
    .skipLocked();
}

/**
 * PostgreSQL only: makes the claim walk `sync_queue_claim_order` and stop after `limit` rows. Without statistics
 * (autovacuum off, or not run yet after a bulk load) the planner guesses a handful of pending rows and would
 * rather collect and sort all of them, a sort of the whole queue on every claim. `set local` lasts for the
 * claim's transaction only.
 */
async function avoidQueueSort(trx: Kysely<Database>): Promise<void> {
  await sql`set local enable_sort = off`.execute(trx);
}

/** The claimable-users query as a claim runs it, inside the claim's transaction (for the query-plan test). */
export async function claimableUsers(trx: Kysely<Database>, ctx: StoreContext, now: string, limit: number) {
  if (ctx.dialect === 'postgres') await avoidQueueSort(trx);
  return claimableQuery(trx, ctx.dialect, now, limit);
}

function leaseChanges(workerId: string, leaseUntil: string) {
  return { lease_owner: workerId, lease_until: leaseUntil };
}

/**
 * The PostgreSQL claim in one statement: lease the rows the locking subquery picks, each returned with its
 * triggers. The triggers are looked up per row (`user_id = ...`, the primary key's first column): a separate
 * `user_id in (50 ids)` query is planned as a sequential scan of sync_triggers when the table has no statistics
 * (autovacuum off, or a table that grew since the last analyze), which made each claim cost milliseconds.
 * Exported for the query-plan test.
 */
export function postgresClaimQuery(
  db: Kysely<Database>,
  now: string,
  limit: number,
  workerId: string,
  leaseUntil: string,
  pick: 'oldest' | 'offboarding' = 'oldest',
) {
  const picked =
    pick === 'oldest' ? claimableQuery(db, 'postgres', now, limit) : postgresOffboardingQuery(db, now, limit);
  return db
    .updateTable('sync_queue')
    .set(leaseChanges(workerId, leaseUntil))
    .where('user_id', 'in', picked)
    .returningAll()
    .returning(
      sql<
        Trigger[]
      >`(select coalesce(array_agg(t.trigger order by t.generation, t.trigger), '{}') from sync_triggers as t where t.user_id = sync_queue.user_id)`.as(
        'triggers',
      ),
    );
}

interface ClaimValues {
  now: string;
  limit: number;
}

interface LeaseValues {
  workerId: string;
  leaseUntil: string;
}

/** The claim's statements, compiled once per store: a worker claims after nearly every write. */
const claimStatements = perStore(() => ({
  /** PostgreSQL (`postgresClaimQuery`). */
  postgresClaim: reusableQuery((db, $: Placeholders<ClaimValues & LeaseValues>) =>
    postgresClaimQuery(db, $.now, $.limit, $.workerId, $.leaseUntil),
  ),
  postgresClaimOffboarding: reusableQuery((db, $: Placeholders<ClaimValues & LeaseValues>) =>
    postgresClaimQuery(db, $.now, $.limit, $.workerId, $.leaseUntil, 'offboarding'),
  ),
  /** SQLite (claims are serial there): the ids first, so an empty queue costs one indexed read. */
  sqliteClaimable: reusableQuery((db, $: Placeholders<ClaimValues>) =>
    claimableQuery(db, 'sqlite', $.now, $.limit),
  ),
  sqliteOffboarding: reusableQuery((db, $: Placeholders<ClaimValues>) =>
    sqliteOffboardingQuery(db, $.now, $.limit),
  ),
  leaseOne: reusableQuery((db, $: Placeholders<LeaseValues & { userId: string }>) =>
    db
      .updateTable('sync_queue')
      .set(leaseChanges($.workerId, $.leaseUntil))
      .where('user_id', '=', $.userId)
      .returningAll(),
  ),
}));

export async function claimDirty(
  db: Kysely<Database>,
  ctx: StoreContext,
  options: ClaimOptions,
): Promise<ClaimedUser[]> {
  if (options.limit <= 0) return [];
  const now = ctx.now();
  const leaseUntil = new Date(ctx.nowMs() + Math.max(options.leaseMs, 0)).toISOString();
  const statements = claimStatements(ctx);
  // Offboardings first (docs/architecture.md, "Offboarding first"), then the longest-waiting users, handed over in
  // that order: a worker pushes a batch's users in order as its slots free up.
  return db.transaction().execute(async (trx) => {
    if (ctx.dialect === 'postgres') {
      await avoidQueueSort(trx);
      const values = { now, limit: options.limit, workerId: options.workerId, leaseUntil };
      const offboarding = inClaimOrder(
        (await statements.postgresClaimOffboarding.run(trx, values)).rows,
        'offboarding_since',
      );
      const oldest =
        offboarding.length < options.limit
          ? inClaimOrder(
              (
                await statements.postgresClaim.run(trx, {
                  ...values,
                  limit: options.limit - offboarding.length,
                })
              ).rows,
              'queued_at',
            )
          : [];
      // The first statement's leases keep its users from the second, unless a zero lease ended them at once.
      return uniqueUsers([...offboarding, ...oldest]).map((row) => toClaimed(row, row.triggers, leaseUntil));
    }
    const values = { now, limit: options.limit };
    const offboarding = await statements.sqliteOffboarding.run(trx, values);
    // Run with the whole limit, the oldest-first read may return offboardings just picked: they are dropped here.
    const oldest =
      offboarding.rows.length < options.limit ? await statements.sqliteClaimable.run(trx, values) : undefined;
    const ids = [...new Set([...offboarding.rows, ...(oldest?.rows ?? [])].map((row) => row.user_id))].slice(
      0,
      options.limit,
    );
    const order = new Map(ids.map((id, index) => [id, index]));
    const rows = (await leaseRows(trx, statements.leaseOne, ids, options.workerId, leaseUntil)).sort(
      (a, b) => (order.get(a.user_id) ?? 0) - (order.get(b.user_id) ?? 0),
    );
    const triggers = await triggersOf(
      trx,
      ctx,
      rows.map((row) => row.user_id),
    );
    return rows.map((row) => toClaimed(row, triggers.get(row.user_id) ?? [], leaseUntil));
  });
}

/**
 * Rows in the order their claim query read them, which UPDATE ... RETURNING does not keep: by the time they began
 * waiting (`queued_at` for the oldest-first read, `offboarding_since` for offboardings), ties by id.
 */
function inClaimOrder<Row extends SyncQueueRow>(
  rows: Row[],
  since: 'queued_at' | 'offboarding_since',
): Row[] {
  return rows.sort(
    (a, b) => (a[since] ?? '').localeCompare(b[since] ?? '') || (a.user_id < b.user_id ? -1 : 1),
  );
}

function uniqueUsers<Row extends { user_id: string }>(rows: Row[]): Row[] {
  const seen = new Set<string>();
  return rows.filter((row) => !seen.has(row.user_id) && seen.add(row.user_id));
}

async function leaseRows(
  trx: Kysely<Database>,
  leaseOne: ReusableQuery<LeaseValues & { userId: string }, SyncQueueRow>,
  userIds: readonly string[],
  workerId: string,
  leaseUntil: string,
): Promise<SyncQueueRow[]> {
  const [only] = userIds;
  if (userIds.length === 1 && only !== undefined) {
    return (await leaseOne.run(trx, { userId: only, workerId, leaseUntil })).rows;
  }
  const rows: SyncQueueRow[] = [];
  for (const chunk of chunks(userIds)) {
    rows.push(
      ...(await trx
        .updateTable('sync_queue')
        .set(leaseChanges(workerId, leaseUntil))
        .where('user_id', 'in', chunk)
        .returningAll()
        .execute()),
    );
  }
  return rows;
}

/**
 * Extends the leases `workerId` still holds on `userIds` to `leaseMs` from now, for pushes that outlast a lease
 * (a platform retrying through an outage). Returns the users whose lease it still held: any other was completed,
 * or its lease ran out and another worker took it.
 */
export async function renewLeases(
  db: Kysely<Database>,
  ctx: StoreContext,
  userIds: readonly string[],
  options: { workerId: string; leaseMs: number },
): Promise<string[]> {
  if (userIds.length === 0) return [];
  const leaseUntil = new Date(ctx.nowMs() + Math.max(options.leaseMs, 0)).toISOString();
  // In id order, like marks and completions, so concurrent writers lock queue rows in one order.
  const ordered = [...new Set(userIds)].sort();
  return retryOnDeadlock(() =>
    db.transaction().execute(async (trx) => {
      const held: string[] = [];
      for (const chunk of chunks(ordered)) {
        const rows = await trx
          .updateTable('sync_queue')
          .set({ lease_until: leaseUntil })
          .where('user_id', 'in', chunk)
          .where('lease_owner', '=', options.workerId)
          .returning('user_id')
          .execute();
        held.push(...rows.map((row) => row.user_id));
      }
      return held.sort();
    }),
  );
}

export interface Completion {
  userId: string;
  generation: number;
}

async function completeOne(trx: Kysely<Database>, { userId, generation }: Completion): Promise<boolean> {
  const values = { user_id: userId, generation };
  const row = await completion(trx, values).executeTakeFirst();
  if (row) await triggerCleanup(trx, values).execute();
  const current =
    row ??
    (await trx.selectFrom('sync_queue').select('pending').where('user_id', '=', userId).executeTakeFirst());
  return current === undefined || current.pending === 0;
}

export async function completeDirty(
  db: Kysely<Database>,
  completion: Completion,
): Promise<{ cleared: boolean }> {
  const cleared = await db.transaction().execute((trx) => completeOne(trx, completion));
  return { cleared };
}

/** Several completions in one commit: on PostgreSQL each commit waits for a disk flush, so batching pays. */
export async function completeDirtyMany(
  db: Kysely<Database>,
  completions: readonly Completion[],
): Promise<{ userId: string; cleared: boolean }[]> {
  if (completions.length === 0) return [];
  // In id order, like dirty marks, so the two never lock the same queue rows in opposite orders.
  const ordered = [...completions].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  return retryOnDeadlock(() =>
    db.transaction().execute(async (trx) => {
      const results: { userId: string; cleared: boolean }[] = [];
      for (const completion of ordered) {
        results.push({ userId: completion.userId, cleared: await completeOne(trx, completion) });
      }
      return results;
    }),
  );
}

export async function deferDirty(db: Kysely<Database>, userId: string, options: DeferOptions): Promise<void> {
  await db
    .updateTable('sync_queue')
    .set({
      not_before: toIsoTimestamp(options.until, 'deferDirty until'),
      last_error: options.error,
      attempts: options.attempts,
      lease_owner: null,
      lease_until: null,
    })
    .where('user_id', '=', userId)
    .where('pending', '=', 1)
    .execute();
}
