/** The audit log: one entry per sync decision, newest first when read. */
import type { Kysely } from 'kysely';
import { toIsoTimestamp } from '../context.ts';
import type { AuditLogTable, Database } from '../schema/database.ts';
import type { AuditEntry, AuditQuery, AuditRecord } from '../types.ts';

export async function appendAudit(db: Kysely<Database>, entry: AuditEntry): Promise<AuditRecord> {
  const row = auditRow(entry);
  const { seq } = await db.insertInto('audit_log').values(row).returning('seq').executeTakeFirstOrThrow();
  return auditRecord(entry, row.at, seq);
}

export function auditRow(entry: AuditEntry): Omit<AuditLogTable, 'seq'> {
  return {
    user_id: entry.userId,
    trigger: entry.trigger,
    outcome: entry.outcome,
    reasons: JSON.stringify(entry.reasons),
    changes: JSON.stringify(entry.changes ?? null),
    explanation: JSON.stringify(entry.explanation ?? null),
    at: toIsoTimestamp(entry.at, 'appendAudit at'),
  };
}

/** The entry as stored: with its sequence number, the normalised time and nulls for absent details. */
export function auditRecord(entry: AuditEntry, at: string, seq: number): AuditRecord {
  return { ...entry, changes: entry.changes ?? null, explanation: entry.explanation ?? null, at, seq };
}

export async function listAudit(db: Kysely<Database>, options: AuditQuery): Promise<AuditRecord[]> {
  // Each filter is an equality or a range on an indexed column ending in seq (0007), so the newest matching
  // entries come off an index without sorting the log.
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .$if(options.userId !== undefined, (query) => query.where('user_id', '=', options.userId ?? ''))
    .$if(options.outcome !== undefined, (query) => query.where('outcome', '=', options.outcome ?? 'none'))
    .$if(options.trigger !== undefined, (query) => query.where('trigger', '=', options.trigger ?? 'resync'))
    .$if(options.since !== undefined, (query) =>
      query.where('at', '>=', toIsoTimestamp(options.since ?? '', 'listAudit since')),
    )
    .$if(options.until !== undefined, (query) =>
      query.where('at', '<', toIsoTimestamp(options.until ?? '', 'listAudit until')),
    )
    .$if(options.beforeSeq !== undefined, (query) => query.where('seq', '<', options.beforeSeq ?? 0))
    .orderBy('seq', 'desc')
    .limit(Math.max(options.limit, 0))
    .execute();
  return rows.map((row) => ({
    seq: row.seq,
    userId: row.user_id,
    trigger: row.trigger,
    outcome: row.outcome,
    reasons: JSON.parse(row.reasons) as string[],
    changes: JSON.parse(row.changes) as unknown,
    explanation: JSON.parse(row.explanation) as unknown,
    at: row.at,
  }));
}
