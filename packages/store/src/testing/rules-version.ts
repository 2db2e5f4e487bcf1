/**
 * The test of the rules version (migration 0010) on either database: a database migrated to 0007 is opened so
 * 0010 runs and starts at version 0; a reload recorded through one store is read through another on the same
 * database; reloads recorded at once each get a version of their own.
 */
import type { Kysely } from 'kysely';
import { expect, it } from 'vitest';
import { openStore } from '../open-store.ts';
import type { Database } from '../schema/database.ts';
import { type MigrationTarget, migrateTo } from './migration-target.ts';

export function rulesVersionTest(target: MigrationTarget): void {
  const options = target.schema === undefined ? {} : { schema: target.schema };

  it('starts at version 0 on a database migrated before 0010, and counts reloads across stores', async () => {
    const db: Kysely<Database> = await target.open();
    try {
      await migrateTo(target, db, '0007_admin_indexes');
    } finally {
      await db.destroy();
    }
    const [one, other] = [await openStore(target.url, options), await openStore(target.url, options)];
    try {
      expect(await one.rulesVersion()).toMatchObject({ version: 0 });
      expect(await one.bumpRulesVersion('replica-a')).toMatchObject({ version: 1, updatedBy: 'replica-a' });
      expect(await other.rulesVersion()).toMatchObject({ version: 1, updatedBy: 'replica-a' });
      expect(await other.bumpRulesVersion('replica-b')).toMatchObject({ version: 2, updatedBy: 'replica-b' });
      expect((await one.rulesVersion()).version).toBe(2);
    } finally {
      await Promise.all([one.close(), other.close()]);
    }
  });

  it('gives reloads recorded at once a version each', async () => {
    const [one, other] = [await openStore(target.url, options), await openStore(target.url, options)];
    try {
      const before = (await one.rulesVersion()).version;
      const bumps = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? one : other).bumpRulesVersion(`replica-${i}`)),
      );
      const versions = bumps.map((bump) => bump.version).sort((a, b) => a - b);
      expect(versions).toEqual(Array.from({ length: 10 }, (_, i) => before + i + 1));
      expect((await other.rulesVersion()).version).toBe(before + 10);
    } finally {
      await Promise.all([one.close(), other.close()]);
    }
  });
}
