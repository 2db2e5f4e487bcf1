/** User reads and writes. Each write also maintains the email index, the tombstone and the dirty mark. */

import type { Trigger } from '@scim-connector/governance';
import {
  type JournalEntry,
  type NewUser,
  type StoredUser,
  UniquenessConflict,
  VersionConflict,
} from '@scim-connector/scim';
import { type Kysely, sql } from 'kysely';
import { chunks } from '../chunks.ts';
import { type Placeholders, perStore, reusableQuery } from '../connection/reusable-query.ts';
import type { StoreContext } from '../context.ts';
import { ResourceNotFound, translateUniqueViolation } from '../errors.ts';
import { insertTriggersOfMarked, markQueueOfInserted, markUsersDirty } from '../queue/marks.ts';
import type { Database, UserRow } from '../schema/database.ts';
import { userAttributeColumns } from './attribute-columns.ts';
import { emailRows, insertEmails, updateEmails } from './emails.ts';
import { fold } from './fold.ts';
import { type JournalValues, journalValues } from './journal.ts';
import { bumpGroupsContaining } from './memberships.ts';
import { parseResource, toStoredUser } from './rows.ts';

/**
 * The statements every SCIM user request runs, compiled once per store (building and compiling a Kysely query
 * costs about as much as SQLite takes to run it).
 */
const statements = perStore(() => ({
  byId: reusableQuery((db, $: Placeholders<{ id: string }>) =>
    db.selectFrom('users').selectAll().where('id', '=', $.id),
  ),
  /** PostgreSQL: the row stays locked until the transaction ends. */
  lockById: reusableQuery((db, $: Placeholders<{ id: string }>) =>
    db.selectFrom('users').selectAll().where('id', '=', $.id).forUpdate(),
  ),
  /** Values: the row. */
  insert: reusableQuery((db, $: Placeholders<UserRow>) =>
    db
      .insertInto('users')
      .values({ id: $.id, created: $.created, ...rewritten($) })
      .onConflict((conflict) => conflict.doNothing())
      .returning('id'),
  ),
  /**
   * PostgreSQL: the row, its e-mail rows (a JSON array) and its dirty mark in one statement of data-modifying
   * CTEs, one round trip instead of three (docs/benchmarks.md, issue #15). Returns the id when the row went in.
   */
  insertAndMark: reusableQuery((db, $: Placeholders<InsertValues>) =>
    insertWithEmailsAndMark(db, $).selectFrom('inserted').select('inserted.id'),
  ),
  /**
   * PostgreSQL: a whole SCIM create in one statement, run outside any transaction (`createUserWithJournal`): the
   * statement of `insertAndMark` plus the journal entry, which like the rest is written from the `inserted` CTE.
   */
  insertMarkAndJournal: reusableQuery((db, $: Placeholders<InsertValues & JournalValues>) =>
    insertWithEmailsAndMark(db, $)
      .with('journaled', (qb) =>
        qb
          .insertInto('journal')
          .columns(['at', 'method', 'path', 'body', 'resource_id'])
          .expression(
            sql`select cast(${$.at} as text), cast(${$.method} as text), cast(${$.path} as text),
              cast(${$.body} as text), cast(${$.resource_id} as text) from inserted`,
          ),
      )
      .selectFrom('inserted')
      .select('inserted.id'),
  ),
  /** Values: the row; everything but the identity and the creation time is rewritten. */
  update: reusableQuery((db, $: Placeholders<UserRow>) =>
    db.updateTable('users').set(rewritten($)).where('id', '=', $.id),
  ),
}));

/** A created user's row, its e-mail rows as a JSON array, and the trigger of its mark. */
type InsertValues = UserRow & { emails: string; trigger: Trigger };

function insertValues(row: UserRow, resource: NewUser['resource']): InsertValues {
  return { ...row, emails: JSON.stringify(emailRows(resource)), trigger: 'user.created' };
}

/**
 * PostgreSQL: CTEs that insert the row (`inserted`: its id, or nothing when a unique index refused it), its e-mail
 * rows and its dirty mark. Everything after the row is written from `inserted`, so a refused row leaves nothing
 * behind, inside a transaction or not.
 */
