/** The journal: every accepted SCIM write as one line of the sync-event log (docs/rules.md, sync-event logs), in order. */
import type { JournalEntry } from '@scim-connector/scim';
import type { Insertable, Kysely } from 'kysely';
import { type Placeholders, perStore, reusableQuery } from '../connection/reusable-query.ts';
import { type StoreContext, toIsoTimestamp } from '../context.ts';
import type { Database, JournalTable } from '../schema/database.ts';
import type { JournalRecord } from '../types.ts';

export async function appendJournal(
  db: Kysely<Database>,
  ctx: StoreContext,
  entry: JournalEntry,
): Promise<void> {
  await appendStatement(ctx).run(db, journalValues(ctx.now(), entry));
}

/** A journal row's columns, its sequence number aside. */
export type JournalValues = Omit<JournalTable, 'seq'>;

export function journalValues(at: string, entry: JournalEntry): JournalValues {
  return {
    at,
    method: entry.method,
    path: entry.path,
    body: entry.body === undefined ? null : JSON.stringify(entry.body),
    resource_id: entry.id ?? null,
  };
}

/** Every SCIM write appends one entry: compiled once per store. Values: the row (its columns). */
const appendStatement = perStore(() =>
  reusableQuery((db, $: Placeholders<Insertable<JournalTable>>) =>
    db.insertInto('journal').values({
      at: $.at,
      method: $.method,
      path: $.path,
      body: $.body,
      resource_id: $.resource_id,
    }),
  ),
);

export async function readJournal(
  db: Kysely<Database>,
  options: { afterSeq?: number; since?: string; limit: number },
): Promise<JournalRecord[]> {
  const rows = await db
    .selectFrom('journal')
    .selectAll()
    .where('seq', '>', options.afterSeq ?? 0)
    .$if(options.since !== undefined, (query) =>
      query.where('at', '>=', toIsoTimestamp(options.since ?? '', 'readJournal since')),
    )
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
