/**
 * Migration 0014: offboarding first (docs/architecture.md, "Offboarding first"). `sync_queue.offboarding` is 1
 * while a deactivation or deletion of the user waits to be pushed, and a partial index holds exactly the queue
 * rows a claim may take first: pending, not parked, offboarding, in the order they were queued. The creates and
 * membership changes of a bulk load never enter it.
 *
 * The predicate is written out with literals, and the claim states the same literals: SQLite uses a partial index
 * only when it can see that the query implies its condition, which a bound parameter would hide. Rows queued
 * before this migration are flagged from their waiting triggers.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const offboardingIndexMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table sync_queue add column offboarding integer not null default 0`.execute(db);
    await sql`update sync_queue set offboarding = 1 where pending = 1 and user_id in (
      select user_id from sync_triggers where trigger in ('user.deactivated', 'user.deleted'))`.execute(db);
    await sql`create index sync_queue_offboarding on sync_queue (queued_at, user_id)
      where pending = 1 and parked = 0 and offboarding = 1`.execute(db);
  },
};
