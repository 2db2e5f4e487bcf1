import { afterEach, describe, expect, it, vi } from 'vitest';
import { WakeableSleep } from './wakeable-sleep.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('WakeableSleep', () => {
  it('sleeps for exactly the time asked when nobody wakes it', async () => {
    vi.useFakeTimers();
    const sleeper = new WakeableSleep();
    let ended = false;
    const sleeping = sleeper.sleep(5_000).then(() => {
      ended = true;
    });
    await vi.advanceTimersByTimeAsync(4_999);
    expect(ended).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(ended).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ends a sleep early on wake', async () => {
    const sleeper = new WakeableSleep();
    const sleeping = sleeper.sleep(60_000).then(() => 'woken');
    sleeper.wake();
    expect(await sleeping).toBe('woken');
  });

  it('remembers a wake that came while nobody slept, once', async () => {
    vi.useFakeTimers();
    const sleeper = new WakeableSleep();
    sleeper.wake();
    await sleeper.sleep(60_000);
    let secondEnded = false;
    const second = sleeper.sleep(60_000).then(() => {
      secondEnded = true;
    });
    // The remembered wake was used up: the second sleep lasts until its time is nearly out.
    await vi.advanceTimersByTimeAsync(59_999);
    expect(secondEnded).toBe(false);
    sleeper.wake();
    await second;
    expect(secondEnded).toBe(true);
  });

  it('ends a sleep when its signal aborts, without waking other sleepers', async () => {
    vi.useFakeTimers();
    const sleeper = new WakeableSleep();
    const aborted = new AbortController();
    let otherEnded = false;
    const other = sleeper.sleep(60_000).then(() => {
      otherEnded = true;
    });
    const sleeping = sleeper.sleep(60_000, aborted.signal);
    aborted.abort();
    await sleeping;
    // The aborted sleep's timer is cleared, not left behind; the other sleeper's still runs.
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(otherEnded).toBe(false);
    sleeper.wake();
    await other;
    expect(otherEnded).toBe(true);
  });
});
