/**
 * ETags (RFC 7644 section 3.14): `meta.version` is `W/"<n>"` where n is the store's version counter.
 * Preconditions compare opaque tags and ignore the weak marker, as SCIM clients send back exactly what they got.
 */
import { preconditionFailed, type ScimError } from '../errors.ts';
import { versionTag } from '../resource/project.ts';

/** The tags of an `If-Match` / `If-None-Match` header; `'*'` for the wildcard. */
function parseEtagList(header: string): string[] | '*' {
  if (header.trim() === '*') return '*';
  const tags: string[] = [];
  for (const match of header.matchAll(/(?:W\/)?"([^"]*)"|([^\s,]+)/g)) tags.push(match[1] ?? match[2] ?? '');
  return tags;
}

export function etagMatches(header: string, version: number): boolean {
  const tags = parseEtagList(header);
  return tags === '*' || tags.includes(String(version));
}

/** Throws 412 when `If-Match` is present and names none of the resource's current version. */
function checkIfMatch(ifMatch: string | undefined, version: number): void {
  if (ifMatch === undefined || etagMatches(ifMatch, version)) return;
  throw preconditionFailed(
    `If-Match ${ifMatch} does not match the resource's current version ${versionTag(version)}; ` +
      'fetch the resource again and retry with its new ETag.',
  );
}

/**
 * The resource a write is about, checked before the write: `missing()` (a 404) when it does not exist, 412 when
 * `If-Match` names none of its current version.
 */
export function targetOfWrite<Resource extends { version: number }>(
  found: Resource | undefined,
  ifMatch: string | undefined,
  missing: () => ScimError,
): Resource {
  if (!found) throw missing();
  checkIfMatch(ifMatch, found.version);
  return found;
}
