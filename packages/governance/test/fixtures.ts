/** Shared test data: the repository's default rules, an in-memory catalogue and input builders. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRoleName, type RoleRef } from '@scim-connector/role-grammar';
import { onTestFinished } from 'vitest';
import { loadRules } from '../src/rules-folder/load-rules.ts';
import { createStaticCatalog } from '../src/static-catalog.ts';
import type {
  DecisionInput,
  DirectoryUser,
  PlatformState,
  RuleSet,
  UserGroup,
  UserType,
} from '../src/types.ts';

export const REPO_RULES_DIR = fileURLToPath(new URL('../../../rules/', import.meta.url));

export async function defaultRules(): Promise<RuleSet> {
  const loaded = await loadRules(REPO_RULES_DIR);
  if (!loaded.ok) throw new Error(`rules/ does not load: ${JSON.stringify(loaded.problems, null, 2)}`);
  return loaded.rules;
}

/** The platform of the scenario table: D, F, G exist; A and B do not; C is a logical role (C -> F, G). */
export const catalog = createStaticCatalog({
  roles: [
    'D',
    'F',
    'G',
    'STORE',
    'GRAPHQL',
    'STORE_ASSISTANT',
    'STORE_MANAGER',
    'CUSTOMER_COLLECTION_MANAGER',
    'RETURNS_MANAGER',
  ],
  contexts: [
    { contextType: 'ACCOUNT', contextId: '0' },
    { contextType: 'RETAILER', contextId: '199' },
    { contextType: 'AGENT', contextId: '134' },
    { contextType: 'AGENT', contextId: '1023434' },
  ],
});

export function mappingsFor(entries: Record<string, string[]>): RuleSet['roleMappings'] {
  const rules = Object.entries(entries).map(([appRole, targetRoles]) => ({
    condition: { type: 'HAS_APP_ROLE' as const, appRole },
    action: { type: 'MAPPING_ROLE_ASSIGNMENT' as const, sourceAppRole: appRole, targetRoles },
  }));
  return { rules, targets: new Map(Object.entries(entries)) };
}

export function user(overrides: Partial<DirectoryUser> = {}): DirectoryUser {
  return {
    id: 'u1',
    userName: 'alice@example.com',
    active: true,
    deleted: false,
    directRoles: [],
    groups: [],
    ...overrides,
  };
}

export function group(displayName: string, extra: Partial<UserGroup> = {}): UserGroup {
  return { id: `g-${displayName}`, displayName, ...extra };
}

export const NO_ACCOUNT: PlatformState = { exists: false, linked: false, roles: [] };

/**
 * An existing account holding these roles. Its user type is what the default userTypes make of them (an account
 * the connector made and kept up), unless `extra` says otherwise.
 */
export function account(roleNames: string[], extra: Partial<PlatformState> = {}): PlatformState {
  const roles = roleNames.map(ref);
  const userType = defaultUserTypeOf(roles);
  return {
    exists: true,
    linked: true,
    status: 'ACTIVE',
    roles,
    ...(userType && { userType }),
    ...extra,
  };
}

function defaultUserTypeOf(roles: readonly RoleRef[]): UserType | undefined {
  const lowest = (contextType: RoleRef['contextType']) =>
    roles
      .filter((role) => role.contextType === contextType)
      .map((role) => role.contextId)
      .sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0))[0];
  if (roles.some((role) => role.contextType === 'ACCOUNT')) return { type: 'ADMIN' };
  const retailer = lowest('RETAILER');
  if (retailer !== undefined) return { type: 'RETAILER', primaryRetailer: retailer };
  const location = lowest('AGENT');
  return location === undefined ? undefined : { type: 'LOCATION', primaryLocation: location };
}

export function ref(name: string): RoleRef {
  const parsed = parseRoleName(name);
  if (!parsed.ok) throw new Error(`bad role name in a test: ${name}`);
  return parsed.value;
}

export function input(
  directoryUser: DirectoryUser,
  platform: PlatformState = NO_ACCOUNT,
  trigger: DecisionInput['trigger'] = 'user.updated',
): DecisionInput {
  return { trigger, user: directoryUser, platform };
}

/**
 * Writes a rules folder with the given files (name -> JSON text or value) and returns its path. Call it inside a
 * test: the folder is removed when that test has finished.
 */
export async function rulesFolder(files: Record<string, string | object>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'scim-rules-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) {
    await writeFile(
      join(dir, name),
      typeof content === 'string' ? content : JSON.stringify(content, null, 2),
    );
  }
  return dir;
}
