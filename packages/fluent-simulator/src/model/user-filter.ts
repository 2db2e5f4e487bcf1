/** The `users(...)` query's filters and how a user is matched against them. */
import type { TextFilter } from './list-helpers.ts';
import type { User } from './types.ts';
import { matchesAny } from './wildcard.ts';

export interface DateRange {
  from?: string | null;
  to?: string | null;
}

/** The `users(...)` query's filters: each list matches any of its values (`%` wildcards allowed). */
export interface UserFilter {
  ref?: TextFilter;
  username?: TextFilter;
  title?: TextFilter;
  firstName?: TextFilter;
  lastName?: TextFilter;
  primaryEmail?: TextFilter;
  primaryPhone?: TextFilter;
  type?: TextFilter;
  status?: TextFilter;
  department?: TextFilter;
  country?: TextFilter;
  timezone?: TextFilter;
  promotionOptIn?: readonly (boolean | null)[] | null;
  createdOn?: DateRange | null;
  updatedOn?: DateRange | null;
}

const TEXT_FILTER_FIELDS = [
  'ref',
  'username',
  'title',
  'firstName',
  'lastName',
  'primaryEmail',
  'primaryPhone',
  'type',
  'status',
  'department',
  'country',
  'timezone',
] as const;

export function userMatches(user: User, filter: UserFilter): boolean {
  for (const field of TEXT_FILTER_FIELDS) {
    const patterns = filter[field];
    if (patterns && !matchesAny(user[field], patterns)) return false;
  }
  if (filter.promotionOptIn && !filter.promotionOptIn.includes(user.promotionOptIn ?? null)) return false;
  return inRange(user.createdOn, filter.createdOn) && inRange(user.updatedOn, filter.updatedOn);
}

function inRange(timestamp: string, range: DateRange | null | undefined): boolean {
  if (!range) return true;
  const at = Date.parse(timestamp);
  return (
    (range.from == null || at >= Date.parse(range.from)) && (range.to == null || at <= Date.parse(range.to))
  );
}
