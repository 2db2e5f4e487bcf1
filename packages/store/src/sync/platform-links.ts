/** Which platform account a directory user is linked to, and what the connector last pushed there. */
import type { Kysely, OnConflictBuilder } from 'kysely';
import { chunks } from '../chunks.ts';
import { type Placeholders, perStore, reusableQuery } from '../connection/reusable-query.ts';
import { type StoreContext, toIsoTimestamp } from '../context.ts';
import { retryOnDeadlock } from '../errors.ts';
import type { Database, PlatformLinksTable } from '../schema/database.ts';
import type { JsonValue, LinkSummary, PlatformLink } from '../types.ts';

/** Compiled once per store: the sync cycle and every user the SCIM API shows read a link. */
const linkOf = perStore(() =>
  reusableQuery((db, $: Placeholders<{ userId: string }>) =>
    db.selectFrom('platform_links').selectAll().where('user_id', '=', $.userId),
  ),
);

export async function getLink(
  db: Kysely<Database>,
  ctx: StoreContext,
  userId: string,
): Promise<PlatformLink | undefined> {
  const [row] = (await linkOf(ctx).run(db, { userId })).rows;
  return row && toLink(row);
}

/** The links of several users in one query per chunk (a page of SCIM users); users without one are absent. */
export async function getLinks(
  db: Kysely<Database>,
  ctx: StoreContext,
  userIds: readonly string[],
): Promise<Map<string, PlatformLink>> {
  const links = new Map<string, PlatformLink>();
  const [onlyId] = userIds;
  if (userIds.length === 1 && onlyId !== undefined) {
    // The page of one user every GET by id or userName and every write's answer shows.
    const link = await getLink(db, ctx, onlyId);
    if (link) links.set(onlyId, link);
    return links;
  }
  for (const chunk of chunks([...new Set(userIds)])) {
    const rows = await db.selectFrom('platform_links').selectAll().where('user_id', 'in', chunk).execute();
    for (const row of rows) links.set(row.user_id, toLink(row));
  }
  return links;
}

export function toLink(row: PlatformLinksTable): PlatformLink {
  const link: PlatformLink = {
    userId: row.user_id,
    state: parseJson(row.state),
    lastSyncedAt: row.last_synced_at,
  };
  if (row.platform_status !== null) {
    link.summary = {
      platformStatus: row.platform_status,
      blockedReasons: row.blocked_reasons === null ? null : (JSON.parse(row.blocked_reasons) as string[]),
      decidedAt: row.decided_at,
    };
  }
  return link;
}

/** The column holds what `linkRow` stringified, so parsing it gives back a JSON value. */
function parseJson(text: string): JsonValue {
  return JSON.parse(text);
}

export async function saveLink(db: Kysely<Database>, link: PlatformLink): Promise<void> {
  await db.insertInto('platform_links').values(linkRow(link)).onConflict(replaceLinkOnConflict).execute();
}

/** What an upsert of a link replaces: every column but its key. The `satisfies` fails on a column left out. */
type ReplacedLinkColumn = Exclude<keyof PlatformLinksTable, 'user_id'>;
const REPLACED_LINK_COLUMNS = Object.keys({
  state: true,
  last_synced_at: true,
  platform_status: true,
  blocked_reasons: true,
  decided_at: true,
} satisfies Record<ReplacedLinkColumn, true>) as ReplacedLinkColumn[];

/**
 * The conflict clause of every link upsert (saveLink, saveLinks, the push record): a link already stored for the
 * user is replaced whole by the one being inserted (`excluded`), so each row of a many-row insert replaces its own.
 */
export function replaceLinkOnConflict(conflict: OnConflictBuilder<Database, 'platform_links'>) {
  return conflict
    .column('user_id')
    .doUpdateSet((eb) =>
      Object.fromEntries(REPLACED_LINK_COLUMNS.map((column) => [column, eb.ref(`excluded.${column}`)])),
    );
}

/**
 * Several links in one commit, all stored or none: the create intents of users whose creates start together
 * (docs/architecture.md, "Group commit"). A user given twice keeps the later link, as two saveLink calls would,
 * and is written once: one upsert statement may not touch a row twice (PostgreSQL refuses it). Written in user-id
 * order, as push records are, so two batches take their row locks in one order; one statement per chunk, for the
 * bind-parameter limits.
 */
export async function saveLinks(db: Kysely<Database>, links: readonly PlatformLink[]): Promise<void> {
  const latest = new Map(links.map((link) => [link.userId, linkRow(link)]));
  const rows = [...latest.values()].sort((a, b) =>
    a.user_id < b.user_id ? -1 : a.user_id > b.user_id ? 1 : 0,
  );
  if (rows.length === 0) return;
  await retryOnDeadlock(() =>
    db.transaction().execute(async (trx) => {
      for (const chunk of chunks(rows)) {
        await trx.insertInto('platform_links').values(chunk).onConflict(replaceLinkOnConflict).execute();
      }
    }),
  );
}

export function linkRow(link: PlatformLink): PlatformLinksTable {
  return {
    user_id: link.userId,
    state: JSON.stringify(link.state),
    last_synced_at: toIsoTimestamp(link.lastSyncedAt, 'saveLink lastSyncedAt'),
    ...summaryColumns(link.summary),
  };
}

function summaryColumns(
  summary: LinkSummary | undefined,
): Pick<PlatformLinksTable, 'platform_status' | 'blocked_reasons' | 'decided_at'> {
  if (summary === undefined) return { platform_status: null, blocked_reasons: null, decided_at: null };
  return {
    platform_status: summary.platformStatus,
    blocked_reasons: summary.blockedReasons === null ? null : JSON.stringify(summary.blockedReasons),
    decided_at: summary.decidedAt === null ? null : toIsoTimestamp(summary.decidedAt, 'saveLink decidedAt'),
  };
}
