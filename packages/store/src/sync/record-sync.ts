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
import { reusableQuery, slot } from '../connection/reusable-query.ts';
import { retryOnDeadlock } from '../errors.ts';
import type { Database, PlatformLinksTable } from '../schema/database.ts';
import type { AuditRecord, SyncRecord } from '../types.ts';
import { auditRecord, auditRow } from './audit.ts';
import { linkRow } from './platform-links.ts';

export type RecordSync = (record: SyncRecord) => Promise<{ audit: AuditRecord; cleared?: boolean }>;

/**
 * The four writes, built once for both dialects. `at` numbers the values: the link takes 8 from `at`, the audit
 * entry 7, the completion and the trigger clean-up (user id, generation).
 */
function linkUpsert(qb: QueryCreator<Database>, at: number) {
  const changes = {
    platform_user_id: slot<string>(at + 1),
    username: slot<string>(at + 2),
    created_by_connector: slot<number>(at + 3),
    last_status: slot<string>(at + 4),
    last_roles: slot<string>(at + 5),
    last_decision: slot<string>(at + 6),
    last_synced_at: slot<string>(at + 7),
  };
  return qb
    .insertInto('platform_links')
    .values({ user_id: slot<string>(at), ...changes })
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet(changes));
}

function auditInsert(qb: QueryCreator<Database>, at: number) {
  return qb
    .insertInto('audit_log')
    .values({
      user_id: slot<string>(at),
      trigger: slot<string>(at + 1),
      outcome: slot<string>(at + 2),
      reasons: slot<string>(at + 3),
      changes: slot<string>(at + 4),
      explanation: slot<string>(at + 5),
      at: slot<string>(at + 6),
    })
    .returning('seq');
}

/** Same as completeDirty: a newer mark keeps the user pending; an older completion changes nothing. */
function completion(qb: QueryCreator<Database>, at: number) {
  return qb
    .updateTable('sync_queue')
    .set((eb) => ({
      synced_generation: slot<number>(at + 1),
      pending: eb
        .case()
        .when('generation', '>', slot<number>(at + 1))
        .then(1)
        .else(0)
        .end(),
      attempts: 0,
      not_before: null,
      last_error: null,
      lease_owner: null,
      lease_until: null,
    }))
    .where('user_id', '=', slot<string>(at))
    .where('synced_generation', '<', slot<number>(at + 1))
    .returning('pending');
}

function triggerCleanup(qb: QueryCreator<Database>, at: number) {
  return qb
    .deleteFrom('sync_triggers')
    .where('user_id', '=', slot<string>(at))
    .where('generation', '<=', slot<number>(at + 1));
}

/** SQLite: the writes one by one in a transaction (in-process calls, no round trips to save). */
function sqliteStatements() {
  return {
    saveLink: reusableQuery((db) => linkUpsert(db, 0)),
    appendAudit: reusableQuery((db) => auditInsert(db, 0)),
    /** Values: userId, generation. */
    complete: reusableQuery((db) => completion(db, 0)),
    dropTriggers: reusableQuery((db) => triggerCleanup(db, 0)),
    pendingOf: reusableQuery((db) =>
      db.selectFrom('sync_queue').select('pending').where('user_id', '=', slot<string>(0)),
    ),
  };
}

/**
 * PostgreSQL: the same writes as one statement (data-modifying CTEs), so a push is recorded in one round trip
 * instead of six (begin, four statements, commit) while staying atomic: a single statement is its own
 * transaction. Values: the link's 8, the audit entry's 7, then user id and generation of the completion. Without
 * a completion the generation passed is 0, which no queue row is below, so the queue is left alone. The last
 * subquery reads the queue row as it was before this statement: when `done` updated nothing (a completion older
 * than one already recorded) that is also its state now.
 */
function postgresStatement() {
  return reusableQuery((db) =>
    db
      .with('link', (qb) => linkUpsert(qb, 0).returning('user_id'))
      .with('audit', (qb) => auditInsert(qb, 8))
      .with('done', (qb) => completion(qb, 15))
      .with('dropped', (qb) =>
        triggerCleanup(qb, 15).where(sql<boolean>`exists (select 1 from done)`).returning('user_id'),
      )
      .selectNoFrom((eb) => [
        eb.selectFrom('audit').select('seq').as('seq'),
        eb.fn
          .coalesce(
            eb.selectFrom('done').select('pending'),
            eb.selectFrom('sync_queue').select('pending').where('user_id', '=', slot<string>(15)),
          )
          .as('pending'),
      ]),
  );
}

export function createRecordSync(db: Kysely<Database>, dialect: DialectName): RecordSync {
  if (dialect === 'postgres') return createPostgresRecordSync(db);
  const statements = sqliteStatements();
  return (record) =>
    retryOnDeadlock(() =>
      db.transaction().execute(async (trx) => {
        const link = linkRow(record.link);
        await statements.saveLink.run(trx, linkValues(link));
        const row = auditRow(record.audit);
        const inserted = await statements.appendAudit.run(trx, auditValues(row));
        const audit = auditRecord(record.audit, row.at, sequenceOf(inserted.rows[0]?.seq));
        if (record.completion === undefined) return { audit };
        const { userId, generation } = record.completion;
        const completed = await statements.complete.run(trx, [userId, generation]);
        let pending = completed.rows[0]?.pending;
        if (pending !== undefined) await statements.dropTriggers.run(trx, [userId, generation]);
        // A completion older than one already recorded changes nothing; the mark's state stays as it is.
        else pending = (await statements.pendingOf.run(trx, [userId])).rows[0]?.pending;
        return { audit, cleared: pending === undefined || Number(pending) === 0 };
      }),
    );
}

function createPostgresRecordSync(db: Kysely<Database>): RecordSync {
  const statement = postgresStatement();
  return (record) =>
    retryOnDeadlock(async () => {
      const row = auditRow(record.audit);
      const { userId, generation } = record.completion ?? { userId: record.link.userId, generation: 0 };
      const result = await statement.run(db, [
        ...linkValues(linkRow(record.link)),
        ...auditValues(row),
        userId,
        generation,
      ]);
      const written = result.rows[0];
      const audit = auditRecord(record.audit, row.at, sequenceOf(written?.seq));
      if (record.completion === undefined) return { audit };
      const pending = written?.pending;
      return { audit, cleared: pending === undefined || pending === null || Number(pending) === 0 };
    });
}

function linkValues(link: PlatformLinksTable): unknown[] {
  return [
    link.user_id,
    link.platform_user_id,
    link.username,
    link.created_by_connector,
    link.last_status,
    link.last_roles,
    link.last_decision,
    link.last_synced_at,
  ];
}

function auditValues(row: ReturnType<typeof auditRow>): unknown[] {
  return [row.user_id, row.trigger, row.outcome, row.reasons, row.changes, row.explanation, row.at];
}

function sequenceOf(seq: number | string | null | undefined): number {
  if (seq === undefined || seq === null)
    throw new Error('recordSync: the audit insert returned no sequence number');
  return Number(seq);
}
