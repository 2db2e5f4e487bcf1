/**
 * Test doubles for the client's seams: an HttpTransport answered by a test-supplied function (recording every
 * request), and a manual clock whose sleeps advance time instantly and are recorded.
 */
import { PlatformError } from '@scim-connector/platform';
import type { HttpRequest, HttpResponse, HttpTransport } from '../http/transport.ts';
import type { Clock } from '../runtime.ts';

export type Responder = (request: HttpRequest) => HttpResponse | Promise<HttpResponse>;

export interface ScriptedTransport extends HttpTransport {
  readonly requests: HttpRequest[];
  closed: boolean;
}

export function scriptedTransport(respond: Responder): ScriptedTransport {
  const transport: ScriptedTransport = {
    requests: [],
    closed: false,
    async post(request) {
      transport.requests.push(request);
      return respond(request);
    },
    async close() {
      transport.closed = true;
    },
  };
  return transport;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export interface ManualClock extends Clock {
  readonly sleeps: number[];
  advance(ms: number): void;
}

export function manualClock(startMs = Date.UTC(2026, 0, 1)): ManualClock {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    advance(ms) {
      now += ms;
    },
    async sleep(ms) {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** The form fields of a token request. */
export function formOf(request: HttpRequest): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(request.body));
}

/** The GraphQL operation name and variables of a /graphql request. */
export function graphqlOf(request: HttpRequest): { operation: string; variables: Record<string, unknown> } {
  const body = JSON.parse(request.body) as { query: string; variables: Record<string, unknown> };
  const operation = /^\s*(?:query|mutation)\s+(\w+)/.exec(body.query)?.[1] ?? '';
  return { operation, variables: body.variables };
}

/** The PlatformError a call fails with; fails the test when the call succeeds or throws something else. */
export async function platformFailureOf(promise: Promise<unknown>): Promise<PlatformError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PlatformError) return error;
    throw error;
  }
  throw new Error('expected the call to fail with a PlatformError, but it succeeded');
}
