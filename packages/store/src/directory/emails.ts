/**
 * Keeps the `user_emails` side table in step with a user's `emails[]`, so email filters use an index. A change
 * writes only the difference (issue #13): the rows of emails that stay are not touched, so a PATCH of one
 * address of a user with 1,000 costs one row, not 1,000 deletes and 1,000 inserts.
 *
 * `position` only keys a row within its user: nothing reads the emails' order from this table (the stored
 * resource keeps it), so a row keeps its position while the array around it changes.
 */
import type { ResourceJson } from '@scim-connector/scim';
import { type Kysely, sql } from 'kysely';
import { chunks } from '../chunks.ts';
import type { DialectName } from '../connection/dialect-name.ts';
import { pushTo } from '../multimap.ts';
import type { Database, UserEmailsTable } from '../schema/database.ts';
import { fold } from './fold.ts';

/** What a row says about its email: the part a filter reads. */
export type EmailContent = Omit<UserEmailsTable, 'user_id' | 'position'>;
export type EmailRow = Omit<UserEmailsTable, 'user_id'>;

export function emailContents(resource: ResourceJson): EmailContent[] {
  const emails = resource.emails;
  if (!Array.isArray(emails)) return [];
  const contents: EmailContent[] = [];
  for (const element of emails as unknown[]) {
    if (typeof element !== 'object' || element === null) continue;
    const { value, type, primary } = element as Record<string, unknown>;
    contents.push({
      value_folded: typeof value === 'string' ? fold(value) : null,
      type_folded: typeof type === 'string' ? fold(type) : null,
      is_primary: typeof primary === 'boolean' ? (primary ? 1 : 0) : null,
    });
  }
  return contents;
}

const contentKey = (row: EmailContent) => JSON.stringify([row.value_folded, row.type_folded, row.is_primary]);

function sameContents(a: readonly EmailContent[], b: readonly EmailContent[]): boolean {
  return a.length === b.length && a.every((row, index) => contentKey(row) === contentKey(b[index] ?? row));
}

export interface EmailDiff {
  /** Positions whose rows go. */
  removed: number[];
  /** Rows that stay under their position with new content. */
  changed: EmailRow[];
  /** New rows, at positions no stored row has. */
  added: EmailRow[];
}

/** Takes the first entry of `key` from a multimap of unmatched entries, if any is left. */
function take<T>(unmatched: Map<string, T[]>, key: string): T | undefined {
  const entries = unmatched.get(key);
  const entry = entries?.shift();
  if (entries?.length === 0) unmatched.delete(key);
  return entry;
}

/**
 * The writes that turn the stored rows into `wanted`. Equal emails keep their rows; an email whose type or
 * primary changed takes over the row of the same address (so the address index is not rewritten); what is left
 * reuses freed rows, then deletes or inserts.
 */
export function emailDiff(stored: readonly EmailRow[], wanted: readonly EmailContent[]): EmailDiff {
  const unmatched = new Map<string, EmailRow[]>();
  for (const row of stored) pushTo(unmatched, contentKey(row), row);
  const missing = wanted.filter((content) => take(unmatched, contentKey(content)) === undefined);
  const freedByValue = new Map<string, EmailRow[]>();
  for (const row of [...unmatched.values()].flat().sort((a, b) => a.position - b.position))
    pushTo(freedByValue, String(row.value_folded), row);
  const changed: EmailRow[] = [];
  const unpaired: EmailContent[] = [];
  for (const content of missing) {
    const row = take(freedByValue, String(content.value_folded));
    if (row) changed.push({ position: row.position, ...content });
    else unpaired.push(content);
  }
  const freed = [...freedByValue.values()].flat().sort((a, b) => a.position - b.position);
  unpaired.slice(0, freed.length).forEach((content, index) => {
    changed.push({ position: (freed[index] as EmailRow).position, ...content });
  });
  let next = stored.reduce((max, row) => Math.max(max, row.position + 1), 0);
  return {
    removed: freed.slice(unpaired.length).map((row) => row.position),
    changed,
    added: unpaired.slice(freed.length).map((content) => ({ position: next++, ...content })),
  };
}

async function insertRows(db: Kysely<Database>, userId: string, rows: readonly EmailRow[]): Promise<void> {
  // In chunks: one statement for thousands of emails would exceed SQLite's bind-variable limit (chunks.ts).
  for (const chunk of chunks(rows)) {
    await db
      .insertInto('user_emails')
      .values(chunk.map((row) => ({ user_id: userId, ...row })))
      .execute();
  }
}

/** A new user's e-mail rows: every element of `emails`, at its position. */
export function emailRows(resource: ResourceJson): EmailRow[] {
  return emailContents(resource).map((content, position) => ({ position, ...content }));
}

export async function insertEmails(
  db: Kysely<Database>,
  userId: string,
  resource: ResourceJson,
): Promise<void> {
  await insertRows(db, userId, emailRows(resource));
}

/**
 * Rewrites the content of the rows at the given positions, a chunk per statement, as one join on the primary
 * key. PostgreSQL takes the chunk as four arrays (`unnest`): a `values` list of 500 rows is 2,000 bound values
 * to send, parse and plan, which cost several times the update itself. SQLite (3.33 and later) joins a `values`
 * list; its values are bound in process.
 */
async function updateRows(
  db: Kysely<Database>,
  dialect: DialectName,
  userId: string,
  rows: readonly EmailRow[],
): Promise<void> {
  const set = sql`set value_folded = changed.value_folded, type_folded = changed.type_folded,
    is_primary = changed.is_primary`;
  const where = sql`where user_emails.user_id = ${userId} and user_emails.position = changed.at_position`;
  for (const chunk of chunks(rows)) {
    if (dialect === 'postgres') {
      const column = <K extends keyof EmailRow>(key: K) => chunk.map((row) => row[key]);
      await sql`update user_emails ${set}
        from unnest(cast(${column('position')} as integer[]), cast(${column('value_folded')} as text[]),
          cast(${column('type_folded')} as text[]), cast(${column('is_primary')} as integer[]))
          as changed (at_position, value_folded, type_folded, is_primary)
        ${where}`.execute(db);
    } else {
      const values = chunk.map(
        (row) => sql`(${row.position}, ${row.value_folded}, ${row.type_folded}, ${row.is_primary})`,
      );
      await sql`with changed (at_position, value_folded, type_folded, is_primary) as (values ${sql.join(values)})
        update user_emails ${set} from changed ${where}`.execute(db);
    }
  }
}

/**
 * Brings the user's rows from `before`'s emails to `after`'s by difference. Nothing is read when the emails are
 * the same (most updates: Entra resends the work address with every PATCH); otherwise the stored rows are read
 * once, through the primary key.
 */
export async function updateEmails(
  db: Kysely<Database>,
  dialect: DialectName,
  userId: string,
  before: ResourceJson,
  after: ResourceJson,
): Promise<void> {
  const wanted = emailContents(after);
  if (sameContents(emailContents(before), wanted)) return;
  const stored = await db
    .selectFrom('user_emails')
    .select(['position', 'value_folded', 'type_folded', 'is_primary'])
    .where('user_id', '=', userId)
    .execute();
  const diff = emailDiff(stored, wanted);
  for (const chunk of chunks(diff.removed)) {
    await db.deleteFrom('user_emails').where('user_id', '=', userId).where('position', 'in', chunk).execute();
  }
  await updateRows(db, dialect, userId, diff.changed);
  await insertRows(db, userId, diff.added);
}
