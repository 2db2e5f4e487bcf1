/**
 * Load for the replica and fault suites: many SCIM requests, a bounded number at a time, each outcome kept
 * (status 0 when the connection failed, as when the server was killed mid-request).
 */
import type { ServerClient } from './connector-harness.ts';

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const CONNECTOR_GROUP = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:Group';

/**
 * A group that grants `role` to its members through its `roles` extension attribute: a group's name grants nothing
 * unless the rules opt in (docs/rules.md, group-roles.json).
 */
export function roleGroupBody(displayName: string, role: string): Record<string, unknown> {
  return {
    schemas: [CORE_GROUP, CONNECTOR_GROUP],
    displayName,
    [CONNECTOR_GROUP]: { roles: [{ value: role }] },
  };
}

/** Runs `work` over every item, at most `concurrency` at once, in order of start. */
export async function inPool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  });
  await Promise.all(lanes);
  return results;
}

export interface Outcome {
  status: number;
  json: Record<string, unknown>;
}

/** One SCIM request; a connection that failed (server gone) is status 0 instead of an exception. */
export async function attempt(
  client: ServerClient,
  method: string,
  path: string,
  body?: unknown,
): Promise<Outcome> {
  try {
    const reply = await client.scim(method, path, body);
    return { status: reply.status, json: reply.json };
  } catch {
    return { status: 0, json: {} };
  }
}

/** A user as Entra sends one, with one directly assigned role. */
export function userBody(userName: string, role: string): Record<string, unknown> {
  return {
    schemas: [CORE_USER],
    userName,
    active: true,
    emails: [{ value: userName, primary: true, type: 'work' }],
    name: { givenName: 'Load', familyName: userName.split('@')[0] ?? 'user' },
    roles: [{ value: role }],
  };
}

export function membersPatch(op: 'add' | 'remove', ids: readonly string[]): Record<string, unknown> {
  return {
    schemas: [PATCH_OP],
    Operations: [{ op, path: 'members', value: ids.map((value) => ({ value })) }],
  };
}

/** Polls `check` until it returns true; fails with `describe()` after `timeoutMs`. */
export async function waitFor(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  describe: () => string | Promise<string>,
  pollMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${await describe()}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
