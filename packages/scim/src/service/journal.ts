/**
 * What a write leaves in the journal: the request as the client sent it (so it can be replayed against new rules),
 * minus secrets. The connector stores no passwords, so `password` values are removed wherever they appear, and a
 * PATCH operation that only sets the password is dropped (replaying it would do nothing anyway).
 */
import { isJsonObject } from '../resource/json.ts';
import type { JournalEntry } from '../store/port.ts';

const PASSWORD_PATH = /^(urn:ietf:params:scim:schemas:core:2\.0:user:)?password$/i;

export function journalEntry(
  method: JournalEntry['method'],
  path: string,
  body?: unknown,
  id?: string,
): JournalEntry {
  const entry: JournalEntry = { method, path };
  if (body !== undefined) entry.body = withoutSecrets(body);
  if (id !== undefined) entry.id = id;
  return entry;
}

export function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => !setsOnlyPassword(item)).map(withoutSecrets);
  if (!isJsonObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (key.toLowerCase() === 'password') continue;
    result[key] = withoutSecrets(inner);
  }
  return result;
}

/** A PATCH operation `{op, path: "password", value}`. */
function setsOnlyPassword(item: unknown): boolean {
  return (
    isJsonObject(item) &&
    'op' in item &&
    typeof item.path === 'string' &&
    PASSWORD_PATH.test(item.path.trim())
  );
}
