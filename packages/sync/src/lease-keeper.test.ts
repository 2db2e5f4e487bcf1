import { afterEach, describe, expect, it, vi } from 'vitest';
import { LeaseKeeper } from './lease-keeper.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('LeaseKeeper', () => {
  it('renews everyone in flight and reports those whose lease was gone', async () => {
    const inFlight = ['a', 'b', 'c'];
    const renewed: string[][] = [];
    const lost: string[] = [];
    const keeper = new LeaseKeeper({
      inFlight: () => inFlight,
      renew: async (ids) => {
        renewed.push(ids);
        return ['a', 'c'];
      },
      onLost: (id) => lost.push(id),
      onError: (error) => {
        throw error;
      },
    });
    await keeper.renewNow();
    expect(renewed).toEqual([['a', 'b', 'c']]);
    // Once could be a push completing at that moment; twice in a row, the lease is gone. Reported once.
    expect(lost).toEqual([]);
    await keeper.renewNow();
    expect(lost).toEqual(['b']);
    await keeper.renewNow();
    expect(lost).toEqual(['b']);
  });

  it('does not report a user that finished while the renewal ran, nor renew when idle', async () => {
    let inFlight = ['a', 'b'];
    const lost: string[] = [];
    let calls = 0;
    const keeper = new LeaseKeeper({
      inFlight: () => inFlight,
      renew: async () => {
        calls++;
        // b completes (its lease released) while the renewal is on its way.
        inFlight = ['a'];
        return ['a'];
      },
      onLost: (id) => lost.push(id),
      onError: () => {},
    });
    await keeper.renewNow();
    await keeper.renewNow();
    expect(lost).toEqual([]);
    inFlight = [];
    await keeper.renewNow();
    expect(calls).toBe(2);
  });

  it('forgets a suspect whose lease turns out held at the next renewal', async () => {
    const answers = [['a'], ['a', 'b'], ['a']];
    const lost: string[] = [];
    const keeper = new LeaseKeeper({
      inFlight: () => ['a', 'b'],
      renew: async () => answers.shift() ?? [],
      onLost: (id) => lost.push(id),
      onError: () => {},
    });
    await keeper.renewNow();
    await keeper.renewNow();
    await keeper.renewNow();
    expect(lost).toEqual([]);
  });

  it('hands a failed renewal to onError and keeps going', async () => {
    const errors: unknown[] = [];
    const answers: Array<() => Promise<string[]>> = [
      async () => {
        throw new Error('database unreachable');
      },
      async () => {
        throw new Error('database unreachable');
      },
      async () => ['a'],
    ];
    let calls = 0;
    const keeper = new LeaseKeeper({
      inFlight: () => ['a'],
      renew: () => {
        const answer = answers[calls++] ?? (async () => ['a']);
        return answer();
      },
      onLost: () => {
        throw new Error('a lease the database could not be asked about is not lost');
      },
      onError: (error) => errors.push(error),
    });
    vi.useFakeTimers();
    keeper.start(1_000);
    // Three timer rounds: two failures reported, and the round after them still runs and renews.
    for (let round = 0; round < 3; round++) await vi.advanceTimersByTimeAsync(1_000);
    await keeper.stop();
    expect(errors).toHaveLength(2);
    expect(calls).toBe(3);
  });

  it('renews once per interval on its timer, never two renewals at once, until stopped', async () => {
    vi.useFakeTimers();
    let calls = 0;
    let running = 0;
    let mostAtOnce = 0;
    const keeper = new LeaseKeeper({
      inFlight: () => ['a'],
      renew: async (ids) => {
        calls++;
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        // A slow database: each renewal takes two and a half intervals.
        await new Promise((resolve) => setTimeout(resolve, 2_500));
        running--;
        return ids;
      },
      onLost: () => {},
      onError: () => {},
    });
    keeper.start(1_000);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toBe(1);
    // Ticks at 2 s and 3 s find the first renewal still running and start none; the one at 4 s starts the next.
    await vi.advanceTimersByTimeAsync(3_000);
    expect(calls).toBe(2);
    expect(mostAtOnce).toBe(1);
    const stopping = keeper.stop();
    await vi.advanceTimersByTimeAsync(2_500);
    await stopping;
    const afterStop = calls;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toBe(afterStop);
  });
});
