/**
 * The end of one user's sync in one commit: the link, the audit entry and (for a queued user) the completion of
 * the dirty mark it was claimed for. Written separately they were three commits per user (on PostgreSQL three
 * disk flushes), and a crash between them could leave an audited push whose mark was never cleared.
 *
 * This runs once per synced user, so its statements are compiled once per store (reusable-query.ts); they are
 * the same statements saveLink, appendAudit and completeDirty build.
 */
import { type Kysely, type QueryCreator, sql } from 'kysely';
import type { DialectName } from '../connection/dialect-name.ts';
import { type Placeholders, reusableQuery } from '../connection/reusable-query.ts';
import { retryOnDeadlock } from '../errors.ts';
import { type CompletionValues, completion, triggerCleanup } from '../queue/completion.ts';
import type { AuditLogTable, Database, PlatformLinksTable } from '../schema/database.ts';
import type { AuditRecord, SyncRecord } from '../types.ts';
import { auditRecord, auditRow } from './audit.ts';
import { linkRow, replaceLinkOnConflict } from './platform-links.ts';

export interface RecordResult {
  audit: AuditRecord;
  cleared?: boolean;
}
export type RecordSync = (record: SyncRecord) => Promise<RecordResult>;
export type RecordSyncMany = (records: readonly SyncRecord[]) => Promise<RecordResult[]>;

/** The link's values: its row. */
type LinkValues = PlatformLinksTable;
/** The audit entry's values: its row. */
type AuditValues = Omit<AuditLogTable, 'seq'>;
/** All of one push: the three share the user's `user_id`. */
type RecordValues = LinkValues & AuditValues & CompletionValues;

/** The four writes, built once for both dialects. */
function linkUpsert(qb: QueryCreator<Database>, $: Placeholders<LinkValues>) {
  return qb
    .insertInto('platform_links')
    .values({
      user_id: $.user_id,
      state: $.state,
      last_synced_at: $.last_synced_at,
      platform_status: $.platform_status,
      blocked_reasons: $.blocked_reasons,
      decided_at: $.decided_at,
    })
    .onConflict(replaceLinkOnConflict);
}

function auditInsert(qb: QueryCreator<Database>, $: Placeholders<AuditValues>) {
  return qb
    .insertInto('audit_log')
    .values({
      user_id: $.user_id,
      trigger: $.trigger,
      outcome: $.outcome,
      reasons: $.reasons,
      changes: $.changes,
      explanation: $.explanation,
      at: $.at,
    })
    .returning('seq');
}

/** SQLite: the writes one by one in a transaction (in-process calls, no round trips to save). */
function sqliteStatements() {
  return {
    saveLink: reusableQuery((db, $: Placeholders<LinkValues>) => linkUpsert(db, $)),
    appendAudit: reusableQuery((db, $: Placeholders<AuditValues>) => auditInsert(db, $)),
    complete: reusableQuery((db, $: Placeholders<CompletionValues>) => completion(db, $)),
    dropTriggers: reusableQuery((db, $: Placeholders<CompletionValues>) => triggerCleanup(db, $)),
    pendingOf: reusableQuery((db, $: Placeholders<Pick<CompletionValues, 'user_id'>>) =>
      db.selectFrom('sync_queue').select('pending').where('user_id', '=', $.user_id),
    ),
  };
}

/**
 * PostgreSQL: the same writes as one statement (data-modifying CTEs), so a push is recorded in one round trip
 * instead of six (begin, four statements, commit) while staying atomic: a single statement is its own
 * transaction. Without a completion the generation passed is 0, which no queue row is below, so the queue is
 * left alone. The last subquery reads the queue row as it was before this statement: when `done` updated nothing
 * (a completion older than one already recorded) that is also its state now.
 */
function postgresStatement() {
  return reusableQuery((db, $: Placeholders<RecordValues>) =>
    db
      .with('link', (qb) => linkUpsert(qb, $).returning('user_id'))
      .with('audit', (qb) => auditInsert(qb, $))
      .with('done', (qb) => completion(qb, $))
      .with('dropped', (qb) =>
        triggerCleanup(qb, $).where(sql<boolean>`exists (select 1 from done)`).returning('user_id'),
      )
      .selectNoFrom((eb) => [
        eb.selectFrom('audit').select('seq').as('seq'),
        eb.fn
          .coalesce(
            eb.selectFrom('done').select('pending'),
            eb.selectFrom('sync_queue').select('pending').where('user_id', '=', $.user_id),
          )
          .as('pending'),
      ]),
  );
}

