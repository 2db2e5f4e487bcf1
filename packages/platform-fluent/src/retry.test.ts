import { PlatformError } from '@scim-connector/platform';
import { PROPERTY_TEST_TIMEOUT_MS, propertyRuns } from '@scim-connector/testkit/property';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, withRetry } from './retry.ts';
import { silentLogger } from './runtime.ts';
import { manualClock } from './testing/scripted-transport.ts';

/** The fixed seed of this file's property runs, so a failure replays (FC_SEED explores others). */
const SEED = 0x72df3;

const policy = { max: 4, baseMs: 100, maxMs: 1000 };
const transient = (extra: { retryAfterMs?: number } = {}) =>
  new PlatformError('Fluent x failed: HTTP 503', { transient: true, ...extra });
const permanent = () => new PlatformError('Fluent x failed: C0020E', { transient: false, code: 'C0020E' });

/** An attempt function failing with the given errors in turn, then succeeding. */
function failingWith(errors: Error[]) {
  const calls: { attempt: number; previous: PlatformError | undefined }[] = [];
  const attempt = async (number: number, previous: PlatformError | undefined) => {
    calls.push({ attempt: number, previous });
    const error = errors[number];
    if (error) throw error;
    return 'ok';
  };
  return { attempt, calls };
}

function runtime(random = () => 0.5) {
  const clock = manualClock();
  return { clock, runtime: { clock, random, logger: silentLogger } };
}

describe('backoffDelay', () => {
  it(
    'stays within [0, min(maxMs, baseMs * 2^n)) — full jitter',
    () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 30 }),
          fc.integer({ min: 0, max: 10_000 }),
          fc.integer({ min: 0, max: 100_000 }),
          fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
          (retryIndex, baseMs, maxMs, r) => {
            const delay = backoffDelay(retryIndex, { max: 5, baseMs, maxMs }, () => r);
            const ceiling = Math.min(maxMs, baseMs * 2 ** retryIndex);
            expect(delay).toBeGreaterThanOrEqual(0);
            expect(delay).toBeLessThanOrEqual(ceiling);
            if (ceiling > 0) expect(delay).toBeLessThan(ceiling);
          },
        ),
        propertyRuns(100, SEED),
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );

  it('grows exponentially until capped', () => {
    const almostOne = () => 0.999_999;
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, policy, almostOne))).toEqual([
      99, 199, 399, 799, 999, 999,
    ]);
  });
});

describe('withRetry', () => {
  it('retries transient failures with jittered exponential waits until one attempt succeeds', async () => {
    const { clock, runtime: rt } = runtime(() => 0.5);
    const { attempt, calls } = failingWith([transient(), transient(), transient()]);
    expect(await withRetry('x', policy, rt, attempt)).toBe('ok');
    expect(calls.map((call) => call.attempt)).toEqual([0, 1, 2, 3]);
    expect(clock.sleeps).toEqual([50, 100, 200]);
    expect(calls[1]?.previous).toBeInstanceOf(PlatformError);
  });

  it('never retries a permanent error', async () => {
    const { clock, runtime: rt } = runtime();
    const error = permanent();
    const { attempt, calls } = failingWith([error]);
    await expect(withRetry('x', policy, rt, attempt)).rejects.toBe(error);
    expect(calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  it('does not swallow programming errors', async () => {
    const { runtime: rt } = runtime();
    const bug = new TypeError('undefined is not a function');
    const { attempt, calls } = failingWith([bug]);
    await expect(withRetry('x', policy, rt, attempt)).rejects.toBe(bug);
    expect(calls).toHaveLength(1);
  });

  it('gives up after max retries with a transient error that says how many attempts were made', async () => {
    const { clock, runtime: rt } = runtime();
    const { attempt, calls } = failingWith(Array.from({ length: 10 }, () => transient()));
    const failure = await withRetry('x', policy, rt, attempt).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PlatformError);
    expect(failure).toMatchObject({ transient: true });
    expect((failure as Error).message).toContain('gave up after 5 attempts');
    expect(calls).toHaveLength(5);
    expect(clock.sleeps).toHaveLength(4);
  });

  it('with max 0 makes exactly one attempt', async () => {
    const { runtime: rt } = runtime();
    const error = transient();
    const { attempt, calls } = failingWith([error]);
    await expect(withRetry('x', { ...policy, max: 0 }, rt, attempt)).rejects.toBe(error);
    expect(calls).toHaveLength(1);
  });

  it('waits at least the Retry-After the platform asked for', async () => {
    const { clock, runtime: rt } = runtime(() => 0);
    const { attempt } = failingWith([transient({ retryAfterMs: 700 }), transient()]);
    await withRetry('x', policy, rt, attempt);
    expect(clock.sleeps).toEqual([700, 0]);
  });

  it('hands a Retry-After longer than maxMs back to the caller instead of sleeping through it', async () => {
    const { clock, runtime: rt } = runtime();
    const error = transient({ retryAfterMs: 30_000 });
    const { attempt, calls } = failingWith([error]);
    await expect(withRetry('x', policy, rt, attempt)).rejects.toBe(error);
    expect(calls).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });
});
