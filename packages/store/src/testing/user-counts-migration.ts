/**
 * The test of the user counts (migration 0011) on either database: a database migrated to 0010 with users written
 * before the counts existed is opened so 0011 counts them; then every write that changes a user (create,
 * deactivate, reactivate, an update that leaves `active` alone, delete, a rolled-back create) keeps the counts
 * equal to a count of the table, on two stores at once. The migration runs again over its own leftovers, on SQLite
 * in a transaction of its own, and on PostgreSQL misses no user written while it runs.
 */
import { type Kysely, Migrator, sql } from 'kysely';
import { expect, it } from 'vitest';
import { openStore } from '../open-store.ts';
import type { Database } from '../schema/database.ts';
import { emailFillfactorMigration } from '../schema/email-fillfactor-migration.ts';
import { migrationProvider } from '../schema/migrations.ts';
import { userCountsMigration } from '../schema/user-counts-migration.ts';
import type { Store } from '../types.ts';
import { filter } from './fixtures.ts';
import { type MigrationTarget, migrateTo } from './migration-target.ts';

const AT = '2025-03-01T12:00:00.000Z';
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

function resource(userName: string, active: boolean) {
  return { schemas: [CORE_USER], userName, active };
}

async function counted(store: Store): Promise<{ total: number; active: number }> {
  const [all, active] = await Promise.all([
    store.listUsers({ startIndex: 1, count: 0 }),
    store.listUsers({ filter: filter('active eq true'), startIndex: 1, count: 0 }),
  ]);
  return { total: all.totalResults, active: active.totalResults };
}

/** A user written as a statement of its own, below the store (the store of that version may not exist). */
async function insertUser(db: Kysely<Database>, id: string, active: 0 | 1): Promise<void> {
  await sql`insert into users (id, user_name, user_name_folded, external_id, active, resource, version, created,
    last_modified) values (${id}, ${id}, ${id}, null, ${active}, ${JSON.stringify(resource(id, active === 1))},
    1, ${AT}, ${AT})`.execute(db);
}

async function storedCounts(db: Kysely<Database>): Promise<{ total: number; active: number }> {
  const { rows } = await sql<{ total: number | string; active: number | string; users: number | string }>`
    select (select sum(total) from user_counts) as total, (select sum(active) from user_counts) as active`.execute(
    db,
  );
  return { total: Number(rows[0]?.total), active: Number(rows[0]?.active) };
}

/**
 * `newTarget(name)` gives a database of its own for each test, made when the tests are declared (a PostgreSQL target
 * registers the drop of its schema).
 */