export function createRecordSync(db: Kysely<Database>, dialect: DialectName): RecordSync {
  const recordMany = createRecordSyncMany(db, dialect);
  return async (push) => {
    const [result] = await recordMany([push]);
    if (result === undefined) throw new Error('recordSync: the batch returned no result');
    return result;
  };
}

/**
 * Several pushes recorded in one commit, each exactly as `recordSync` records it alone; the results are in the
 * records' order. One commit per batch instead of one per push: on SQLite the commit (writing the dirty pages to
 * the WAL) was half of the database time of an initial load (docs/benchmarks.md, issue #15), and on PostgreSQL
 * each commit waits for a disk flush. The records are written in user-id order, so two batches that share users
 * take their row locks in one order.
 */
export function createRecordSyncMany(db: Kysely<Database>, dialect: DialectName): RecordSyncMany {
  const record = dialect === 'postgres' ? postgresRecord() : sqliteRecord();
  return async (records) => {
    for (const push of records) assertOneUser(push);
    if (records.length === 0) return [];
    // A single statement is its own transaction on PostgreSQL: one round trip instead of three.
    if (records.length === 1 && dialect === 'postgres') {
      return retryOnDeadlock(async () => [await record(db, records[0] as SyncRecord)]);
    }
    const order = records.map((_, index) => index).sort((a, b) => compareUserIds(records, a, b));
    return retryOnDeadlock(() =>
      db.transaction().execute(async (trx) => {
        const results: RecordResult[] = new Array(records.length);
        for (const index of order) results[index] = await record(trx, records[index] as SyncRecord);
        return results;
      }),
    );
  };
}

function compareUserIds(records: readonly SyncRecord[], a: number, b: number): number {
  const left = (records[a] as SyncRecord).link.userId;
  const right = (records[b] as SyncRecord).link.userId;
  return left < right ? -1 : left > right ? 1 : a - b;
}

/** The three writes share one user id (one value in the PostgreSQL statement); a mix-up is the caller's bug. */
function assertOneUser({ link, audit, completion }: SyncRecord): void {
  if (audit.userId !== link.userId || (completion !== undefined && completion.userId !== link.userId)) {
    throw new Error(
      `recordSync: the link (${link.userId}), the audit entry (${audit.userId}) and the completion` +
        `${completion ? ` (${completion.userId})` : ''} must be of one user`,
    );
  }
}

type RecordOne = (trx: Kysely<Database>, record: SyncRecord) => Promise<RecordResult>;

function sqliteRecord(): RecordOne {
  const statements = sqliteStatements();
  return async (trx, record) => {
    await statements.saveLink.run(trx, linkRow(record.link));
    const row = auditRow(record.audit);
    const inserted = await statements.appendAudit.run(trx, row);
    const audit = auditRecord(record.audit, row.at, sequenceOf(inserted.rows[0]?.seq));
    if (record.completion === undefined) return { audit };
    const mark = { user_id: record.completion.userId, generation: record.completion.generation };
    const completed = await statements.complete.run(trx, mark);
    let pending = completed.rows[0]?.pending;
    if (pending !== undefined) await statements.dropTriggers.run(trx, mark);
    // A completion older than one already recorded changes nothing; the mark's state stays as it is.
    else pending = (await statements.pendingOf.run(trx, mark)).rows[0]?.pending;
    return { audit, cleared: pending === undefined || Number(pending) === 0 };
  };
}

function postgresRecord(): RecordOne {
  const statement = postgresStatement();
  return async (trx, record) => {
    const row = auditRow(record.audit);
    const result = await statement.run(trx, {
      ...linkRow(record.link),
      ...row,
      generation: record.completion?.generation ?? 0,
    });
    const written = result.rows[0];
    const audit = auditRecord(record.audit, row.at, sequenceOf(written?.seq));
    if (record.completion === undefined) return { audit };
    const pending = written?.pending;
    return { audit, cleared: pending === undefined || pending === null || Number(pending) === 0 };
  };
}

function sequenceOf(seq: number | string | null | undefined): number {
  if (seq === undefined || seq === null)
    throw new Error('recordSync: the audit insert returned no sequence number');
  return Number(seq);
}
