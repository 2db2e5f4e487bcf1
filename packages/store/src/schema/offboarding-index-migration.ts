/**
 * Migration 0014: offboarding first (docs/architecture.md, "Offboarding first"). A partial index of the pending
 * deactivations and deletions, so a claim finds them without walking the queue. Only those two triggers are in it:
 * the creates and membership changes of a bulk load, nearly every trigger row written, cost it nothing.
 *
 * The predicate is written out, not taken from the claim's list, so this migration means the same thing forever;
 * the claim states the same literals, which both SQLite and PostgreSQL need to see that the index applies (a
 * bound parameter would not prove it), and the plan tests fail if the two drift apart.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const offboardingIndexMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create index sync_triggers_offboarding on sync_triggers (user_id)
      where trigger in ('user.deactivated', 'user.deleted')`.execute(db);
  },
};