function insertWithEmailsAndMark(db: Kysely<Database>, $: Placeholders<InsertValues>) {
  return db
    .with('inserted', (qb) =>
      qb
        .insertInto('users')
        .values({ id: $.id, created: $.created, ...rewritten($) })
        .onConflict((conflict) => conflict.doNothing())
        .returning('id'),
    )
    .with('emails', (qb) =>
      qb
        .insertInto('user_emails')
        .columns(['user_id', 'position', 'value_folded', 'type_folded', 'is_primary'])
        .expression(
          sql`select inserted.id, e.position, e.value_folded, e.type_folded, e.is_primary
            from inserted cross join jsonb_to_recordset(cast(${$.emails} as jsonb))
              as e (position integer, value_folded text, type_folded text, is_primary integer)`,
        ),
    )
    .with('marked', (qb) => markQueueOfInserted(qb, $.created).returning(['user_id', 'generation']))
    .with('triggered', (qb) => insertTriggersOfMarked(qb, $.trigger));
}

/** What an update rewrites: everything but the identity and the creation time. */
function rewritten($: Placeholders<UserRow>): Omit<UserRow, 'id' | 'created'> {
  return {
    user_name: $.user_name,
    user_name_folded: $.user_name_folded,
    external_id: $.external_id,
    active: $.active,
    resource: $.resource,
    version: $.version,
    last_modified: $.last_modified,
    display_name_folded: $.display_name_folded,
    title_folded: $.title_folded,
    given_name_folded: $.given_name_folded,
    family_name_folded: $.family_name_folded,
    employee_number_folded: $.employee_number_folded,
    department_folded: $.department_folded,
  };
}

export async function getUser(
  db: Kysely<Database>,
  ctx: StoreContext,
  id: string,
): Promise<StoredUser | undefined> {
  const [row] = (await statements(ctx).byId.run(db, { id })).rows;
  return row && toStoredUser(row);
}

export async function existingUserIds(db: Kysely<Database>, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const chunk of chunks([...new Set(ids)])) {
    const rows = await db.selectFrom('users').select('id').where('id', 'in', chunk).execute();
    for (const row of rows) found.add(row.id);
  }
  return found;
}

async function assertUserNameFree(
  db: Kysely<Database>,
  userName: string,
  folded: string,
  exceptId?: string,
): Promise<void> {
  let query = db.selectFrom('users').select('id').where('user_name_folded', '=', folded);
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  if (await query.executeTakeFirst()) throw new UniquenessConflict('userName', userName);
}

function userNameConflict(user: { id?: string; userName: string }) {
  return (constraint: string) =>
    constraint.includes('user_name')
      ? new UniquenessConflict('userName', user.userName)
      : new UniquenessConflict('id', user.id ?? '');
}

/**
 * Writes the row, its e-mail rows and its dirty mark; false when a unique index refused the row. PostgreSQL does
 * it in one statement (`insertAndMark`); SQLite, whose statements cost no round trip, in three.
 */
async function insertRowWithEmailsAndMark(
  db: Kysely<Database>,
  ctx: StoreContext,
  row: UserRow,
  resource: NewUser['resource'],
): Promise<boolean> {
  if (ctx.dialect === 'postgres') {
    return (await statements(ctx).insertAndMark.run(db, insertValues(row, resource))).rows.length > 0;
  }
  if ((await statements(ctx).insert.run(db, row)).rows.length === 0) return false;
  await insertEmails(db, row.id, resource);
  await markUsersDirty(db, ctx, [row.id], 'user.created');
  return true;
}

export async function insertUser(
  db: Kysely<Database>,
  ctx: StoreContext,
  user: NewUser,
): Promise<StoredUser> {
  const row = newUserRow(ctx, user);
  // The unique indexes decide, races between concurrent creates included, in one statement: a conflict inserts
  // nothing instead of raising an error that would abort a PostgreSQL transaction, so no pre-check is needed.
  if (!(await insertRowWithEmailsAndMark(db, ctx, row, user.resource))) throw await refusal(db, user);
  return toStoredUser(row);
}

