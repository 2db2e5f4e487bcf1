/**
 * What the console pages read, assembled from the store, the sync engine and the rules holder: the same
 * collaborators the admin API routes use. Each read is bounded: pages of PAGE_SIZE, samples with a cap.
 */

import path from 'node:path';
import type { AuditOutcome, Trigger } from '@scim-connector/governance';
import { indexGroupRoles } from '@scim-connector/governance';
import { formatRoleName, parseRoleName } from '@scim-connector/role-grammar';
import { parseFilter, type StoredGroup, type UserExtensionHook } from '@scim-connector/scim';
import type { AuditQuery, AuditRecord, Store } from '@scim-connector/store';
import type { RulesHolder } from '../sync/rules-holder.ts';
import type { GroupGrant } from './views/groups.tsx';
import type { OverviewData } from './views/overview.tsx';

export const AUDIT_PAGE_SIZE = 50;
const AUDIT_CHUNK = 500;
/** The overview counts outcomes over at most this many of the newest audit entries. */
const OVERVIEW_AUDIT_SAMPLE = 2000;
const PARKED_SHOWN = 500;
const DAY_MS = 24 * 60 * 60 * 1000;
const GROUP_EXTENSION = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:Group';

export interface ConsoleData {
  store: Store;
  rules: RulesHolder;
  userStates: UserExtensionHook;
}

export async function overviewData({ store, rules }: ConsoleData, now = new Date()): Promise<OverviewData> {
  // Total and active are counters the database keeps as users change (migration 0011), not a scan of the users
  // table. Blocked, parked and drifted are counted on their own indexes: they cost the users counted
  // (docs/admin-api.md).
  const [{ total, active }, statuses, queue, parked, sample] = await Promise.all([
    store.userCounts(),
    store.adminStatusCounts(),
    store.queueStats(),
    store.listParked({ limit: 20 }),
    store.listAudit({ limit: OVERVIEW_AUDIT_SAMPLE }),
  ]);
  const since = now.getTime() - DAY_MS;
  const recent = sample.filter((entry) => Date.parse(entry.at) >= since);
  const counts = new Map<string, number>();
  for (const entry of recent) counts.set(entry.outcome, (counts.get(entry.outcome) ?? 0) + 1);
  const recentBlocks = recent.filter((entry) => entry.outcome === 'block').slice(0, 10);
  const userNames = await userNamesOf(
    store,
    recentBlocks.map((entry) => entry.userId),
  );
  const current = rules.current();
  const lastReload = rules.lastReload();
  return {
    users: { total, active, inactive: total - active, ...statuses },
    queue,
    parked,
    outcomes: [...counts].map(([outcome, count]) => ({ outcome, count })).sort((a, b) => b.count - a.count),
    sample: {
      read: sample.length,
      cap: OVERVIEW_AUDIT_SAMPLE,
      reachedCap: sample.length === OVERVIEW_AUDIT_SAMPLE && recent.length === sample.length,
    },
    recentBlocks,
    userNames,
    rules: {
      // The folder's name: where the server keeps it is no business of a page that ends up in tickets.
      folder: path.basename(rules.dir),
      loadedAt: rules.loadedAt(),
      ruleCount: current.rules.length,
      ...(lastReload ? { lastReload: { at: lastReload.at, ok: lastReload.ok } } : {}),
    },
  };
}

export async function parkedEntry(store: Store, userId: string) {
  const parked = await store.listParked({ limit: PARKED_SHOWN });
  return parked.find((p) => p.userId === userId);
}

export interface AuditFilter {
  userId?: string;
  outcome?: AuditOutcome;
  trigger?: Trigger;
  /** Entries at or after this ISO 8601 time. */
  since?: string;
  /** Entries before this ISO 8601 time. */
  until?: string;
  /** Entries older than this sequence number (paging). */
  before?: number;
}

