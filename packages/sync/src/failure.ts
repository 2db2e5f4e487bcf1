/**
 * What a failed push means for the queue. A transient platform error (429, 5xx, network) is retried with
 * exponential backoff and jitter, never sooner than the platform's Retry-After. A permanent one (the platform
 * refused the data) parks the user at once: retrying cannot help until the data or the rules change, and a new
 * SCIM write or a rules reload unparks them. Anything else (a database hiccup, a bad platform setting) is
 * retried, and parked once `maxAttempts` is reached so one user cannot spin forever.
 */
import { PlatformError } from '@scim-connector/platform';
import type { RetryPolicy } from './types.ts';

/** The SCIM user cannot be mapped to a platform profile (e.g. a timezone that is not an IANA zone). */
export class ProfileMappingError extends Error {
  constructor(userName: string, cause: unknown) {
    super(
      `cannot map user "${userName}" to a platform profile: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'ProfileMappingError';
  }
}

export interface Failure {
  message: string;
  /** Worth retrying later. */
  transient: boolean;
  /** The platform rejected a role as unknown: the role catalogue the decision used is out of date. */
  unknownRole: boolean;
  retryAfterMs?: number;
}

export function classifyFailure(error: unknown): Failure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof PlatformError) {
    const failure: Failure = { message, transient: error.transient, unknownRole: isUnknownRole(error) };
    if (error.retryAfterMs !== undefined) failure.retryAfterMs = error.retryAfterMs;
    return failure;
  }
  if (error instanceof ProfileMappingError) return { message, transient: false, unknownRole: false };
  return { message, transient: true, unknownRole: false };
}

/** Fluent reports an unknown role as "not found" (`C0120E`) naming the role; other plugins say so in words. */
function isUnknownRole(error: PlatformError): boolean {
  if (error.transient) return false;
  return /\brole\b/i.test(error.message) && /(not exist|not found|unknown)/i.test(error.message);
}

/**
 * The wait before attempt `attempts + 1`: base * 2^(attempts - 1), capped at maxMs, jittered into its upper half
 * (so a burst of failures spreads out without retrying early), and never shorter than Retry-After.
 */
export function backoffDelay(
  attempts: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterMs?: number,
): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(attempts - 1, 0));
  const jittered = Math.round(exponential / 2 + (random() * exponential) / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}
