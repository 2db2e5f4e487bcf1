/**
 * Entra ID expects `name.formatted` to follow a PATCH of `name.familyName` (Microsoft's SCIM endpoint tutorial:
 * after replacing the family name the response shows `"formatted": "givenName updatedFamilyName"`). The server
 * recomputes it only when the stored value was itself derived from the parts, so a formatted name a client chose
 * is never overwritten.
 */
import { isPlainObject } from './json.ts';

const PARTS = ['honorificPrefix', 'givenName', 'middleName', 'familyName', 'honorificSuffix'] as const;

export function refreshFormattedName(before: Record<string, unknown>, after: Record<string, unknown>): void {
  const old = before.name;
  const next = after.name;
  if (!isPlainObject(old) || !isPlainObject(next)) return;
  if (old.formatted === undefined || old.formatted !== next.formatted) return;
  if (old.formatted !== composeName(old)) return;
  const formatted = composeName(next);
  if (formatted === old.formatted) return;
  if (formatted !== '') next.formatted = formatted;
  else if (Object.keys(next).length > 1) delete next.formatted;
  else delete after.name;
}

function composeName(name: Record<string, unknown>): string {
  return PARTS.map((part) => name[part])
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .join(' ');
}
