/**
 * Turns every way a Fluent call can fail into a PlatformError that says whether retrying can help: HTTP statuses,
 * GraphQL `errors[]` (Fluent codes like `C0020E` from `extensions.code` or a message prefix), and transport
 * failures.
 */
import { PlatformError } from '@scim-connector/platform';
import type { HttpResponse, TransportError } from './http/transport.ts';

export interface GraphQLErrorEntry {
  message?: unknown;
  path?: unknown;
  extensions?: unknown;
}

/** Fluent error codes look like `C0020E`: C(lient)/S(erver)/T + four digits + E(rror)/W(arning). */
const FLUENT_CODE_PREFIX = /^\s*([CST]\d{4}[EW])\b/;

/** `extensions.code` values other GraphQL servers and gateways use for conditions that pass with time. */
const TRANSIENT_GRAPHQL_CODES = new Set([
  'RATE_LIMITED',
  'TOO_MANY_REQUESTS',
  'SERVICE_UNAVAILABLE',
  'TIMEOUT',
  'GATEWAY_TIMEOUT',
]);

const MAX_DETAIL_LENGTH = 500;

export type Redact = (text: string) => string;
const keep: Redact = (text) => text;

/** The Fluent code of one GraphQL error: `extensions.code` when given, else a `Cxxxx[EW]` message prefix. */
export function fluentCodeOf(entry: GraphQLErrorEntry): string | undefined {
  const extensions = asRecord(entry.extensions);
  if (typeof extensions?.code === 'string' && extensions.code !== '') return extensions.code;
  if (typeof entry.message === 'string') return FLUENT_CODE_PREFIX.exec(entry.message)?.[1];
  return undefined;
}

/** Retry-After as delta-seconds or an HTTP-date, in milliseconds from `nowMs`; undefined when absent or bad. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // An HTTP-date names its month and zone; without letters Date.parse would read "-1" as a year.
  if (!/[A-Za-z]/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Server-side Fluent codes (`Sxxxx`) report a fault inside the platform, not in the request: worth retrying. */
function isTransientCode(code: string | undefined): boolean {
  if (code === undefined) return false;
  return TRANSIENT_GRAPHQL_CODES.has(code) || /^S\d{4}[EW]$/.test(code);
}

export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** A non-2xx answer from `/graphql`. */
export function classifyHttpFailure(
  operation: string,
  response: HttpResponse,
  nowMs: number,
  redact: Redact = keep,
): PlatformError {
  const transient = isTransientStatus(response.status);
  const { detail, code } = describeBody(response.body);
  const retryAfterMs = parseRetryAfter(response.headers['retry-after'], nowMs);
  const hint = httpHint(response.status);
  const message = `Fluent ${operation} failed: HTTP ${response.status}${detail ? ` — ${detail}` : ''}${hint}`;
  return new PlatformError(redact(message), {
    transient,
    ...(code !== undefined && { code }),
    ...(retryAfterMs !== undefined && { retryAfterMs }),
  });
}

/** A 2xx answer carrying GraphQL `errors[]`: the platform understood the request and refused it. */
export function classifyGraphQLErrors(
  operation: string,
  errors: readonly GraphQLErrorEntry[],
  redact: Redact = keep,
): PlatformError {
  const first = errors[0] ?? {};
  const code = fluentCodeOf(first);
  const transient = errors.some((entry) => isTransientCode(fluentCodeOf(entry)));
  const text = typeof first.message === 'string' ? first.message : 'unknown GraphQL error';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  const codeNote = code !== undefined && !text.includes(code) ? ` [${code}]` : '';
  const hint = code === 'C0020E' ? ' — grant the integration user the missing permission in Fluent' : '';
  const message = `Fluent ${operation} failed: ${truncate(text)}${codeNote}${more}${hint}`;
  return new PlatformError(redact(message), { transient, ...(code !== undefined && { code }) });
}

/** No HTTP answer at all: network failures and timeouts are always worth retrying. */
export function classifyTransportFailure(
  operation: string,
  error: TransportError,
  redact: Redact = keep,
): PlatformError {
  return new PlatformError(redact(`Fluent ${operation} failed: ${error.message}`), {
    transient: true,
    cause: error,
  });
}

/** A 2xx answer whose body is not a GraphQL response (a proxy page, truncated JSON). */
export function malformedResponse(operation: string, status: number, body: string): PlatformError {
  const snippet = truncate(body.replace(/\s+/g, ' ').trim(), 120);
  return new PlatformError(
    `Fluent ${operation} failed: HTTP ${status} with a body that is not a GraphQL response: "${snippet}"`,
    { transient: true },
  );
}

function httpHint(status: number): string {
  if (status === 401) return ' — the access token was refused; check the API credentials and account';
  if (status === 403) return ' — the integration user lacks a permission in Fluent';
  if (status === 413) return ' — the request exceeded Fluent’s 2 MB limit';
  return '';
}

/** Best-effort reading of an error body: GraphQL errors[], OAuth {error, error_description}, or plain text. */
export function describeBody(body: string): { detail: string; code?: string } {
  const trimmed = body.trim();
  if (trimmed === '') return { detail: '' };
  const parsed = tryParseJson(trimmed);
  const record = asRecord(parsed);
  if (record) {
    if (Array.isArray(record.errors) && record.errors.length > 0) {
      const first = asRecord(record.errors[0]) ?? {};
      const code = fluentCodeOf(first);
      const text = typeof first.message === 'string' ? first.message : '';
      return { detail: truncate(text), ...(code !== undefined && { code }) };
    }
    const description = [record.error, record.error_description, record.message]
      .filter((part): part is string => typeof part === 'string' && part !== '')
      .join(': ');
    if (description) return { detail: truncate(description) };
  }
  if (trimmed.startsWith('<')) return { detail: '' };
  return { detail: truncate(trimmed.replace(/\s+/g, ' ')) };
}

export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function truncate(text: string, max = MAX_DETAIL_LENGTH): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
