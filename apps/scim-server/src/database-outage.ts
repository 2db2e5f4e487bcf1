/**
 * Tells a database that is away (stopped, restarting, failing over, unreachable) from everything else. Such
 * failures are answered 503 with Retry-After: the IdP retries the request later, whereas a 500 is recorded as a
 * failed operation (and counts towards Entra ID's quarantine). The server needs no restart: the pool reconnects
 * on the next query once the database answers again.
 */
import type { TemporaryOutage } from '@scim-connector/scim';

/** What clients are told to wait; a PostgreSQL restart or failover takes seconds. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Socket-level failures reaching the database host. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs of a server that is going away or not ready: admin_shutdown, crash_shutdown,
 * cannot_connect_now (starting up, shutting down, in recovery), too_many_connections, plus the whole
 * connection_exception class (08xxx).
 */
const POSTGRES_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** SQLite's "another process holds the lock" beyond the busy timeout: worth a retry, not a failure. */
const SQLITE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED']);

/** Messages node-postgres uses for a lost or unobtainable connection; they carry no code. */
const POSTGRES_CLIENT_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
];

export function isDatabaseUnavailable(error: unknown, seen = new Set<unknown>()): boolean {
  if (typeof error !== 'object' || error === null || seen.has(error)) return false;
  seen.add(error);
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || POSTGRES_STATES.has(code) || SQLITE_CODES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (typeof message === 'string' && POSTGRES_CLIENT_MESSAGES.some((pattern) => pattern.test(message)))
    return true;
  // A connection attempt to a host with several addresses fails as an AggregateError of socket errors.
  if (error instanceof AggregateError && error.errors.some((inner) => isDatabaseUnavailable(inner, seen)))
    return true;
  return cause !== undefined && isDatabaseUnavailable(cause, seen);
}

/** For the SCIM service's `recognizeOutage`: a 503 the IdP reads in its provisioning log. */
export function recognizeDatabaseOutage(error: unknown): TemporaryOutage | undefined {
  if (!isDatabaseUnavailable(error)) return undefined;
  return {
    detail:
      'The connector cannot reach its database right now; nothing was changed. Retry the request after the ' +
      'Retry-After delay.',
    retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
  };
}
