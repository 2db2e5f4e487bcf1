/**
 * Migration 0014: offboarding first (docs/architecture.md, "Offboarding first"). While a deactivation or deletion
 * of a user waits to be pushed, their queue row holds the generation of the newest such mark
 * (`offboarding_generation`) and the time that offboarding began waiting (`offboarding_since`). A partial index in
 * that order holds the rows a claim takes first; the creates and membership changes of a bulk load never enter it.
 *
 * The predicate is written out with literals, and the claim states the same literals: SQLite uses a partial index
 * only when it can see that the query implies its condition, which a bound parameter would hide. Its order, by
 * `offboarding_since`, is one no other index gives, so PostgreSQL has no cheaper way to read the offboardings in
 * order than this index. Rows queued before this migration are flagged from their waiting triggers.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const offboardingIndexMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`alter table sync_queue add column offboarding_generation integer`.execute(db);
    await sql`alter table sync_queue add column offboarding_since text`.execute(db);
    await sql`update sync_queue set
        offboarding_generation = (select max(t.generation) from sync_triggers t where t.user_id = sync_queue.user_id
          and t.trigger in ('user.deactivated', 'user.deleted')),
        offboarding_since = last_marked_at
      where pending = 1 and exists (select 1 from sync_triggers t where t.user_id = sync_queue.user_id
        and t.trigger in ('user.deactivated', 'user.deleted'))`.execute(db);
    await sql`create index sync_queue_offboarding on sync_queue (offboarding_since, user_id)
      where pending = 1 and parked = 0 and offboarding_since is not null`.execute(db);
  },
};
