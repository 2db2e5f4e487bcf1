/**
 * Retries transient platform failures with exponential backoff and full jitter (a random wait between 0 and
 * min(maxMs, baseMs * 2^n)), so many workers hitting a struggling platform spread out instead of stampeding.
 * A Retry-After from the platform is a floor on the wait; one longer than `maxMs` is not slept through here but
 * handed back to the caller (the sync worker parks the user for that long instead of holding a worker).
 */
import { PlatformError } from '@scim-connector/platform';
import type { RetryOptions } from './options.ts';
import type { Clock, Logger } from './runtime.ts';

export interface RetryRuntime {
  clock: Clock;
  /** Uniform in [0, 1). */
  random: () => number;
  logger: Logger;
}

/** One attempt; gets its 0-based number and the previous attempt's error, so it can reconcile before resending. */
export type Attempt<T> = (attempt: number, previousError: PlatformError | undefined) => Promise<T>;

/** The jittered wait before retry number `retryIndex` (0 for the first retry). */
export function backoffDelay(retryIndex: number, policy: RetryOptions, random: () => number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** retryIndex);
  return Math.floor(random() * ceiling);
}

export async function withRetry<T>(
  operation: string,
  policy: RetryOptions,
  runtime: RetryRuntime,
  attempt: Attempt<T>,
): Promise<T> {
  let previousError: PlatformError | undefined;
  for (let attemptNumber = 0; ; attemptNumber++) {
    try {
      return await attempt(attemptNumber, previousError);
    } catch (error) {
      if (!(error instanceof PlatformError) || !error.transient) throw error;
      if (attemptNumber >= policy.max) throw gaveUp(error, attemptNumber + 1);
      if (error.retryAfterMs !== undefined && error.retryAfterMs > policy.maxMs) throw error;

      const jittered = backoffDelay(attemptNumber, policy, runtime.random);
      const waitMs = Math.max(jittered, error.retryAfterMs ?? 0);
      runtime.logger.warn(
        { operation, attempt: attemptNumber + 1, waitMs, code: error.code, reason: error.message },
        'transient Fluent failure; retrying',
      );
      previousError = error;
      await runtime.clock.sleep(waitMs);
    }
  }
}

function gaveUp(error: PlatformError, attempts: number): PlatformError {
  if (attempts <= 1) return error;
  return new PlatformError(`${error.message} (gave up after ${attempts} attempts)`, {
    transient: true,
    ...(error.code !== undefined && { code: error.code }),
    ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
    cause: error,
  });
}
