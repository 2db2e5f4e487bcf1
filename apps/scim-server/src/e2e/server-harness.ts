/**
 * Starts the real app on port 0 over a real store and talks to it over HTTP with fetch, as an IdP would.
 */
import type { Store } from '@scim-connector/store';
import { afterAll, beforeAll, expect } from 'vitest';
import { createApp } from '../app.ts';
import { createLogger } from '../logging.ts';
import { listen } from '../server.ts';
import { appStore } from '../store-adapter.ts';
import { generateToken } from '../tokens.ts';
import type { TestDatabase } from './databases.ts';

export const SCIM_CONTENT_TYPE = 'application/scim+json; charset=utf-8';
export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

export interface ScimReply {
  status: number;
  headers: Headers;
  /** The parsed JSON body; `{}` when the body was empty or not JSON. */
  json: Record<string, unknown>;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  /** A raw body sent as is (for malformed JSON tests). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Overrides the bearer token; `null` sends no Authorization header. */
  token?: string | null;
}

export interface TestServer {
  url: string;
  scimUrl: string;
  scimTokens: string[];
  adminToken: string;
  /** A request relative to /scim/v2 with the first SCIM token. */
  scim(method: string, path: string, options?: RequestOptions): Promise<ScimReply>;
  /** A request relative to the server root, with no token unless given. */
  raw(method: string, path: string, options?: RequestOptions): Promise<ScimReply>;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  scimTokens?: string[];
  bodyLimitBytes?: number;
  metricsToken?: string;
}

export async function startTestServer(store: Store, options: TestServerOptions = {}): Promise<TestServer> {
  const scimTokens = options.scimTokens ?? [generateToken()];
  const adminToken = generateToken();
  const { app } = createApp({
    config: {
      bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024,
      ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
    },
    tokens: { scimTokens, adminToken },
    store: appStore(store),
    logger: createLogger('silent'),
  });
  const running = await listen(app, 0, '127.0.0.1');

  async function raw(method: string, path: string, requestOptions: RequestOptions = {}): Promise<ScimReply> {
    const headers: Record<string, string> = { ...requestOptions.headers };
    if (requestOptions.token) headers.Authorization = `Bearer ${requestOptions.token}`;
    let body: string | undefined;
    if (requestOptions.rawBody !== undefined) body = requestOptions.rawBody;
    else if (requestOptions.body !== undefined) body = JSON.stringify(requestOptions.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['Content-Type'] = 'application/scim+json';
    }
    const response = await fetch(`${running.url}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    const text = await response.text();
    let json: Record<string, unknown> = {};
    if (text && /^application\/(scim\+)?json/.test(response.headers.get('content-type') ?? '')) {
      json = JSON.parse(text) as Record<string, unknown>;
    }
    return { status: response.status, headers: response.headers, json, text };
  }

  return {
    url: running.url,
    scimUrl: `${running.url}/scim/v2`,
    scimTokens,
    adminToken,
    raw,
    scim(method, path, requestOptions = {}) {
      const token = requestOptions.token === undefined ? scimTokens[0] : requestOptions.token;
      return raw(method, `/scim/v2${path}`, { ...requestOptions, token });
    },
    stop: () => running.stop(),
  };
}

/** The query string for a filter, encoded the way Okta sends it (`%20`, `%22`). */
export function filterQuery(filter: string, extra = ''): string {
  return `?filter=${encodeURIComponent(filter)}${extra}`;
}

/** The suite's server, with the store under it; the suite's hooks stop both. */
export interface SuiteServer extends Omit<TestServer, 'stop'> {
  readonly store: Store;
}

/**
 * The setup of a suite run on one of `testDatabases()`: the database opened and the app started over it
 * before the suite's first test, both closed after its last. Call it in the describe callback; the server it
 * returns is usable from the suite's hooks and tests on (a beforeAll registered after this call already sees
 * it started).
 */
export function useTestServer(database: TestDatabase, options: TestServerOptions = {}): SuiteServer {
  let opened: { store: Store; dispose(): Promise<void> } | undefined;
  let server: TestServer | undefined;
  beforeAll(async () => {
    opened = await database.open();
    server = await startTestServer(opened.store, options);
  });
  afterAll(async () => {
    await server?.stop();
    await opened?.dispose();
  });
  // Tests hold this object from the describe callback on, before the server exists, so it forwards every use.
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error('the test server starts in beforeAll: use it in hooks and tests');
    return value;
  };
  return {
    get url() {
      return ready(server).url;
    },
    get scimUrl() {
      return ready(server).scimUrl;
    },
    get scimTokens() {
      return ready(server).scimTokens;
    },
    get adminToken() {
      return ready(server).adminToken;
    },
    get store() {
      return ready(opened).store;
    },
    scim: (method, path, requestOptions) => ready(server).scim(method, path, requestOptions),
    raw: (method, path, requestOptions) => ready(server).raw(method, path, requestOptions),
  };
}

/** SCIM requests as one IdP sends them: its headers on every request, and a body when there is one. */
export function idpRequests(server: Pick<TestServer, 'scim'>, headers: Record<string, string>) {
  return (method: string, path: string, body?: unknown): Promise<ScimReply> =>
    server.scim(method, path, { headers, ...(body !== undefined ? { body } : {}) });
}

/** A SCIM answer with this status and the SCIM media type; returns its body. */
export function expectScim(reply: ScimReply, status: number): Record<string, unknown> {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers.get('content-type')).toBe(SCIM_CONTENT_TYPE);
  return reply.json;
}
