/**
 * Listing with paging: SQL decides what it can (see filter-to-sql.ts); when the filter or the sort needs the
 * in-memory side, SQL narrows the candidates and the predicate and sort finish the job, so `totalResults` and
 * the page are exact either way.
 */
import {
  type AttrPath,
  invalidFilter,
  invalidValue,
  type ListQuery,
  type ListResult,
  printAttrPath,
  type ResourceType,
  type StoredGroup,
  type StoredUser,
  type UserGroupRef,
} from '@scim-connector/scim';
import { type Kysely, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { StoreContext } from '../context.ts';
import { withMembers } from '../directory/groups.ts';
import { toStoredGroup, toStoredUser } from '../directory/rows.ts';
import { groupsOfUsers } from '../directory/user-groups.ts';
import type { Database } from '../schema/database.ts';
import { type ColumnField, type FilterTarget, groupTarget, userTarget } from './filter-targets.ts';
import { columnlessAttributes, readsExtensionTables, translateFilter } from './filter-to-sql.ts';
import { tooManyInMemory } from './in-memory-bound.ts';
import { filterReadsGroups, groupCandidate, predicateFor, userCandidate } from './predicate.ts';
import { compareSortValues, isUnsortableExtension, parseSortBy, sortColumn, sortValue } from './sort.ts';

type ResourceTable = FilterTarget['table'];
type Select<TB extends ResourceTable, O> = SelectQueryBuilder<Database, TB, O>;

interface Loader<TB extends ResourceTable, T extends StoredUser | StoredGroup> {
  target: FilterTarget & { table: TB };
  resourceType: ResourceType;
  /** The table's base query. */
  from: () => Select<TB, object>;
  /** Selects the rows of an already filtered and ordered query (typed per table, where Kysely can see it). */
  fetch: (query: Select<TB, object>) => Promise<T[]>;
  /** Completes items after loading; `forPredicate` says the in-memory filter is about to read them. */
  prepare: (items: T[], forPredicate: boolean) => Promise<T[]>;
  candidate: (item: T) => Record<string, unknown>;
}

function page<T>(items: T[], query: ListQuery): T[] {
  const offset = Math.max(query.startIndex, 1) - 1;
  return items.slice(offset, offset + Math.max(query.count, 0));
}

function ordered<TB extends ResourceTable, O>(
  query: Select<TB, O>,
  table: TB,
  field: ColumnField | undefined,
  descending: boolean,
): Select<TB, O> {
  const idColumn = `${table}.id`;
  if (field === undefined || field.column === idColumn)
    return query.orderBy(sql.ref(idColumn), descending ? 'desc' : 'asc');
  // Absent values last in both directions; ties by id so pages never overlap or skip.
  const byNull = field.nullable ? query.orderBy(sql`(${sql.ref(field.column)} is null)`) : query;
  return byNull.orderBy(sql.ref(field.column), descending ? 'desc' : 'asc').orderBy(sql.ref(idColumn));
}

async function countOf<TB extends ResourceTable>(query: Select<TB, object>): Promise<number> {
  return Number(
    (await query.select(sql<number | string>`count(*)`.as('total')).executeTakeFirstOrThrow()).total,
  );
}

/**
 * A page sorted by a nullable column, in two runs: the rows with a value in the column's order, then the rows
 * without one by id (absent values sort last, RFC 7644 section 3.4.2.3). Each run walks the column's index
 * (column, id) and stops after the page; one ORDER BY over `(column is null)` would sort every row first, since
 * neither database can read that order from the index.
 */
async function pageByNullableColumn<TB extends ResourceTable, T extends StoredUser | StoredGroup>(
  narrowed: Select<TB, object>,
  loader: Loader<TB, T>,
  field: ColumnField,
  descending: boolean,
  window: { offset: number; count: number },
): Promise<ListResult<T>> {
  const column = sql.ref(field.column);
  const id = sql.ref(`${loader.target.table}.id`);
  const present = narrowed.where(sql<SqlBool>`${column} is not null`);
  const absent = narrowed.where(sql<SqlBool>`${column} is null`);
  const presentTotal = await countOf(present);
  const total = presentTotal + (await countOf(absent));
  const { offset, count } = window;
  const rows: T[] = [];
  if (count > 0 && offset < presentTotal) {
    const run = present.orderBy(column, descending ? 'desc' : 'asc').orderBy(id);
    rows.push(...(await fetchInOrder(loader, run.limit(count).offset(offset))));
  }
  const left = count - rows.length;
  if (left > 0 && offset + rows.length < total) {
    const run = absent
      .orderBy(id)
      .limit(left)
      .offset(Math.max(offset - presentTotal, 0));
    rows.push(...(await fetchInOrder(loader, run)));
  }
  return { totalResults: total, items: await loader.prepare(rows, false) };
}

/**
 * The rows of an ordered page, found by id first: the ordering and the offset then read only the index (column,
 * id), and whole rows are read for the page alone. Ordering whole rows made SQLite's sorter carry every skipped
 * row of a deep page (docs/benchmarks.md, the SCIM list section).
 */
async function fetchInOrder<TB extends ResourceTable, T extends StoredUser | StoredGroup>(
  loader: Loader<TB, T>,
  page: Select<TB, object>,
): Promise<T[]> {
  const id = sql.ref(`${loader.target.table}.id`);
  const ids = (await page.select(sql<string>`${id}`.as('page_id')).execute()).map((row) => row.page_id);
  if (ids.length === 0) return [];
  const rows = await loader.fetch(loader.from().where(sql<SqlBool>`${id} in (${sql.join(ids)})`));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((pageId) => byId.get(pageId) ?? []);
}

function sortInMemory<T extends StoredUser | StoredGroup>(
  items: T[],
  path: AttrPath,
  descending: boolean,
  candidate: (item: T) => Record<string, unknown>,
): T[] {
  const byId = (a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const keyed = items.map((item) => ({ item, key: sortValue(candidate(item), path) }));
  keyed.sort((a, b) => {
    const bothPresent = a.key !== undefined && b.key !== undefined;
    const order =
      descending && bothPresent ? compareSortValues(b.key, a.key) : compareSortValues(a.key, b.key);
    return order || byId(a.item, b.item);
  });
  return keyed.map((entry) => entry.item);
}

async function listRows<TB extends ResourceTable, T extends StoredUser | StoredGroup>(
  db: Kysely<Database>,
  ctx: StoreContext,
  query: ListQuery,
  loader: Loader<TB, T>,
): Promise<ListResult<T>> {
  const { target } = loader;
  const translation = query.filter ? translateFilter(query.filter, target, ctx.dialect) : undefined;
  const filterExact = translation?.exact ?? true;
  // The in-memory predicate cannot see the connector extension: a filter on it that SQL cannot decide whole
  // would come back empty without a word. Refuse it instead (RFC 7644 section 3.4.2.2, invalidFilter).
  if (query.filter && !filterExact && readsExtensionTables(query.filter, target))
    throw invalidFilter(
      'Filters on the connector extension support platformStatus (eq, ne, co, sw, ew, pr), blockedReasons pr, ' +
        'and lastSyncedAt (eq, gt, ge, lt, le, pr with an ISO 8601 date-time), combined with attributes that ' +
        'have columns (userName, externalId, active, emails, groups, id, meta.created, meta.lastModified).',
    );
  const sortPath = query.sortBy === undefined ? undefined : parseSortBy(query.sortBy);
  // Sorting is optional (RFC 7644 section 3.4.2.3): an attribute this store cannot sort is refused by name, never
  // answered in id order without a word.
  if (sortPath !== undefined && isUnsortableExtension(target, sortPath))
    throw invalidValue(
      `sortBy=${printAttrPath(sortPath)} is not supported: the connector extension's platformStatus, ` +
        'blockedReasons and lastSyncedAt cannot be sorted. Filter on them instead (for example ' +
        'filter=platformStatus eq "PARKED") and sort by an attribute of the user, such as userName.',
    );
  const base = loader.from();
  const narrowed = translation?.condition ? base.where(translation.condition) : base;
  const column = sortPath === undefined ? undefined : sortColumn(target, sortPath);
  const descending = query.sortOrder === 'descending';

  if (filterExact && (sortPath === undefined || column !== undefined)) {
    const count = Math.max(query.count, 0);
    const offset = Math.max(query.startIndex, 1) - 1;
    if (column?.nullable)
      return pageByNullableColumn(narrowed, loader, column, descending, { offset, count });
    const rows =
      count === 0
        ? []
        : await loader.fetch(ordered(narrowed, target.table, column, descending).limit(count).offset(offset));
    // A short page that starts inside the results tells the total by itself: a lookup by userName (one row) or
    // a first page of a small list needs no count(*).
    const pageShowsTotal = rows.length < count && (rows.length > 0 || offset === 0);
    const total = pageShowsTotal ? offset + rows.length : await countOf(narrowed);
    const items = await loader.prepare(rows, false);
    return { totalResults: total, items };
  }

  // Bounded (issue #13): the in-memory side reads at most maxInMemoryRows candidates; a request that would read
  // more is refused, naming what has no index, instead of loading the table into memory. The candidates are
  // counted first (ids only, at most bound + 1 of them), so a refusal reads no resource.
  const limited = narrowed
    .select(sql.ref(`${target.table}.id`).as('candidate'))
    .limit(ctx.maxInMemoryRows + 1);
  const counted = await db
    .selectFrom(limited.as('candidates'))
    .select(sql<number | string>`count(*)`.as('total'))
    .executeTakeFirstOrThrow();
  const candidates = Number(counted.total);
  const rows =
    candidates > ctx.maxInMemoryRows
      ? []
      : await loader.fetch(
          ordered(narrowed, target.table, column, descending).limit(ctx.maxInMemoryRows + 1),
        );
  if (candidates > ctx.maxInMemoryRows) {
    throw tooManyInMemory(loader.resourceType, ctx.maxInMemoryRows, {
      ...(!filterExact && query.filter
        ? { filterAttributes: columnlessAttributes(query.filter, target) }
        : {}),
      ...(sortPath !== undefined && column === undefined ? { sortBy: printAttrPath(sortPath) } : {}),
    });
  }
  let items = await loader.prepare(rows, !filterExact);
  if (!filterExact && query.filter) {
    const matches = predicateFor(query.filter, loader.resourceType);
    items = items.filter((item) => matches(loader.candidate(item)));
  }
  if (sortPath !== undefined && column === undefined)
    items = sortInMemory(items, sortPath, descending, loader.candidate);
  return { totalResults: items.length, items: page(items, query) };
}

export function listUsers(
  db: Kysely<Database>,
  ctx: StoreContext,
  query: ListQuery,
): Promise<ListResult<StoredUser>> {
  // Only a filter on `groups` left to the predicate needs the candidates' memberships.
  const readsGroups = query.filter !== undefined && filterReadsGroups(query.filter);
  let groupsOf = new Map<string, UserGroupRef[]>();
  return listRows(db, ctx, query, {
    target: userTarget,
    from: () => db.selectFrom('users'),
    resourceType: 'User',
    fetch: async (query) => (await query.selectAll().execute()).map(toStoredUser),
    prepare: async (items, forPredicate) => {
      if (forPredicate && readsGroups) {
        groupsOf = await groupsOfUsers(
          db,
          ctx,
          items.map((user) => user.id),
        );
      }
      return items;
    },
    candidate: (user) => userCandidate(user, readsGroups ? (groupsOf.get(user.id) ?? []) : undefined),
  });
}

export async function listGroups(
  db: Kysely<Database>,
  ctx: StoreContext,
  query: ListQuery & { members?: boolean },
): Promise<ListResult<StoredGroup>> {
  const wantMembers = query.members !== false;
  const result = await listRows(db, ctx, query, {
    target: groupTarget,
    from: () => db.selectFrom('groups'),
    resourceType: 'Group',
    fetch: async (query) => (await query.selectAll().execute()).map(toStoredGroup),
    // The predicate may filter on members, so candidates carry them; the page keeps them only when asked.
    prepare: (items, forPredicate) =>
      wantMembers || forPredicate ? withMembers(db, items) : Promise.resolve(items),
    candidate: groupCandidate,
  });
  if (wantMembers) return result;
  return { ...result, items: result.items.map(({ members: _members, ...group }) => group) };
}
