/**
 * Rate limiting per bearer token: a token bucket each, refilled at `requestsPerSecond` up to `burst`. A request
 * over the limit is answered 429 with a SCIM error and `Retry-After`. On by default at DEFAULT_RATE_LIMIT, a pace no
 * real IdP reaches: Entra ID does not honour Retry-After and quarantines an app whose requests keep failing, so the
 * default must never throttle an IdP, only a runaway client (docs/configuration.md, "Rate limiting").
 *
 * The limiter runs after authentication, so buckets exist only for valid tokens: a flood of made-up tokens cannot
 * grow the table. Buckets are keyed by the token's digest, never the token itself.
 */
import { createHash } from 'node:crypto';
import { sendScimError } from '@scim-connector/scim/express';
import type { NextFunction, Request, Response } from 'express';
import { bearerToken } from './auth.ts';

export interface RateLimitSettings {
  /** Sustained rate each token may use. */
  requestsPerSecond: number;
  /** Requests a token may send at once after being idle. */
  burst: number;
}

/**
 * The limit when SCIM_RATE_LIMIT is unset: four times the 25 requests per second Microsoft asks a SCIM endpoint to
 * sustain per tenant (Entra's gallery onboarding checklist), with a burst of three seconds' worth for an IdP that
 * sends a page of requests at once. A client looping on errors is held to this pace instead of the server's.
 */
export const DEFAULT_RATE_LIMIT: Readonly<RateLimitSettings> = { requestsPerSecond: 100, burst: 300 };

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

/** One token bucket; time comes from `now` (milliseconds) so tests need no clock. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly now: () => number,
  ) {
    this.tokens = settings.burst;
    this.updatedAt = now();
  }

  take(): TakeResult {
    const at = this.now();
    const elapsedSeconds = Math.max(0, at - this.updatedAt) / 1000;
    this.tokens = Math.min(
      this.settings.burst,
      this.tokens + elapsedSeconds * this.settings.requestsPerSecond,
    );
    this.updatedAt = at;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: ((1 - this.tokens) / this.settings.requestsPerSecond) * 1000 };
  }
}

export interface RateLimiterOptions {
  now?: () => number;
  /** Called for every refused request (metrics). */
  onLimited?: () => void;
}

/** Express middleware: one bucket per bearer token, 429 + Retry-After (whole seconds, at least 1) when empty. */
export function rateLimitPerToken(settings: RateLimitSettings, options: RateLimiterOptions = {}) {
  const now = options.now ?? Date.now;
  const buckets = new Map<string, TokenBucket>();
  return (req: Request, res: Response, next: NextFunction): void => {
    const key = createHash('sha256')
      .update(bearerToken(req.get('authorization')) ?? '')
      .digest('base64');
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(settings, now);
      buckets.set(key, bucket);
    }
    const result = bucket.take();
    if (result.ok) {
      next();
      return;
    }
    options.onLimited?.();
    const retryAfterSeconds = Math.max(1, Math.ceil(result.retryAfterMs / 1000));
    res.setHeader('Retry-After', String(retryAfterSeconds));
    sendScimError(
      res,
      429,
      `Too many requests for this token: the limit is ${formatRate(settings.requestsPerSecond)} per second ` +
        `with bursts of ${settings.burst} (SCIM_RATE_LIMIT). Retry after ${retryAfterSeconds} s.`,
    );
  };
}

function formatRate(rate: number): string {
  return Number.isInteger(rate) ? String(rate) : rate.toFixed(2).replace(/0+$/, '');
}
