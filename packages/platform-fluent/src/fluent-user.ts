/**
 * Translation between Fluent's GraphQL user shapes and the PlatformClient contract: decoding `User` nodes
 * (defensively: the answer is data from the network) and encoding profiles and role assignments as inputs.
 */
import {
  PlatformError,
  type PlatformProfile,
  type PlatformUser,
  type PlatformUserType,
} from '@scim-connector/platform';
import type { ContextType, RoleRef } from '@scim-connector/role-grammar';
import { asRecord } from './errors.ts';

/** The User fields the client selects everywhere it reads a user. */
export const USER_FIELDS = `
  id ref username status type title firstName lastName primaryEmail primaryPhone department timezone
  language { value label } primaryRetailer { id } primaryLocation { id }
  roles { role { name } contexts { contextType contextId } }
`;

const CONTEXT_TYPES: readonly ContextType[] = ['ACCOUNT', 'RETAILER', 'AGENT'];

/** Profile fields stored under the same name on the contract and in Fluent. */
const PLAIN_PROFILE_FIELDS = [
  'firstName',
  'lastName',
  'primaryEmail',
  'primaryPhone',
  'department',
  'title',
  'timezone',
] as const satisfies readonly (keyof PlatformProfile)[];

export interface UserRoleInput {
  role: { name: string };
  contexts: { contextType: ContextType; contextId: string }[];
}

export function decodeUser(node: unknown, operation: string): PlatformUser {
  const user = asRecord(node);
  const id = scalar(user?.id);
  const username = scalar(user?.username);
  if (user === undefined || id === undefined || username === undefined) {
    throw new PlatformError(`Fluent ${operation} returned a user without id or username`, {
      transient: false,
    });
  }
  return {
    id,
    username,
    ref: scalar(user.ref) ?? username,
    status: user.status === 'ACTIVE' ? 'ACTIVE' : 'INACTIVE',
    profile: decodeProfile(user),
    userType: decodeUserType(user),
    roles: decodeRoles(user.roles),
  };
}

function decodeProfile(user: Record<string, unknown>): PlatformProfile {
  const profile: PlatformProfile = {};
  for (const field of PLAIN_PROFILE_FIELDS) {
    const value = user[field];
    if (typeof value === 'string') profile[field] = value;
  }
  const language = asRecord(user.language)?.value;
  if (typeof language === 'string') profile.language = language;
  return profile;
}

/**
 * Fluent's `type` with the primary context it needs: ADMIN alone, RETAILER with `primaryRetailer`, LOCATION with
 * `primaryLocation` (CreateUserInput: "ADMIN, RETAILER, LOCATION"). Any other type (API, the deprecated AGENT), or
 * a RETAILER / LOCATION user without its primary context, is not one the connector decides: undefined.
 */
export function decodeUserType(user: Record<string, unknown>): PlatformUserType | undefined {
  const type = scalar(user.type)?.toUpperCase();
  if (type === 'ADMIN') return { type };
  if (type === 'RETAILER') {
    const primaryRetailer = scalar(asRecord(user.primaryRetailer)?.id);
    return primaryRetailer === undefined ? undefined : { type, primaryRetailer };
  }
  if (type === 'LOCATION') {
    const primaryLocation = scalar(asRecord(user.primaryLocation)?.id);
    return primaryLocation === undefined ? undefined : { type, primaryLocation };
  }
  return undefined;
}

/** The user type as CreateUserInput / UpdateUserInput fields: `type` and the `{id}` of its primary context. */
export function encodeUserType(userType: PlatformUserType): Record<string, unknown> {
  switch (userType.type) {
    case 'ADMIN':
      return { type: 'ADMIN' };
    case 'RETAILER':
      return { type: 'RETAILER', primaryRetailer: { id: userType.primaryRetailer } };
    case 'LOCATION':
      return { type: 'LOCATION', primaryLocation: { id: userType.primaryLocation } };
  }
}

/** Flattens Fluent's `[{role, contexts: [...]}]` into one RoleRef per (role, context); unknown context types are skipped. */
export function decodeRoles(roles: unknown): RoleRef[] {
  if (!Array.isArray(roles)) return [];
  const refs: RoleRef[] = [];
  for (const userRole of roles) {
    const record = asRecord(userRole);
    const name = asRecord(record?.role)?.name;
    if (typeof name !== 'string' || !Array.isArray(record?.contexts)) continue;
    for (const context of record.contexts) {
      const contextRecord = asRecord(context);
      const contextType = scalar(contextRecord?.contextType)?.toUpperCase();
      const contextId = scalar(contextRecord?.contextId);
      if (contextId === undefined || !isContextType(contextType)) continue;
      refs.push({ contextType, contextId, role: name });
    }
  }
  return refs;
}

/** Groups assignments by role, the shape `UserRoleInput` and `UserRoleKey` share. */
export function encodeRoles(roles: readonly RoleRef[]): UserRoleInput[] {
  const byRole = new Map<string, UserRoleInput>();
  for (const ref of roles) {
    let entry = byRole.get(ref.role);
    if (entry === undefined) {
      entry = { role: { name: ref.role }, contexts: [] };
      byRole.set(ref.role, entry);
    }
    if (!entry.contexts.some((c) => c.contextType === ref.contextType && c.contextId === ref.contextId)) {
      entry.contexts.push({ contextType: ref.contextType, contextId: ref.contextId });
    }
  }
  return [...byRole.values()];
}

/** Profile fields as CreateUserInput / UpdateUserInput fields; language becomes `{value}`. */
export function encodeProfile(profile: PlatformProfile): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of PLAIN_PROFILE_FIELDS) {
    const value = profile[field];
    if (value !== undefined) input[field] = value;
  }
  if (profile.language !== undefined) input.language = { value: profile.language };
  return input;
}

function isContextType(value: string | undefined): value is ContextType {
  return (CONTEXT_TYPES as readonly (string | undefined)[]).includes(value);
}

/** IDs arrive as strings or numbers depending on the field; both become strings. */
function scalar(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
