/**
 * Migration 0011: the number of directory users and of active ones, kept by triggers in the commit that changes
 * them, so the console's overview reads a few rows instead of counting the users table (docs/benchmarks.md,
 * console pages: two counts of 100,000 rows were most of the overview's time).
 *
 * The per-row cost is kept off the hot write path where it can be (docs/benchmarks.md, "user counts"):
 * - an insert or a delete of a user changes the total, so it adds one single-row update;
 * - an update of a user does nothing unless `active` actually changes (the trigger's WHEN clause), so the many
 *   PUT/PATCH writes that leave `active` alone cost nothing;
 * - on PostgreSQL the counts are split over COUNT_SHARDS rows picked by the server process, so concurrent SCIM
 *   writes on different connections do not queue on one row lock until their commits; the read sums them. SQLite
 *   has one writer at a time, so one row is enough.
 *
 * Existing users are counted when the migration runs, with the users table held against writes from the count until
 * the triggers exist, so no user is counted twice or missed: on PostgreSQL by `lock table users in share row exclusive
 * mode` (the mode CREATE TRIGGER itself takes, which conflicts with the row-exclusive lock of every insert, update
 * and delete; PostgreSQL documentation, "Explicit Locking", table-level lock modes), inside the one transaction
 * Kysely's Migrator runs the pending migrations in; on SQLite by a transaction of its own (`begin immediate`, the
 * store's driver: one writer at a time), since the Migrator runs SQLite migrations outside any transaction.
 *
 * It can run again over its own leftovers (on SQLite a crash between its commit and the Migrator's record of it
 * leaves the objects without the record): the table is created if missing, the triggers are dropped and created
 * again and the counts are computed afresh.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { DialectName } from '../connection/dialect-name.ts';

export const COUNT_SHARDS = 16;

export function userCountsMigration(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect === 'postgres') {
        // Before anything reads users: a write waits for this transaction's commit, and then fires the triggers.
        await sql`lock table users in share row exclusive mode`.execute(db);
        await countUsers(db, 'postgres');
        await postgresTriggers(db);
      } else {
        await db.transaction().execute(async (tx) => {
          await countUsers(tx, 'sqlite');
          await sqliteTriggers(tx);
        });
      }
    },
  };
}

/** The counts table, emptied and filled from a count of users (one row on SQLite, COUNT_SHARDS on PostgreSQL). */
async function countUsers(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await sql`create table if not exists user_counts (shard integer primary key, total integer not null,
    active integer not null)`.execute(db);
  await sql`delete from user_counts`.execute(db);
  await sql`insert into user_counts (shard, total, active)
    select 0, count(*), coalesce(sum(case when active = 1 then 1 else 0 end), 0) from users`.execute(db);
  if (dialect === 'postgres')
    for (let shard = 1; shard < COUNT_SHARDS; shard++)
      await sql`insert into user_counts (shard, total, active) values (${shard}, 0, 0)`.execute(db);
}

async function sqliteTriggers(db: Kysely<unknown>): Promise<void> {
  for (const trigger of ['users_count_insert', 'users_count_delete', 'users_count_active'])
    await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db);
  await sql`create trigger users_count_insert after insert on users begin
    update user_counts set total = total + 1, active = active + (new.active = 1) where shard = 0;
  end`.execute(db);
  await sql`create trigger users_count_delete after delete on users begin
    update user_counts set total = total - 1, active = active - (old.active = 1) where shard = 0;
  end`.execute(db);
  await sql`create trigger users_count_active after update of active on users
    when (old.active = 1) <> (new.active = 1) begin
    update user_counts set active = active + (new.active = 1) - (old.active = 1) where shard = 0;
  end`.execute(db);
}

async function postgresTriggers(db: Kysely<unknown>): Promise<void> {
  const shard = sql.raw(`pg_backend_pid() % ${COUNT_SHARDS}`);
  for (const trigger of ['users_count_insert_delete', 'users_count_active'])
    await sql`drop trigger if exists ${sql.id(trigger)} on users`.execute(db);
  await sql`create or replace function users_count() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        update user_counts set total = total + 1, active = active + (new.active = 1)::int where shard = ${shard};
      elsif tg_op = 'DELETE' then
        update user_counts set total = total - 1, active = active - (old.active = 1)::int where shard = ${shard};
      else
        update user_counts set active = active + (new.active = 1)::int - (old.active = 1)::int
          where shard = ${shard};
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger users_count_insert_delete after insert or delete on users
    for each row execute function users_count()`.execute(db);
  await sql`create trigger users_count_active after update of active on users
    for each row when ((old.active = 1) is distinct from (new.active = 1)) execute function users_count()`.execute(
    db,
  );
}
