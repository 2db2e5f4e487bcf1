/** The journal: every accepted SCIM write as one line of the sync-event log (design section 7), in order. */
import type { JournalEntry } from '@scim-connector/scim';
import type { Kysely } from 'kysely';
import { perStore, reusableQuery, slot } from '../connection/reusable-query.ts';
import type { StoreContext } from '../context.ts';
import type { Database } from '../schema/database.ts';
import type { JournalRecord } from '../types.ts';

export async function appendJournal(
  db: Kysely<Database>,
  ctx: StoreContext,
  entry: JournalEntry,
): Promise<void> {
  await appendStatement(ctx).run(db, [
    ctx.now(),
    entry.method,
    entry.path,
    entry.body === undefined ? null : JSON.stringify(entry.body),
    entry.id ?? null,
  ]);
}

/** Every SCIM write appends one entry: compiled once per store. Values: at, method, path, body, resource_id. */
const appendStatement = perStore(() =>
  reusableQuery((db) =>
    db.insertInto('journal').values({
      at: slot<string>(0),
      method: slot<string>(1),
      path: slot<string>(2),
      body: slot<string | null>(3),
      resource_id: slot<string | null>(4),
    }),
  ),
);

export async function readJournal(
  db: Kysely<Database>,
  options: { afterSeq?: number; limit: number },
): Promise<JournalRecord[]> {
  const rows = await db
    .selectFrom('journal')
    .selectAll()
    .where('seq', '>', options.afterSeq ?? 0)
    .orderBy('seq')
    .limit(Math.max(options.limit, 0))
    .execute();
  return rows.map((row) => {
    const entry: JournalEntry = { method: row.method as JournalEntry['method'], path: row.path };
    if (row.body !== null) entry.body = JSON.parse(row.body);
    if (row.resource_id !== null) entry.id = row.resource_id;
    return { seq: row.seq, at: row.at, entry };
  });
}
