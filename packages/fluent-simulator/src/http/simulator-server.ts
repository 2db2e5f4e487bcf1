/**
 * The simulator over HTTP (node:http): `POST /oauth/token` and `POST /graphql` (bearer required), with the
 * platform's 2 MB request limit and fault injection applied to every request before it is routed.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { FaultController, type FaultDecision, type FaultSettings } from '../faults/fault-controller.ts';
import { executeGraphql, type GraphqlRequest } from '../graphql/executable-schema.ts';
import { FluentErrorCode } from '../model/fluent-error.ts';
import type { PlatformModel } from '../model/platform-model.ts';
import { createPlatformModel } from '../seed/create-model.ts';
import type { PlatformFixture } from '../seed/fixture.ts';
import { readBody } from './read-body.ts';
import { generateCredentials, type SimulatorCredentials, TokenService } from './token-service.ts';

export const MAX_REQUEST_BYTES = 2 * 1024 * 1024;

export interface SimulatorServerOptions {
  /** Default 0: an ephemeral port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Platform fixture to start from (missing keys from the default seed); ignored when `model` is given. */
  seed?: PlatformFixture;
  /** Serve an existing model, e.g. one an in-process client also uses. */
  model?: PlatformModel;
  /** Credentials the token endpoint accepts; the ones not given are generated. */
  credentials?: Partial<SimulatorCredentials>;
  faults?: Partial<FaultSettings>;
  accessTokenTtlSeconds?: number;
  /** Issue single-use refresh tokens (default true). */
  refreshTokens?: boolean;
  /** Clock for token expiry, in milliseconds. */
  now?: () => number;
}

export interface SimulatorStats {
  tokenRequests: number;
  graphqlRequests: number;
}

export interface SimulatorServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`; the endpoints are `${url}/oauth/token` and `${url}/graphql`. */
  url: string;
  port: number;
  credentials: SimulatorCredentials;
  model: PlatformModel;
  faults: FaultController;
  /** Requests that reached each endpoint (faulted ones included). */
  stats: SimulatorStats;
  /** Invalidates every token issued so far. */
  revokeTokens(): void;
  /** Stops listening and drops open connections; calling it again is harmless. */
  close(): Promise<void>;
}

export async function startSimulatorServer(options: SimulatorServerOptions = {}): Promise<SimulatorServer> {
  const model = options.model ?? createPlatformModel(options.seed);
  const faults = new FaultController(options.faults);
  const tokens = new TokenService({
    credentials: generateCredentials(options.credentials),
    ...(options.accessTokenTtlSeconds !== undefined
      ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds }
      : {}),
    ...(options.refreshTokens !== undefined ? { refreshTokens: options.refreshTokens } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const stats: SimulatorStats = { tokenRequests: 0, graphqlRequests: 0 };

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://simulator');
    const endpoint =
      url.pathname === '/oauth/token' ? 'token' : url.pathname === '/graphql' ? 'graphql' : undefined;
    if (endpoint === 'token') stats.tokenRequests++;
    if (endpoint === 'graphql') stats.graphqlRequests++;

    const decision = faults.decide();
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    if (decision.status) return sendFault(request, response, decision);

    if (!endpoint)
      return sendJson(response, 404, { error: 'not_found', message: `No endpoint ${url.pathname}` });
    if (request.method !== 'POST') {
      response.setHeader('Allow', 'POST');
      return sendJson(response, 405, { error: 'method_not_allowed', message: `Use POST ${url.pathname}` });
    }
    if (endpoint === 'graphql' && !tokens.authorize(request.headers.authorization)) {
      request.resume();
      response.setHeader('WWW-Authenticate', 'Bearer realm="fluent", error="invalid_token"');
      return sendJson(response, 401, {
        error: 'invalid_token',
        error_description:
          'Invalid Bearer Token: get one from POST /oauth/token and send "Authorization: Bearer <token>"',
      });
    }
    const body = await readBody(request, MAX_REQUEST_BYTES);
    if (!body.ok) {
      return sendJson(response, 413, {
        error: 'request_entity_too_large',
        message: `Request Entity Too Large: the limit is ${MAX_REQUEST_BYTES} bytes (2 MB)`,
      });
    }
    if (endpoint === 'token') {
      const answer = tokens.grant(tokenParameters(url, request, body.body));
      response.setHeader('Cache-Control', 'no-store');
      return sendJson(response, answer.status, answer.body);
    }
    const graphqlRequest = parseGraphqlRequest(body.body);
    if (typeof graphqlRequest === 'string')
      return sendJson(response, 400, { errors: [{ message: graphqlRequest }] });
    sendJson(response, 200, await executeGraphql(graphqlRequest, { model, faults }));
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      console.error('fluent-simulator: request failed', error);
      if (!response.headersSent) {
        sendJson(response, 500, { errors: [{ message: `${FluentErrorCode.internal}: internal error` }] });
      } else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(address)}:${port}`,
    port,
    credentials: tokens.credentials,
    model,
    faults,
    stats,
    revokeTokens: () => tokens.revokeAll(),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function sendFault(request: IncomingMessage, response: ServerResponse, decision: FaultDecision): void {
  request.resume();
  response.setHeader('Retry-After', String(decision.retryAfterSeconds));
  if (decision.status === 429) {
    sendJson(response, 429, {
      error: 'too_many_requests',
      message: `Too Many Requests: retry after ${decision.retryAfterSeconds} s`,
    });
  } else {
    sendJson(response, 503, {
      error: 'service_unavailable',
      message: `Service Unavailable: retry after ${decision.retryAfterSeconds} s`,
    });
  }
}

/** Token parameters may come in the query string, a form body or a JSON body; the body wins on conflicts. */
function tokenParameters(url: URL, request: IncomingMessage, body: Buffer): URLSearchParams {
  const params = new URLSearchParams(url.search);
  const text = body.toString('utf8');
  if (text.trim() === '') return params;
  const fromBody = (request.headers['content-type'] ?? '').includes('json')
    ? jsonParameters(text)
    : new URLSearchParams(text);
  for (const [key, value] of fromBody) params.set(key, value);
  return params;
}

function jsonParameters(text: string): URLSearchParams {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return new URLSearchParams();
    return new URLSearchParams(Object.entries(value).map(([key, v]): [string, string] => [key, String(v)]));
  } catch {
    return new URLSearchParams();
  }
}

/** The GraphQL-over-HTTP body, or a message saying what is wrong with it. */
function parseGraphqlRequest(body: Buffer): GraphqlRequest | string {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return 'The request body must be JSON: {"query": "...", "variables": {...}}';
  }
  if (typeof value !== 'object' || value === null) return 'The request body must be a JSON object';
  const { query, variables, operationName } = value as Record<string, unknown>;
  if (typeof query !== 'string' || query.trim() === '') return 'The request body needs a "query" string';
  if (
    variables !== undefined &&
    variables !== null &&
    (typeof variables !== 'object' || Array.isArray(variables))
  ) {
    return '"variables" must be a JSON object';
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    return '"operationName" must be a string';
  }
  return {
    query,
    variables: (variables ?? null) as Record<string, unknown> | null,
    operationName: (operationName ?? null) as string | null,
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  response.end(text);
}

function urlHost(address: string): string {
  if (address === '0.0.0.0' || address === '::') return '127.0.0.1';
  return address.includes(':') ? `[${address}]` : address;
}