/**
 * PostgreSQL: the user (as `insertUser`) and its journal entry (as `appendJournal`) in one statement, run on the
 * pool without a transaction: one round trip where a transaction of the two takes four (docs/benchmarks.md,
 * issue #15). A single statement is atomic by itself, and every row after the user's is written only when the
 * user's row went in.
 */
export async function createUserWithJournal(
  db: Kysely<Database>,
  ctx: StoreContext,
  user: NewUser,
  entry: JournalEntry,
): Promise<StoredUser> {
  const row = newUserRow(ctx, user);
  const values = { ...insertValues(row, user.resource), ...journalValues(row.created, entry) };
  const { rows } = await statements(ctx).insertMarkAndJournal.run(db, values);
  if (rows.length === 0) throw await refusal(db, user);
  return toStoredUser(row);
}

/** Which unique index refused the row: the id is checked, the name is the other one. */
async function refusal(db: Kysely<Database>, user: NewUser): Promise<UniquenessConflict> {
  const sameId = await db.selectFrom('users').select('id').where('id', '=', user.id).executeTakeFirst();
  return sameId ? new UniquenessConflict('id', user.id) : new UniquenessConflict('userName', user.userName);
}

function newUserRow(ctx: StoreContext, user: NewUser): UserRow {
  const now = ctx.now();
  return {
    id: user.id,
    user_name: user.userName,
    user_name_folded: fold(user.userName),
    external_id: user.externalId ?? null,
    active: user.active ? 1 : 0,
    resource: JSON.stringify(user.resource),
    version: 1,
    created: now,
    last_modified: now,
    ...userAttributeColumns(user.resource),
  };
}

async function lockUser(db: Kysely<Database>, ctx: StoreContext, id: string): Promise<UserRow | undefined> {
  // SQLite has no row locks (its write transaction holds the whole database) nor `for update`.
  const { byId, lockById } = statements(ctx);
  const [row] = (await (ctx.dialect === 'postgres' ? lockById : byId).run(db, { id })).rows;
  return row;
}

export async function updateUser(
  db: Kysely<Database>,
  ctx: StoreContext,
  id: string,
  user: Omit<NewUser, 'id'>,
  options: { expectedVersion?: number } = {},
): Promise<StoredUser> {
  const current = await lockUser(db, ctx, id);
  if (!current) throw new ResourceNotFound('User', id);
  if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
    throw new VersionConflict(current.version);
  }
  const folded = fold(user.userName);
  if (folded !== current.user_name_folded) await assertUserNameFree(db, user.userName, folded, id);
  const row: UserRow = {
    id,
    user_name: user.userName,
    user_name_folded: folded,
    external_id: user.externalId ?? null,
    active: user.active ? 1 : 0,
    resource: JSON.stringify(user.resource),
    version: current.version + 1,
    created: current.created,
    last_modified: ctx.now(),
    ...userAttributeColumns(user.resource),
  };
  await translateUniqueViolation(
    () => statements(ctx).update.run(db, row),
    userNameConflict({ id, userName: user.userName }),
  );
  await updateEmails(db, ctx.dialect, id, parseResource(current.resource), user.resource);
  const deactivated = current.active === 1 && !user.active;
  await markUsersDirty(db, ctx, [id], deactivated ? 'user.deactivated' : 'user.updated');
  return toStoredUser(row);
}

export async function deleteUser(db: Kysely<Database>, ctx: StoreContext, id: string): Promise<boolean> {
  const current = await lockUser(db, ctx, id);
  if (!current) return false;
  const tombstone = {
    id: current.id,
    user_name: current.user_name,
    external_id: current.external_id,
    active: current.active,
    resource: current.resource,
    version: current.version,
    created: current.created,
    last_modified: current.last_modified,
  };
  await db.deleteFrom('deleted_users').where('id', '=', id).execute();
  await db
    .insertInto('deleted_users')
    .values({ ...tombstone, deleted_at: ctx.now() })
    .execute();
  await bumpGroupsContaining(db, ctx, id);
  await db.deleteFrom('memberships').where('member_id', '=', id).execute();
  await db.deleteFrom('users').where('id', '=', id).execute();
  await markUsersDirty(db, ctx, [id], 'user.deleted');
  return true;
}
