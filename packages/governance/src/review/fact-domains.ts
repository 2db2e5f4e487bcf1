/**
 * The values each fact field can take (docs/rules.md, Facts), so a condition comparing a field with a value it can
 * never hold (`platform.status` equal `"active"`, `roles.contextTypes` contains `"LOCATION"`) is found before it
 * ships. A field missing here is not checked; `user.attributes` (the SCIM resource) is free-form.
 */
import { CONTEXT_TYPES } from '@scim-connector/role-grammar';
import { pathSegments } from '../decide/simple-path.ts';
import type { DecisionFacts, Trigger, UnresolvedReason } from '../types.ts';

export type Domain =
  | { kind: 'boolean' }
  /** A non-negative integer: the counts. */
  | { kind: 'count' }
  | { kind: 'enum'; values: readonly (string | null)[] }
  | { kind: 'text' }
  | { kind: 'list'; items: Domain }
  | { kind: 'record'; fields: Readonly<Record<string, Domain>> };

const BOOLEAN: Domain = { kind: 'boolean' };
const COUNT: Domain = { kind: 'count' };
const TEXT: Domain = { kind: 'text' };
const oneOf = (values: readonly (string | null)[]): Domain => ({ kind: 'enum', values });
const list = (items: Domain): Domain => ({ kind: 'list', items });
const record = (fields: Record<string, Domain>): Domain => ({ kind: 'record', fields });

/** Every trigger, by a record so that a trigger added to the type and not here fails to compile. */
const TRIGGERS: Record<Trigger, true> = {
  'user.created': true,
  'user.updated': true,
  'user.deactivated': true,
  'user.deleted': true,
  'membership.changed': true,
  'group.changed': true,
  'group.deleted': true,
  'rules.changed': true,
  resync: true,
  drift: true,
  'console.retry': true,
  'console.resync': true,
  'console.preview': true,
};

const UNRESOLVED_REASONS: Record<UnresolvedReason, true> = {
  'parse-error': true,
  'unknown-role': true,
  'unknown-context': true,
  'source-not-allowed': true,
};

/** Kept in step with DecisionFacts: a fact missing here fails to compile. `undefined`: the field is free-form. */
const FACT_DOMAINS: Record<keyof DecisionFacts, Domain | undefined> = {
  trigger: oneOf(Object.keys(TRIGGERS)),
  user: record({ id: TEXT, userName: TEXT, active: BOOLEAN, deleted: BOOLEAN, groups: list(TEXT) }),
  platform: record({ exists: BOOLEAN, linked: BOOLEAN, status: oneOf(['ACTIVE', 'INACTIVE', null]) }),
  roles: record({
    direct: list(TEXT),
    inherited: list(TEXT),
    effective: list(TEXT),
    unresolved: list(
      record({
        name: TEXT,
        source: oneOf(['direct', 'group']),
        reason: oneOf(Object.keys(UNRESOLVED_REASONS)),
      }),
    ),
    count: COUNT,
    unresolvedCount: COUNT,
    contextTypes: list(oneOf(CONTEXT_TYPES)),
  }),
  options: record({
    checkContexts: BOOLEAN,
    adoptExistingAccounts: BOOLEAN,
    groupDisplayNamesAsRoles: BOOLEAN,
  }),
  drift: record({
    addRoles: COUNT,
    removeRoles: COUNT,
    status: BOOLEAN,
    profile: BOOLEAN,
    userType: BOOLEAN,
    any: BOOLEAN,
  }),
};

export interface FieldDomain {
  domain: Domain;
  /** The path indexes into a list (`$.effective[0]`), so the field may be absent (undefined). */
  optional: boolean;
}

/** The domain of `fact` at `path`, or undefined when it is free-form or the path is not one validate knows. */
export function domainOf(fact: string, path: string | undefined): FieldDomain | undefined {
  let domain = FACT_DOMAINS[fact as keyof DecisionFacts];
  let optional = false;
  let segments: readonly (string | number)[];
  try {
    segments = path === undefined ? [] : pathSegments(path);
  } catch {
    return undefined;
  }
  for (const segment of segments) {
    if (domain === undefined) return undefined;
    if (domain.kind === 'list') {
      if (typeof segment === 'number') {
        domain = domain.items;
        optional = true;
      } else domain = segment === 'length' ? COUNT : undefined;
    } else if (domain.kind === 'record' && typeof segment === 'string') {
      domain = Object.hasOwn(domain.fields, segment) ? domain.fields[segment] : undefined;
    } else return undefined;
  }
  return domain === undefined ? undefined : { domain, optional };
}

/** How a domain reads in a message: `true or false`, `ACTIVE, INACTIVE or null`. */
export function describeDomain(domain: Domain): string {
  switch (domain.kind) {
    case 'boolean':
      return 'true or false';
    case 'count':
      return 'a whole number from 0';
    case 'text':
      return 'a string';
    case 'enum':
      return domain.values.map((value) => JSON.stringify(value)).join(', ');
    case 'list':
      return `a list of ${describeDomain(domain.items)}`;
    case 'record':
      return 'an object';
  }
}
