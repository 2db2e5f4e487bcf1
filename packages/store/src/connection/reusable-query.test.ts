import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { type Placeholders, reusableQuery } from './reusable-query.ts';
import { openSqlite } from './sqlite.ts';

const db = openSqlite(':memory:');
afterAll(() => db.destroy());

interface LinkValues {
  userId: string;
  username: string;
  generation: number;
}

/** A table the Database type knows (sync_triggers), created bare: these tests need no migrations. */
async function createTriggers(): Promise<void> {
  await sql`create table if not exists sync_triggers (user_id text, "trigger" text, generation integer)`.execute(
    db,
  );
}

describe('reusableQuery', () => {
  it('binds each value by name wherever its placeholder stands, however often, beside constants', async () => {
    await createTriggers();
    const insert = reusableQuery((qb, $: Placeholders<{ userId: string; generation: number }>) =>
      qb
        .insertInto('sync_triggers')
        .values({ user_id: $.userId, trigger: 'resync', generation: $.generation }),
    );
    const select = reusableQuery((qb, $: Placeholders<{ userId: string; generation: number }>) =>
      qb
        .selectFrom('sync_triggers')
        .select(['user_id', 'generation'])
        .where('generation', '>=', $.generation)
        .where((eb) => eb.or([eb('user_id', '=', $.userId), eb('generation', '>', $.generation)]))
        .orderBy('generation'),
    );
    await insert.run(db, { userId: 'a', generation: 1 });
    await insert.run(db, { generation: 2, userId: 'b' });
    await insert.run(db, { userId: 'c', generation: 3 });
    expect((await select.run(db, { userId: 'b', generation: 2 })).rows).toEqual([
      { user_id: 'b', generation: 2 },
      { user_id: 'c', generation: 3 },
    ]);
    expect((await select.run(db, { userId: 'a', generation: 1 })).rows).toHaveLength(3);
  });

  it('makes a misspelt, missing or mistyped value a type error', () => {
    // Never run: the assertions are the `@ts-expect-error` lines, which `tsc` fails on when they are not errors.
    const typeChecks = () => {
      const query = reusableQuery((qb, $: Placeholders<LinkValues>) =>
        qb
          .selectFrom('sync_triggers')
          .selectAll()
          // @ts-expect-error a misspelt name is not one of the declared values
          .where('user_id', '=', $.userID),
      );
      // @ts-expect-error a value is missing
      void query.run(db, { userId: 'a', username: 'x' });
      // @ts-expect-error a misspelt value
      void query.run(db, { userId: 'a', username: 'x', generatoin: 1 });
      // @ts-expect-error a value of the wrong type
      void query.run(db, { userId: 'a', username: 'x', generation: '1' });
      reusableQuery((qb, $: Placeholders<LinkValues>) =>
        // @ts-expect-error a placeholder is typed as its value: a number cannot stand for the user_id column
        qb.selectFrom('sync_triggers').selectAll().where('user_id', '=', $.generation),
      );
    };
    expect(typeChecks).toBeTypeOf('function');
  });
});
