/**
 * One GraphQL call to Fluent: bearer token, JSON body, and the answer turned into `data` or a classified
 * PlatformError. A 401 means the cached token went stale early (revoked, server restarted): the token is fetched
 * again once, within the same attempt. {@link FluentGraphQL.request} adds retries; {@link FluentGraphQL.attempt} is a
 * single try for callers that run their own retry loop.
 */
import {
  asRecord,
  classifyGraphQLErrors,
  classifyHttpFailure,
  classifyTransportFailure,
  type GraphQLErrorEntry,
  malformedResponse,
  type Redact,
  tryParseJson,
} from './errors.ts';
import { type HttpResponse, type HttpTransport, TransportError } from './http/transport.ts';
import type { RetryOptions } from './options.ts';
import { type Attempt, type RetryRuntime, withRetry } from './retry.ts';
import type { TokenManager } from './token.ts';

export interface FluentGraphQLDeps {
  transport: HttpTransport;
  tokens: TokenManager;
  runtime: RetryRuntime;
  redact: Redact;
  timeoutMs: number;
  retries: RetryOptions;
}

export type Variables = Record<string, unknown>;

export class FluentGraphQL {
  readonly #deps: FluentGraphQLDeps;

  constructor(deps: FluentGraphQLDeps) {
    this.#deps = deps;
  }

  /** Runs `query` with retries on transient failures; resolves to the response's `data` object. */
  request(operation: string, query: string, variables: Variables): Promise<Record<string, unknown>> {
    return this.withRetry(operation, () => this.attempt(operation, query, variables));
  }

  /** The configured retry policy around a caller's own attempt (for calls that must reconcile before resending). */
  withRetry<T>(operation: string, attempt: Attempt<T>): Promise<T> {
    return withRetry(operation, this.#deps.retries, this.#deps.runtime, attempt);
  }

  /** One try (plus one token re-fetch on a 401). */
  async attempt(operation: string, query: string, variables: Variables): Promise<Record<string, unknown>> {
    const { tokens } = this.#deps;
    const token = await tokens.getToken();
    let response = await this.#post(operation, token, query, variables);
    if (response.status === 401) {
      tokens.invalidate(token);
      response = await this.#post(operation, await tokens.getToken(), query, variables);
    }
    return this.#read(operation, response);
  }

  async #post(operation: string, token: string, query: string, variables: Variables): Promise<HttpResponse> {
    try {
      return await this.#deps.transport.post({
        path: '/graphql',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          accept: 'application/json',
        },
        body: JSON.stringify({ query, variables }),
        timeoutMs: this.#deps.timeoutMs,
      });
    } catch (error) {
      if (error instanceof TransportError)
        throw classifyTransportFailure(operation, error, this.#deps.redact);
      throw error;
    }
  }

  #read(operation: string, response: HttpResponse): Record<string, unknown> {
    const { redact, runtime } = this.#deps;
    if (response.status < 200 || response.status >= 300) {
      throw classifyHttpFailure(operation, response, runtime.clock.now(), redact);
    }
    const body = asRecord(tryParseJson(response.body));
    if (body === undefined) throw malformedResponse(operation, response.status, redact(response.body));
    if (Array.isArray(body.errors) && body.errors.length > 0) {
      throw classifyGraphQLErrors(operation, body.errors as GraphQLErrorEntry[], redact);
    }
    const data = asRecord(body.data);
    if (data === undefined) throw malformedResponse(operation, response.status, redact(response.body));
    return data;
  }
}
