/** Keeps the `user_emails` side table in step with a user's `emails[]`, so email filters use an index. */
import type { ResourceJson } from '@scim-connector/scim';
import type { Kysely } from 'kysely';
import { chunks } from '../chunks.ts';
import type { Database, UserEmailsTable } from '../schema/database.ts';
import { fold } from './fold.ts';

export function emailRows(userId: string, resource: ResourceJson): UserEmailsTable[] {
  const emails = resource.emails;
  if (!Array.isArray(emails)) return [];
  const rows: UserEmailsTable[] = [];
  emails.forEach((element: unknown, position) => {
    if (typeof element !== 'object' || element === null) return;
    const { value, type, primary } = element as Record<string, unknown>;
    rows.push({
      user_id: userId,
      position,
      value_folded: typeof value === 'string' ? fold(value) : null,
      type_folded: typeof type === 'string' ? fold(type) : null,
      is_primary: typeof primary === 'boolean' ? (primary ? 1 : 0) : null,
    });
  });
  return rows;
}

export function sameEmails(a: readonly UserEmailsTable[], b: readonly UserEmailsTable[]): boolean {
  return (
    a.length === b.length &&
    a.every((row, index) => {
      const other = b[index];
      return (
        other !== undefined &&
        row.position === other.position &&
        row.value_folded === other.value_folded &&
        row.type_folded === other.type_folded &&
        row.is_primary === other.is_primary
      );
    })
  );
}

export async function insertEmails(
  db: Kysely<Database>,
  userId: string,
  resource: ResourceJson,
): Promise<void> {
  // In chunks: one statement for thousands of emails would exceed SQLite's bind-variable limit (chunks.ts).
  for (const chunk of chunks(emailRows(userId, resource))) {
    await db.insertInto('user_emails').values(chunk).execute();
  }
}

export async function replaceEmails(
  db: Kysely<Database>,
  userId: string,
  resource: ResourceJson,
): Promise<void> {
  await db.deleteFrom('user_emails').where('user_id', '=', userId).execute();
  await insertEmails(db, userId, resource);
}
