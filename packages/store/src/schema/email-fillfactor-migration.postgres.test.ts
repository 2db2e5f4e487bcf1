import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { openPostgres } from '../connection/postgres.ts';
import { openStore } from '../open-store.ts';
import { migrateTo, postgresMigrationTarget } from '../testing/migration-target.ts';
import { USER_EMAILS_FILLFACTOR } from './email-fillfactor-migration.ts';

describe('migration 0012_email_fillfactor on PostgreSQL', () => {
  const target = postgresMigrationTarget('email_fillfactor');

  it('leaves room on the email pages of a database migrated before it', async () => {
    const schema = target.schema ?? '';
    const options = (db: ReturnType<typeof openPostgres>) =>
      sql<{ reloptions: string[] | null }>`select c.reloptions from pg_class c
        join pg_namespace n on n.oid = c.relnamespace where n.nspname = ${schema} and c.relname = 'user_emails'`
        .execute(db)
        .then(({ rows }) => rows[0]?.reloptions ?? null);
    const db = await target.open();
    try {
      await migrateTo(target, db, '0010_rules_version');
      expect(await options(db)).toBeNull();
      const store = await openStore(target.url, { schema });
      await store.close();
      expect(await options(db)).toEqual([`fillfactor=${USER_EMAILS_FILLFACTOR}`]);
    } finally {
      await db.destroy();
    }
  });
});
