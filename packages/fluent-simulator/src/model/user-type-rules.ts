/**
 * What a user's type requires of its primary context. Fluent's CreateUserInput documents the types ADMIN,
 * RETAILER and LOCATION and describes `primaryRetailer` as the "user's retailer context" and `primaryLocation` as
 * the "user's location context": a retailer-level user without a retailer, or a location-level user without a
 * location, has no context to work in. The simulator refuses such a user on create and on update (the state after
 * the update counts, so a type change must bring its primary context unless the user has one already), so the
 * connector cannot come to rely on the platform accepting one.
 */
import { invalid } from './field-rules.ts';

const REQUIRED_CONTEXT = {
  RETAILER: { field: 'primaryRetailer', what: 'retailer' },
  LOCATION: { field: 'primaryLocation', what: 'location' },
} as const;

export function checkTypeContext(
  op: string,
  user: { type: string; primaryRetailerId?: string | undefined; primaryLocationId?: string | undefined },
): void {
  if (user.type !== 'RETAILER' && user.type !== 'LOCATION') return;
  const has = user.type === 'RETAILER' ? user.primaryRetailerId : user.primaryLocationId;
  if (has !== undefined) return;
  const { field, what } = REQUIRED_CONTEXT[user.type];
  throw invalid(
    op,
    `a user of type ${user.type} needs "${field}" ({id: <${what} id>}), the ${what} it works in; none was given`,
  );
}
