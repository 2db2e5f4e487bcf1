/**
 * The bound on list requests that the database cannot answer alone (a filter or `sortBy` on an attribute without a
 * column): SQL narrows the candidates, and at most MAX_IN_MEMORY_ROWS of them are read into memory for the
 * predicate or the sort. Past that the request is refused with 400 `tooMany` (RFC 7644 section 3.12) naming the
 * attributes that have no index, so the client can narrow the filter with one that has.
 */
import { tooMany } from '@scim-connector/scim';

export const MAX_IN_MEMORY_ROWS = 10_000;

const INDEXED: Record<'User' | 'Group', string> = {
  User:
    'userName, externalId, id, active, displayName, title, name.givenName, name.familyName, ' +
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber and :department, ' +
    'emails.value, emails.type, meta.created, meta.lastModified',
  Group: 'displayName, externalId, id, meta.created, meta.lastModified',
};

export function tooManyInMemory(
  resourceType: 'User' | 'Group',
  bound: number,
  cause: { filterAttributes?: readonly string[]; sortBy?: string },
) {
  const noun = resourceType === 'User' ? 'users' : 'groups';
  const reasons = [
    ...(cause.filterAttributes === undefined
      ? []
      : [
          cause.filterAttributes.length > 0
            ? `the filter on ${cause.filterAttributes.join(', ')} (no index)`
            : 'the filter (a comparison the database cannot make)',
        ]),
    ...(cause.sortBy === undefined ? [] : [`sortBy=${cause.sortBy} (no index)`]),
  ];
  return tooMany(
    `${reasons.join(' and ')} would be evaluated over more than ${bound} ${noun}; this server does ` +
      `not do that in one request. Add a condition on an indexed attribute (${INDEXED[resourceType]}) to narrow it.`,
  );
}
