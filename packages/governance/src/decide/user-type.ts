/**
 * The platform user type follows from the effective roles (docs/architecture.md §4.1; docs/rules.md, userTypes):
 * the `userTypes` entries of governance.json are tried in order and the first that applies decides. The IdP's SCIM
 * `userType` counts only where an entry says so (`useIdpUserType`): whoever edits that attribute in the IdP must not
 * choose an account's level by default. Even then an IdP-sent `ADMIN` needs an ACCOUNT-context effective role.
 *
 * A RETAILER account belongs to a retailer and a LOCATION account to a location, so those types need a role in such
 * a context; when several qualify, the lowest context id (compared as a number) is the primary one, so the choice
 * does not depend on the order the IdP sent roles in.
 */
import { type ContextType, formatRoleName } from '@scim-connector/role-grammar';
import { wildcard } from '../resolve/source-policy.ts';
import type {
  DirectoryUser,
  EffectiveRole,
  UserType,
  UserTypeDecision,
  UserTypeName,
  UserTypeRule,
} from '../types.ts';

export interface UserTypeMapping {
  decide(user: DirectoryUser, effective: readonly EffectiveRole[]): UserTypeDecision | null;
}

/** The context type a RETAILER / LOCATION account takes its primary context from. */
const PRIMARY_CONTEXT: Readonly<Record<Exclude<UserTypeName, 'ADMIN'>, ContextType>> = {
  RETAILER: 'RETAILER',
  LOCATION: 'AGENT',
};

const USER_TYPE_NAMES: readonly UserTypeName[] = ['ADMIN', 'RETAILER', 'LOCATION'];

export function compileUserTypes(rules: readonly UserTypeRule[]): UserTypeMapping {
  const entries = rules.map((rule, entry) => {
    if (rule.from === 'idp') return { entry, rule, matches: () => true };
    const contextType = wildcard(rule.match.contextType);
    const contextId = wildcard(rule.match.contextId);
    const role = wildcard(rule.match.role);
    const matches = ({ ref }: EffectiveRole) =>
      contextType(ref.contextType) && contextId(ref.contextId) && role(ref.role);
    return { entry, rule, matches };
  });
  return {
    decide(user, effective) {
      for (const { entry, rule, matches } of entries) {
        if (rule.from === 'idp') {
          const sent = idpUserType(user);
          const name = sent && USER_TYPE_NAMES.find((type) => type === sent.trim().toUpperCase());
          const decided = name && typeFromRoles(name, name === 'ADMIN' ? accountRoles(effective) : effective);
          if (decided) return { ...decided, entry, from: 'idp', idpUserType: sent };
          continue;
        }
        const decided = typeFromRoles(rule.type, effective.filter(matches));
        if (decided) return { ...decided, entry, from: 'roles' };
      }
      return null;
    },
  };
}

/**
 * The roles an IdP-sent `ADMIN` may rest on: ACCOUNT-context ones only (docs/rules.md, userTypes). An account-level
 * type from an IdP attribute alone would be an escalation, so without such a role the entry does not apply and a
 * roles entry decides (fail closed).
 */
function accountRoles(roles: readonly EffectiveRole[]): EffectiveRole[] {
  return roles.filter((role) => role.ref.contextType === 'ACCOUNT');
}

/** The type with its primary context taken from `roles`, or undefined when none of them can supply it. */
function typeFromRoles(
  type: UserTypeName,
  roles: readonly EffectiveRole[],
): { userType: UserType; role?: string } | undefined {
  if (type === 'ADMIN') {
    const first = lowest(roles);
    return first && { userType: { type }, role: first.name };
  }
  const primary = lowest(roles.filter((role) => role.ref.contextType === PRIMARY_CONTEXT[type]));
  if (primary === undefined) return undefined;
  const userType: UserType =
    type === 'RETAILER'
      ? { type, primaryRetailer: primary.ref.contextId }
      : { type, primaryLocation: primary.ref.contextId };
  return { userType, role: formatRoleName(primary.ref) };
}

/** The role with the lowest context id as a number (ids are digits), then the lowest name: one answer per set. */
function lowest(roles: readonly EffectiveRole[]): EffectiveRole | undefined {
  let best: EffectiveRole | undefined;
  for (const role of roles) if (best === undefined || compareRoles(role, best) < 0) best = role;
  return best;
}

function compareRoles(a: EffectiveRole, b: EffectiveRole): number {
  const ids = compareNumericIds(a.ref.contextId, b.ref.contextId);
  if (ids !== 0) return ids;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Digit strings of any length compared as numbers, without converting them (ids may exceed 2^53). */
export function compareNumericIds(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The SCIM `userType` the IdP sent (attribute names are case-insensitive, RFC 7643 section 2.1). */
function idpUserType(user: DirectoryUser): string | undefined {
  const attributes = user.attributes ?? {};
  const key = Object.keys(attributes).find((name) => name.toLowerCase() === 'usertype');
  const value = key === undefined ? undefined : attributes[key];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
