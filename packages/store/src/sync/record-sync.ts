/**
 * The end of one user's sync in one commit: the link, the audit entry and (for a queued user) the completion of
 * the dirty mark it was claimed for. Written separately they were three commits per user (on PostgreSQL three
 * disk flushes), and a crash between them could leave an audited push whose mark was never cleared.
 *
 * This runs once per synced user, so its statements are compiled once per store (reusable-query.ts); they are
 * the same statements saveLink, appendAudit and completeDirty build.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { DialectName } from '../connection/dialect-name.ts';
import { type ReusableQuery, reusableQuery, slot } from '../connection/reusable-query.ts';
import { retryOnDeadlock } from '../errors.ts';
import type { Database, PlatformLinksTable } from '../schema/database.ts';
import type { AuditRecord, SyncRecord } from '../types.ts';
import { auditRecord, auditRow } from './audit.ts';
import { linkRow } from './platform-links.ts';

export type RecordSync = (record: SyncRecord) => Promise<{ audit: AuditRecord; cleared?: boolean }>;

interface Statements {
  saveLink: ReusableQuery<unknown>;
  appendAudit: ReusableQuery<{ seq: number }>;
  /** Values: userId, generation. Same as completeDirty: a newer mark keeps the user pending. */
  complete: ReusableQuery<{ pending: number }>;
  dropTriggers: ReusableQuery<unknown>;
  pendingOf: ReusableQuery<{ pending: number }>;
}

function statements(): Statements {
  return {
    saveLink: reusableQuery((db) => {
      const changes = {
        platform_user_id: slot<string>(1),
        username: slot<string>(2),
        created_by_connector: slot<number>(3),
        last_status: slot<string>(4),
        last_roles: slot<string>(5),
        last_decision: slot<string>(6),
        last_synced_at: slot<string>(7),
      };
      return db
        .insertInto('platform_links')
        .values({ user_id: slot<string>(0), ...changes })
        .onConflict((conflict) => conflict.column('user_id').doUpdateSet(changes));
    }),
    appendAudit: reusableQuery((db) =>
      db
        .insertInto('audit_log')
        .values({
          user_id: slot<string>(0),
          trigger: slot<string>(1),
          outcome: slot<string>(2),
          reasons: slot<string>(3),
          changes: slot<string>(4),
          explanation: slot<string>(5),
          at: slot<string>(6),
        })
        .returning('seq'),
    ),
    complete: reusableQuery((db) =>
      db
        .updateTable('sync_queue')
        .set((eb) => ({
          synced_generation: slot<number>(1),
          pending: eb.case().when('generation', '>', slot<number>(1)).then(1).else(0).end(),
          attempts: 0,
          not_before: null,
          last_error: null,
          lease_owner: null,
          lease_until: null,
        }))
        .where('user_id', '=', slot<string>(0))
        .where('synced_generation', '<', slot<number>(1))
        .returning('pending'),
    ),
    dropTriggers: reusableQuery((db) =>
      db
        .deleteFrom('sync_triggers')
        .where('user_id', '=', slot<string>(0))
        .where('generation', '<=', slot<number>(1)),
    ),
    pendingOf: reusableQuery((db) =>
      db.selectFrom('sync_queue').select('pending').where('user_id', '=', slot<string>(0)),
    ),
  };
}

export function createRecordSync(db: Kysely<Database>, dialect: DialectName): RecordSync {
  if (dialect === 'postgres') return createPostgresRecordSync(db);
  const sql = statements();
  return (record) =>
    retryOnDeadlock(() =>
      db.transaction().execute(async (trx) => {
        const link = linkRow(record.link);
        await sql.saveLink.run(trx, linkValues(link));
        const row = auditRow(record.audit);
        const inserted = await sql.appendAudit.run(trx, auditValues(row));
        const audit = auditRecord(record.audit, row.at, sequenceOf(inserted.rows[0]?.seq));
        if (record.completion === undefined) return { audit };
        const { userId, generation } = record.completion;
        const completed = await sql.complete.run(trx, [userId, generation]);
        let pending = completed.rows[0]?.pending;
        if (pending !== undefined) await sql.dropTriggers.run(trx, [userId, generation]);
        // A completion older than one already recorded changes nothing; the mark's state stays as it is.
        else pending = (await sql.pendingOf.run(trx, [userId])).rows[0]?.pending;
        return { audit, cleared: pending === undefined || Number(pending) === 0 };
      }),
    );
}

/**
 * PostgreSQL: the same writes as one statement (data-modifying CTEs), so a push is recorded in one round trip
 * instead of six (begin, four statements, commit) while staying atomic: a single statement is its own
 * transaction. Without a completion the generation passed is 0, which no queue row is below, so the queue is
 * left alone. `current` reads the queue row as it was before this statement: when `done` updated nothing
 * (a completion older than one already recorded) that is also its state now.
 */
const POSTGRES_RECORD_SYNC = `
with link as (
  insert into platform_links
    (user_id, platform_user_id, username, created_by_connector, last_status, last_roles, last_decision, last_synced_at)
  values ($1, $2, $3, $4, $5, $6, $7, $8)
  on conflict (user_id) do update set
    platform_user_id = excluded.platform_user_id, username = excluded.username,
    created_by_connector = excluded.created_by_connector, last_status = excluded.last_status,
    last_roles = excluded.last_roles, last_decision = excluded.last_decision, last_synced_at = excluded.last_synced_at
), audit as (
  insert into audit_log (user_id, trigger, outcome, reasons, changes, explanation, at)
  values ($9, $10, $11, $12, $13, $14, $15)
  returning seq
), done as (
  update sync_queue set
    synced_generation = $17,
    pending = case when generation > $17 then 1 else 0 end,
    attempts = 0, not_before = null, last_error = null, lease_owner = null, lease_until = null
  where user_id = $16 and synced_generation < $17
  returning pending
), dropped as (
  delete from sync_triggers
  where user_id = $16 and generation <= $17 and exists (select 1 from done)
)
select
  (select seq from audit) as seq,
  coalesce((select pending from done), (select pending from sync_queue where user_id = $16)) as pending`;

function createPostgresRecordSync(db: Kysely<Database>): RecordSync {
  return (record) =>
    retryOnDeadlock(async () => {
      const row = auditRow(record.audit);
      const completion = record.completion ?? { userId: record.link.userId, generation: 0 };
      const result = await db.executeQuery<{ seq: number | string; pending: number | null }>(
        CompiledQuery.raw(POSTGRES_RECORD_SYNC, [
          ...linkValues(linkRow(record.link)),
          ...auditValues(row),
          completion.userId,
          completion.generation,
        ]),
      );
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

function sequenceOf(seq: number | string | undefined): number {
  if (seq === undefined || seq === null)
    throw new Error('recordSync: the audit insert returned no sequence number');
  return Number(seq);
}
