/** Sync-event log lines for tests, written as a hand-written log would be: placeholders for ids. */
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const CONNECTOR_GROUP = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:Group';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface LogEvent {
  method: string;
  path: string;
  body?: unknown;
  id?: string;
}

export function createUser(
  userName: string,
  roles: string[] = [],
  extra: Record<string, unknown> = {},
): LogEvent {
  return {
    method: 'POST',
    path: '/Users',
    body: {
      schemas: [USER],
      userName,
      active: true,
      emails: [{ value: userName, type: 'work', primary: true }],
      roles: roles.map((value) => ({ value })),
      ...extra,
    },
  };
}

export function patchUser(userName: string, operations: unknown[]): LogEvent {
  return {
    method: 'PATCH',
    path: `/Users/\${users.${userName}}`,
    body: { schemas: [PATCH_OP], Operations: operations },
  };
}

export function deleteUser(userName: string): LogEvent {
  return { method: 'DELETE', path: `/Users/\${users.${userName}}` };
}

/** A group; `roles` go in its roles extension, the one way a group grants roles by itself (its name grants none). */
export function createGroup(displayName: string, members: string[] = [], roles: string[] = []): LogEvent {
  const body: Record<string, unknown> = {
    schemas: roles.length > 0 ? [GROUP, CONNECTOR_GROUP] : [GROUP],
    displayName,
    members: members.map((name) => ({ value: `\${users.${name}}` })),
  };
  if (roles.length > 0) body[CONNECTOR_GROUP] = { roles: roles.map((value) => ({ value })) };
  return { method: 'POST', path: '/Groups', body };
}

export function patchGroup(displayName: string, operations: unknown[]): LogEvent {
  return {
    method: 'PATCH',
    path: `/Groups/\${groups.${displayName}}`,
    body: { schemas: [PATCH_OP], Operations: operations },
  };
}

export function toJsonLines(events: readonly (LogEvent | string)[]): string {
  return `${events.map((event) => (typeof event === 'string' ? event : JSON.stringify(event))).join('\n')}\n`;
}
