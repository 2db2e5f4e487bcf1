/**
 * The HTTP seam: one POST to the Fluent host, answered with status, headers and body text. The client depends on
 * this interface only, so the token and retry logic can be tested without sockets; production uses
 * {@link createUndiciTransport}.
 */

export interface HttpRequest {
  /** Path below the configured base URL, e.g. `/graphql`. */
  path: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string | undefined>;
  body: string;
}

export interface HttpTransport {
  post(request: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

export type TransportFailure = 'timeout' | 'network';

/** The request got no HTTP answer (connection failure, reset, or no answer before the deadline). */
export class TransportError extends Error {
  readonly failure: TransportFailure;

  constructor(message: string, options: { failure: TransportFailure; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'TransportError';
    this.failure = options.failure;
  }
}
