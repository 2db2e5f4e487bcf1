/**
 * The default per-token limit (DEFAULT_RATE_LIMIT) against request schedules on a simulated clock: the pace IdPs
 * provision at never meets a 429, a client looping on a request is held to the limit. Entra ID does not honour
 * Retry-After and quarantines an application whose requests keep failing, so one refused request from a real IdP
 * would be a failure of the default (docs/configuration.md, "Rate limiting").
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMIT, TokenBucket } from './rate-limit.ts';

/** Arrival times in ms: `perSecond` requests each second, all in the same millisecond (the worst clumping). */
function clumpedEverySecond(perSecond: number, seconds: number, startMs = 0): number[] {
  const times: number[] = [];
  for (let second = 0; second < seconds; second++) {
    for (let i = 0; i < perSecond; i++) times.push(startMs + second * 1000);
  }
  return times;
}

/** How many of the requests arriving at `times` (ascending) the default limit refuses. */
function refusedUnderDefault(times: readonly number[]): number {
  let now = times[0] ?? 0;
  const bucket = new TokenBucket(DEFAULT_RATE_LIMIT, () => now);
  let refused = 0;
  for (const at of times) {
    now = at;
    if (!bucket.take().ok) refused++;
  }
  return refused;
}

describe('the default rate limit', () => {
  it("never throttles an Entra-like initial cycle at Microsoft's 25 requests per second, clumped each second", () => {
    // 100,000 users, a GET (match by userName) and a POST each, at the rate Microsoft requires an endpoint to take:
    // over two hours of requests, 25 arriving in the same millisecond every second.
    const times = clumpedEverySecond(25, (100_000 * 2) / 25);
    expect(times).toHaveLength(200_000);
    expect(refusedUnderDefault(times)).toBe(0);
  });

  it('never throttles an Okta-like push of a large group: a first page of requests at once, then a steady pace', () => {
    // 200 requests at once (a whole page of assignments handed to the app), then 50 a second for an hour: twice
    // Entra's required pace, sustained.
    const times = [...Array.from({ length: 200 }, () => 0), ...clumpedEverySecond(50, 3600, 1000)];
    expect(refusedUnderDefault(times)).toBe(0);
  });

  it('slows a runaway client looping at 1,000 requests per second to the limit', () => {
    const seconds = 60;
    const times = Array.from({ length: 1000 * seconds }, (_, i) => i);
    const refused = refusedUnderDefault(times);
    const allowed = times.length - refused;
    // At most the burst plus the refill over the minute; everything beyond is refused with 429.
    expect(allowed).toBeLessThanOrEqual(
      DEFAULT_RATE_LIMIT.burst + DEFAULT_RATE_LIMIT.requestsPerSecond * seconds,
    );
    expect(allowed).toBeGreaterThanOrEqual(DEFAULT_RATE_LIMIT.requestsPerSecond * seconds);
    expect(refused / times.length).toBeGreaterThan(0.85);
  });
});
