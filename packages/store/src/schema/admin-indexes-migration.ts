/**
 * Migration 0007: what the admin API lists and filters by (docs/admin-api.md), each answered from an index so a
 * page never scans the whole directory or the whole audit log:
 * - users: the display name, folded, beside the folded userName, for the prefix search;
 * - platform links: the link's summary in columns (platform status, the reasons of a blocked decision, when the
 *   last decision was made), written by the sync engine with every link (PlatformLink.summary);
 * - audit log: the outcome, the trigger and the time of each entry.
 *
 * Existing rows get their values here, a page at a time: the display name from the stored resource, the
 * summary from the link's state document. Reading that document is the sync engine's business; this mirrors
 * its `extensionState` (connector-status.ts in @scim-connector/sync) once, for rows written before the columns
 * existed, and a row it cannot read gets `UNKNOWN`, as the engine shows an unreadable link.
 */
import { type Kysely, type Migration, sql } from 'kysely';
import type { DialectName } from '../connection/dialect-name.ts';
import { fold } from '../directory/fold.ts';
import type { LinkSummary } from '../types.ts';

const PAGE = 1000;

export function adminIndexesMigration(dialect: DialectName): Migration {
  const text = dialect === 'postgres' ? sql`text collate "C"` : sql`text`;
  return {
    async up(db: Kysely<unknown>) {
      await sql`alter table users add column display_name_folded ${text}`.execute(db);
      await sql`alter table platform_links add column platform_status ${text}`.execute(db);
      await sql`alter table platform_links add column blocked_reasons text`.execute(db);
      await sql`alter table platform_links add column decided_at ${text}`.execute(db);

      await backfillDisplayNames(db);
      await backfillSummaries(db);

      await sql`create index users_display_name_folded on users (display_name_folded, id)`.execute(db);
      await sql`create index users_name_order on users (user_name_folded, id)`.execute(db);
      await sql`create index platform_links_status on platform_links (platform_status, user_id)`.execute(db);
      await sql`create index platform_links_blocked on platform_links (user_id) where blocked_reasons is not null`.execute(
        db,
      );
      await sql`create index sync_queue_parked on sync_queue (user_id) where parked = 1`.execute(db);
      await sql`create index audit_log_outcome on audit_log (outcome, seq)`.execute(db);
      await sql`create index audit_log_trigger on audit_log (trigger, seq)`.execute(db);
      await sql`create index audit_log_at on audit_log (at, seq)`.execute(db);
    },
  };
}

async function backfillDisplayNames(db: Kysely<unknown>): Promise<void> {
  let after = '';
  for (;;) {
    const { rows } = await sql<{ id: string; resource: string }>`
      select id, resource from users where id > ${after} order by id limit ${PAGE}`.execute(db);
    for (const row of rows) {
      const folded = foldedDisplayName(row.resource);
      if (folded !== null)
        await sql`update users set display_name_folded = ${folded} where id = ${row.id}`.execute(db);
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE) return;
    after = last.id;
  }
}

async function backfillSummaries(db: Kysely<unknown>): Promise<void> {
  let after = '';
  for (;;) {
    const { rows } = await sql<{ user_id: string; state: string }>`
      select user_id, state from platform_links where user_id > ${after} order by user_id limit ${PAGE}`.execute(
      db,
    );
    for (const row of rows) {
      const summary = summaryOfState(row.state);
      await sql`update platform_links set platform_status = ${summary.platformStatus},
        blocked_reasons = ${summary.blockedReasons === null ? null : JSON.stringify(summary.blockedReasons)},
        decided_at = ${summary.decidedAt} where user_id = ${row.user_id}`.execute(db);
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < PAGE) return;
    after = last.user_id;
  }
}

/** The folded `displayName` of a stored user resource, or null when it has none. */
export function foldedDisplayName(resource: string): string | null {
  try {
    const parsed: unknown = JSON.parse(resource);
    const name = (parsed as { displayName?: unknown } | null)?.displayName;
    return typeof name === 'string' && name !== '' ? fold(name) : null;
  } catch {
    return null;
  }
}

const STATUS_OF_KIND: Record<string, string> = {
  creating: 'PENDING',
  absent: 'ABSENT',
  'not-linked': 'NOT_LINKED',
};

/** The summary of a link state written before 0007 (exported for the migration's tests). */
export function summaryOfState(stateText: string): LinkSummary {
  let state: unknown;
  try {
    state = JSON.parse(stateText);
  } catch {
    state = null;
  }
  const document = isObject(state) ? state : {};
  const link = isObject(document.link) ? document.link : {};
  const decision = isObject(document.lastDecision) ? document.lastDecision : undefined;
  let platformStatus = 'UNKNOWN';
  if (link.kind === 'linked' && (link.status === 'ACTIVE' || link.status === 'INACTIVE'))
    platformStatus = link.status;
  else if (typeof link.kind === 'string' && STATUS_OF_KIND[link.kind] !== undefined)
    platformStatus = STATUS_OF_KIND[link.kind] ?? 'UNKNOWN';
  const reasons = decision?.outcome === 'block' && Array.isArray(decision.reasons) ? decision.reasons : null;
  return {
    platformStatus,
    blockedReasons: reasons === null ? null : reasons.filter((r): r is string => typeof r === 'string'),
    decidedAt: typeof decision?.at === 'string' ? decision.at : null,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
