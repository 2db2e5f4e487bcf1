/**
 * The email side table is written by difference (issue #13): a trigger logs every row the store inserts,
 * updates or deletes in `user_emails`, and each update must write only the rows of emails that changed, while
 * the table still answers email filters exactly. Run against each database by its own test file.
 */
import type { NewUser } from '@scim-connector/scim';
import { type Kysely, sql } from 'kysely';
import { expect, it } from 'vitest';
import type { DialectName } from '../connection/dialect-name.ts';
import type { Database } from '../schema/database.ts';
import type { Store } from '../types.ts';
import { userNames } from './contract/listing.ts';
import { newUser } from './fixtures.ts';

export interface EmailWritesTarget {
  dialect: DialectName;
  /** A fresh store. */
  open(): Promise<Store>;
  /** A second connection to the same database, for the write log. */
  connect(): Kysely<Database>;
}

const LOG_TABLE = 'create table email_writes (op text, position integer, value_folded text)';

const TRIGGERS: Record<DialectName, string[]> = {
  sqlite: [
    `create trigger email_insert after insert on user_emails
       begin insert into email_writes values ('insert', new.position, new.value_folded); end`,
    `create trigger email_update after update on user_emails
       begin insert into email_writes values ('update', new.position, new.value_folded); end`,
    `create trigger email_delete after delete on user_emails
       begin insert into email_writes values ('delete', old.position, old.value_folded); end`,
  ],
  postgres: [
    `create function log_email_write() returns trigger language plpgsql as $$ begin
       if tg_op = 'DELETE' then
         insert into email_writes values ('delete', old.position, old.value_folded);
         return old;
       end if;
       insert into email_writes values (lower(tg_op), new.position, new.value_folded);
       return new;
     end $$`,
    `create trigger email_writes after insert or update or delete on user_emails
       for each row execute function log_email_write()`,
  ],
};

interface Write {
  op: string;
  position: number;
  value_folded: string | null;
}

const EMAILS = 1_200;

function withEmails(user: NewUser, emails: readonly Record<string, unknown>[]): Omit<NewUser, 'id'> {
  const { id: _id, ...rest } = user;
  return { ...rest, resource: { ...user.resource, emails } };
}

export function emailWritesTest(target: EmailWritesTarget): void {
  it('writes only the email rows that change, in chunks, and keeps email filters exact', async () => {
    const store = await target.open();
    const db = target.connect();
    try {
      await sql.raw(LOG_TABLE).execute(db);
      for (const statement of TRIGGERS[target.dialect]) await sql.raw(statement).execute(db);
      const writes = async (): Promise<Write[]> => {
        const { rows } = await sql<Write>`select op, position, value_folded from email_writes`.execute(db);
        await sql`delete from email_writes`.execute(db);
        return rows.map((row) => ({ ...row, position: Number(row.position) }));
      };
      const emails = Array.from({ length: EMAILS }, (_, i) => ({
        value: `Mail${i}@example.com`,
        type: 'work',
      }));
      const user = newUser('many@example.com', { resource: { emails } });
      await store.transaction((tx) => tx.insertUser(user));
      expect(await writes()).toHaveLength(EMAILS);
      const update = (list: readonly Record<string, unknown>[]) =>
        store.transaction((tx) => tx.updateUser(user.id, withEmails(user, list)));

      // One address's type: one row. The old rewrite deleted and inserted all 1,200.
      const oneType = emails.map((email, i) => (i === 3 ? { ...email, type: 'home' } : email));
      await update(oneType);
      expect(await writes()).toEqual([{ op: 'update', position: 3, value_folded: 'mail3@example.com' }]);
      expect(await userNames(store, 'emails[type eq "home" and value eq "mail3@example.com"]')).toEqual([
        'many@example.com',
      ]);

      // The same emails resent (in another order): nothing written.
      await update([...oneType].reverse());
      expect(await writes()).toEqual([]);

      // One removed, one added elsewhere in the array: the freed row takes the new address (with characters that
      // PostgreSQL's array syntax reserves: PostgreSQL sends the changed rows as arrays).
      const swapped = [...oneType.slice(1), { value: 'New{a,b}@example.com', type: 'work' }];
      await update(swapped);
      expect(await writes()).toEqual([{ op: 'update', position: 0, value_folded: 'new{a,b}@example.com' }]);
      expect(await userNames(store, 'emails.value eq "new{a,b}@example.com"')).toEqual(['many@example.com']);
      expect(await userNames(store, 'emails.value eq "mail0@example.com"')).toEqual([]);

      // Every type changes: 1,200 updates in chunks, nothing deleted or inserted.
      await update(swapped.map((email) => ({ ...email, type: 'other' })));
      const retyped = await writes();
      expect(retyped).toHaveLength(EMAILS);
      expect(retyped.every((write) => write.op === 'update')).toBe(true);
      expect(await userNames(store, 'emails[type eq "work"]')).toEqual([]);

      // Shrinking deletes (Mail7 keeps its row 7, the freed row 0 takes the new address); growing inserts after
      // the highest position left.
      const two = [
        { value: 'Mail7@example.com', type: 'other' },
        { value: 'NULL', primary: true }, // an address, not a null in an array
      ];
      await update(two);
      const shrunk = await writes();
      expect(shrunk.filter((write) => write.op === 'delete')).toHaveLength(EMAILS - 2);
      expect(shrunk.filter((write) => write.op !== 'delete')).toEqual([
        { op: 'update', position: 0, value_folded: 'null' },
      ]);
      await update([...two, { value: 'third@example.com' }]);
      expect(await writes()).toEqual([{ op: 'insert', position: 8, value_folded: 'third@example.com' }]);
      expect(await userNames(store, 'emails[primary eq true and value eq "null"]')).toEqual([
        'many@example.com',
      ]);
      expect(await userNames(store, 'emails.value eq "third@example.com"')).toEqual(['many@example.com']);
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from user_emails`.execute(db);
      expect(Number(rows[0]?.n)).toBe(3);
    } finally {
      await db.destroy();
      await store.close();
    }
  });
}
