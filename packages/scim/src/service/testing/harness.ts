/** A service over the in-memory store, and a terse way to call it, for the service's unit tests. */
import { createScimService } from '../create-service.ts';
import type { ScimRequest, ScimResponse, ScimServiceOptions, UserExtensionHook } from '../types.ts';
import type { WriteNotice } from '../warnings.ts';
import { createMemoryStore, type MemoryStore } from './memory-store.ts';

export const BASE_URL = 'https://scim.example.test/scim/v2';

export interface Harness {
  store: MemoryStore;
  notices: WriteNotice[];
  unexpected: unknown[];
  call(
    method: string,
    path: string,
    options?: { body?: unknown; query?: Record<string, string>; headers?: Record<string, string> },
  ): Promise<ScimResponse & { json: Record<string, unknown> }>;
}

export function createHarness(
  options: { userExtension?: UserExtensionHook; store?: MemoryStore } & Partial<ScimServiceOptions> = {},
): Harness {
  const store = options.store ?? createMemoryStore();
  const notices: WriteNotice[] = [];
  const unexpected: unknown[] = [];
  let counter = 0;
  const service = createScimService({
    baseUrl: BASE_URL,
    newId: () => `id-${String(++counter).padStart(4, '0')}`,
    onNotices: (list) => notices.push(...list),
    onUnexpectedError: (error) => unexpected.push(error),
    ...options,
    store: options.store ?? store,
  });
  return {
    store,
    notices,
    unexpected,
    async call(method, path, callOptions = {}) {
      const request: ScimRequest = {
        method,
        path,
        query: callOptions.query ?? {},
        headers: callOptions.headers ?? {},
      };
      if (callOptions.body !== undefined) request.body = callOptions.body;
      const response = await service.handle(request);
      const json = (response.body ?? {}) as Record<string, unknown>;
      return { ...response, json };
    },
  };
}

export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export function userBody(userName: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemas: [CORE_USER],
    userName,
    name: { givenName: 'Given', familyName: 'Family' },
    emails: [
      { value: userName.includes('@') ? userName : `${userName}@example.test`, type: 'work', primary: true },
    ],
    active: true,
    ...extra,
  };
}

export function patchBody(...operations: Record<string, unknown>[]): Record<string, unknown> {
  return { schemas: [PATCH_OP], Operations: operations };
}