export function userCountsMigrationTest(newTarget: (name: string) => MigrationTarget): void {
  const target = newTarget('follows');
  const rerunTarget = newTarget('rerun');
  const renamedTarget = newTarget('renamed');
  const options = target.schema === undefined ? {} : { schema: target.schema };

  it('counts the users of a database migrated before 0011, then follows every write', async () => {
    const db: Kysely<Database> = await target.open();
    try {
      await migrateTo(target, db, '0010_rules_version');
      await insertUser(db, 'u1', 1);
      await insertUser(db, 'u2', 0);
      await insertUser(db, 'u3', 1);
    } finally {
      await db.destroy();
    }

    const [one, other] = [await openStore(target.url, options), await openStore(target.url, options)];
    try {
      expect(await one.userCounts()).toEqual({ total: 3, active: 2 });

      const creates = Array.from(
        { length: 20 },
        (_, i) => () =>
          (i % 2 === 0 ? one : other).transaction((tx) =>
            tx.insertUser({
              id: `n${i}`,
              userName: `new${i}`,
              active: i % 4 !== 0,
              resource: resource(`new${i}`, i % 4 !== 0),
            }),
          ),
      );
      // At once on PostgreSQL (the shards of the counts under concurrent commits); SQLite has one writer.
      if (target.dialect === 'postgres') await Promise.all(creates.map((create) => create()));
      else for (const create of creates) await create();
      expect(await one.userCounts()).toEqual({ total: 23, active: 17 });

      await one.transaction((tx) =>
        tx.updateUser('u1', { userName: 'u1', active: false, resource: resource('u1', false) }),
      );
      expect(await other.userCounts()).toEqual({ total: 23, active: 16 });
      await other.transaction((tx) =>
        tx.updateUser('u2', { userName: 'u2', active: true, resource: resource('u2', true) }),
      );
      // Not a change of status: the counts stay.
      await one.transaction((tx) =>
        tx.updateUser('u3', { userName: 'u3-renamed', active: true, resource: resource('u3-renamed', true) }),
      );
      expect(await other.userCounts()).toEqual({ total: 23, active: 17 });

      expect(await one.transaction((tx) => tx.deleteUser('n1'))).toBe(true);
      expect(await other.transaction((tx) => tx.deleteUser('n0'))).toBe(true);
      expect(await one.userCounts()).toEqual({ total: 21, active: 16 });

      // A create that rolls back counts nothing.
      await expect(
        one.transaction(async (tx) => {
          await tx.insertUser({
            id: 'gone',
            userName: 'gone',
            active: true,
            resource: resource('gone', true),
          });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await one.userCounts()).toEqual(await counted(one));
      expect(await one.userCounts()).toEqual({ total: 21, active: 16 });
    } finally {
      await Promise.all([one.close(), other.close()]);
    }
  });

  it('runs again over its own leftovers: the counts recomputed, each trigger there once', async () => {
    const db: Kysely<Database> = await rerunTarget.open();
    try {
      await migrateTo(rerunTarget, db, '0011_user_counts');
      await insertUser(db, 'r1', 1);
      await insertUser(db, 'r2', 0);
      // As a crash between the migration's commit and the Migrator's record of it leaves the database (SQLite),
      // with counts gone wrong meanwhile.
      await sql`update user_counts set total = total + 100`.execute(db);
      await sql`delete from kysely_migration where name = '0011_user_counts'`.execute(db);
      await migrateTo(rerunTarget, db, '0011_user_counts');
      expect(await storedCounts(db)).toEqual({ total: 2, active: 1 });
      // One trigger of each: a write counts once.
      await insertUser(db, 'r3', 1);
      await sql`update users set active = 0 where id = 'r1'`.execute(db);
      expect(await storedCounts(db)).toEqual({ total: 3, active: 1 });
    } finally {
      await db.destroy();
    }
  });

  it('opens a database that recorded the earlier names 0013_user_counts and 0014_email_fillfactor once their rows are deleted (README)', async () => {
    const db: Kysely<Database> = await renamedTarget.open();
    try {
      const current = await migrationProvider(renamedTarget.dialect).getMigrations();
      const earlier = Object.fromEntries(
        Object.entries(current).filter(([name]) => name <= '0010_rules_version'),
      );
      const migrator = new Migrator({
        db,
        provider: {
          getMigrations: async () => ({
            ...earlier,
            '0013_user_counts': userCountsMigration(renamedTarget.dialect),
            '0014_email_fillfactor': emailFillfactorMigration(renamedTarget.dialect),
          }),
        },
        ...(renamedTarget.schema !== undefined && { migrationTableSchema: renamedTarget.schema }),
      });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      await insertUser(db, 'kept', 1);
    } finally {
      await db.destroy();
    }
    const renamedOptions = renamedTarget.schema === undefined ? {} : { schema: renamedTarget.schema };
    await expect(openStore(renamedTarget.url, renamedOptions)).rejects.toThrow(
      'previously executed migration 0013_user_counts is missing',
    );
    const cleanup = await renamedTarget.open();
    try {
      await sql`delete from kysely_migration where name in ('0013_user_counts', '0014_email_fillfactor')`.execute(
        cleanup,
      );
    } finally {
      await cleanup.destroy();
    }
    const store = await openStore(renamedTarget.url, renamedOptions);
    try {
      expect(await store.userCounts()).toEqual({ total: 1, active: 1 });
      await store.transaction((tx) =>
        tx.insertUser({ id: 'added', userName: 'added', active: false, resource: resource('added', false) }),
      );
      expect(await store.userCounts()).toEqual({ total: 2, active: 1 });
    } finally {
      await store.close();
    }
  });

  if (target.dialect === 'sqlite') {
    const atomicTarget = newTarget('atomic');
    it('runs in a transaction of its own on SQLite: a failure part way undoes what it had done', async () => {
      const db: Kysely<Database> = await atomicTarget.open();
      try {
        await migrateTo(atomicTarget, db, '0011_user_counts');
        // A counts table of another shape: the migration empties it, then fails to fill it.
        await sql`delete from kysely_migration where name = '0011_user_counts'`.execute(db);
        await sql`drop table user_counts`.execute(db);
        await sql`create table user_counts (shard integer primary key, total integer not null)`.execute(db);
        await sql`insert into user_counts (shard, total) values (0, 42)`.execute(db);
        const migrator = new Migrator({ db, provider: migrationProvider('sqlite') });
        const { error } = await migrator.migrateTo('0011_user_counts');
        expect(error).toBeDefined();
        const { rows } = await sql<{
          shard: number;
          total: number;
        }>`select shard, total from user_counts`.execute(db);
        expect(rows).toEqual([{ shard: 0, total: 42 }]);
      } finally {
        await db.destroy();
      }
    });
  }

  if (target.dialect === 'postgres') {
    const lockTarget = newTarget('lock');
    it('on PostgreSQL, misses no user inserted by a transaction open while the migration starts', async () => {
      const setup: Kysely<Database> = await lockTarget.open();
      const writer: Kysely<Database> = await lockTarget.open();
      try {
        await migrateTo(lockTarget, setup, '0010_rules_version');
        await insertUser(setup, 'before', 1);
        let commit = () => {};
        const committed = new Promise<void>((resolve) => {
          commit = resolve;
        });
        let inserted = () => {};
        const insertedYet = new Promise<void>((resolve) => {
          inserted = resolve;
        });
        // A SCIM create in flight: its row written, its commit still to come.
        const write = writer.transaction().execute(async (tx) => {
          await insertUser(tx, 'during', 1);
          inserted();
          await committed;
        });
        await insertedYet;
        const migration = migrateTo(lockTarget, setup, '0011_user_counts');
        // The migration waits on the users table (for its lock; without it, at CREATE TRIGGER, after counting).
        await expect
          .poll(
            async () => {
              const { rows } = await sql<{
                waiting: number | string;
              }>`select count(*) as waiting from pg_locks
                where not granted and relation = ${`${lockTarget.schema}.users`}::regclass`.execute(writer);
              return Number(rows[0]?.waiting);
            },
            { timeout: 10_000 },
          )
          .toBeGreaterThan(0);
        commit();
        await write;
        await migration;
        const { rows } = await sql<{ users: number | string }>`select count(*) as users from users`.execute(
          setup,
        );
        expect(Number(rows[0]?.users)).toBe(2);
        expect(await storedCounts(setup)).toEqual({ total: 2, active: 2 });
      } finally {
        await Promise.all([setup.destroy(), writer.destroy()]);
      }
    });
  }
}
