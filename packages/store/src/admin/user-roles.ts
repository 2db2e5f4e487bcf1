/**
 * Reads of what migration 0009 keeps by trigger: when each role was granted (role_grants, from the audit log),
 * and the console overview's counts of users by the statuses that have an index of their own (0007, 0006).
 */
import { type Kysely, sql } from 'kysely';
import { chunks } from '../chunks.ts';
import type { Database } from '../schema/database.ts';
import type { AdminStatusCounts, RoleGrant } from '../types.ts';

export async function roleGrants(
  db: Kysely<Database>,
  userIds: readonly string[],
): Promise<Map<string, Map<string, RoleGrant>>> {
  const grants = new Map<string, Map<string, RoleGrant>>();
  for (const chunk of chunks([...new Set(userIds)])) {
    const rows = await db.selectFrom('role_grants').selectAll().where('user_id', 'in', chunk).execute();
    for (const row of rows) {
      const ofUser = grants.get(row.user_id) ?? new Map<string, RoleGrant>();
      ofUser.set(row.role, { grantedAt: row.granted_at, auditSeq: Number(row.audit_seq) });
      grants.set(row.user_id, ofUser);
    }
  }
  return grants;
}

/**
 * Each count reads its status's index (platform_links_blocked, sync_queue_parked, drift_findings_user) and looks
 * each entry's user up by primary key, so it costs the users counted, not the directory; the join leaves out
 * deleted users, as the user list does.
 */
export async function adminStatusCounts(db: Kysely<Database>): Promise<AdminStatusCounts> {
  const { rows } = await sql<{ blocked: number | string; parked: number | string; drifted: number | string }>`
    select
      (select count(*) from platform_links l join users u on u.id = l.user_id
        where l.blocked_reasons is not null) as blocked,
      (select count(*) from sync_queue q join users u on u.id = q.user_id where q.parked = 1) as parked,
      (select count(distinct f.user_id) from drift_findings f join users u on u.id = f.user_id
        where f.user_id is not null) as drifted`.execute(db);
  const row = rows[0];
  return {
    blocked: Number(row?.blocked ?? 0),
    parked: Number(row?.parked ?? 0),
    drifted: Number(row?.drifted ?? 0),
  };
}