/** The filter as the store's audit query takes it: each filter answered from its own index (0007). */
function auditQuery(filter: AuditFilter, limit: number): AuditQuery {
  return {
    limit,
    ...(filter.userId !== undefined && { userId: filter.userId }),
    ...(filter.outcome !== undefined && { outcome: filter.outcome }),
    ...(filter.trigger !== undefined && { trigger: filter.trigger }),
    ...(filter.since !== undefined && { since: filter.since }),
    ...(filter.until !== undefined && { until: filter.until }),
    ...(filter.before !== undefined && { beforeSeq: filter.before }),
  };
}

/** A page of audit entries newest first; `next` is where the following page starts, when there is one. */
export async function auditPage(
  store: Store,
  filter: AuditFilter,
  pageSize = AUDIT_PAGE_SIZE,
): Promise<{ entries: AuditRecord[]; next?: number }> {
  const read = await store.listAudit(auditQuery(filter, pageSize + 1));
  const entries = read.slice(0, pageSize);
  const last = entries.at(-1);
  return { entries, ...(read.length > pageSize && last ? { next: last.seq } : {}) };
}

/** Every audit entry matching the filter, newest first, chunk by chunk (for CSV export), at most `maxEntries`. */
export async function* allAudit(
  store: Store,
  filter: AuditFilter,
  maxEntries: number,
): AsyncGenerator<AuditRecord> {
  let before = filter.before;
  let sent = 0;
  for (;;) {
    const batch = await store.listAudit(
      auditQuery({ ...filter, ...(before !== undefined && { before }) }, AUDIT_CHUNK),
    );
    for (const entry of batch) {
      if (sent >= maxEntries) return;
      yield entry;
      sent += 1;
      before = entry.seq;
    }
    if (batch.length < AUDIT_CHUNK) return;
  }
}

/** userName by id for the users of a page, fifty ids a query (`id eq … or id eq …`, in SQL). */
export async function userNamesOf(store: Store, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  const names = new Map<string, string>();
  for (let start = 0; start < unique.length; start += 50) {
    const chunk = unique.slice(start, start + 50);
    const parsed = parseFilter(chunk.map((id) => `id eq ${JSON.stringify(id)}`).join(' or '));
    if (!parsed.ok) throw new Error(`console built an invalid filter: ${parsed.error.message}`);
    const result = await store.listUsers({ filter: parsed.value, startIndex: 1, count: chunk.length });
    for (const user of result.items) names.set(user.id, user.userName);
  }
  return names;
}

/** The roles a group grants its members and where each grant is defined (the sources governance reads). */
export function groupGrants(group: StoredGroup, rules: RulesHolder): GroupGrant[] {
  const current = rules.current();
  const grants: GroupGrant[] = [];
  /** A logical role (its ROLE part a key of role-mappings.json) expands to platform roles in the same context. */
  const expand = (role: string): readonly string[] | undefined => {
    const parsed = parseRoleName(role);
    if (!parsed.ok) return undefined;
    const targets = current.roleMappings.targets.get(parsed.value.role);
    return targets?.map((target) => formatRoleName({ ...parsed.value, role: target }));
  };
  const add = (role: string, definedBy: string) => {
    const expandsTo = expand(role);
    grants.push({ role, definedBy, ...(expandsTo ? { expandsTo } : {}) });
  };
  if (parseRoleName(group.displayName).ok) add(group.displayName, 'the group name itself is a role name');
  const index = indexGroupRoles(current.groupRoles);
  for (const role of index.rolesFor({
    id: group.id,
    displayName: group.displayName,
    ...(group.externalId ? { externalId: group.externalId } : {}),
  })) {
    add(role, 'group-roles.json');
  }
  const extension = group.resource[GROUP_EXTENSION] as { roles?: { value?: unknown }[] } | undefined;
  for (const entry of extension?.roles ?? []) {
    if (typeof entry.value === 'string') add(entry.value, "the group's roles attribute, sent by the IdP");
  }
  return grants;
}
