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

  it('ends a sleep early on wake, and clears its timer', async () => {
    vi.useFakeTimers();
    const sleeper = new WakeableSleep();
    let ended = false;
    const sleeping = sleeper.sleep(60_000).then(() => {
      ended = true;
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ended).toBe(false);
    sleeper.wake();
    // No fake time passes here: only the promise callbacks run, so the wake alone must have ended the sleep.
    await vi.advanceTimersByTimeAsync(0);
    expect(ended).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    await sleeping;
  });

  it('remembers a wake that came while nobody slept, once', async () => {
    vi.useFakeTimers();
    const sleeper = new WakeableSleep();
    sleeper.wake();
    let firstEnded = false;
    const first = sleeper.sleep(60_000).then(() => {
      firstEnded = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(firstEnded).toBe(true);
    await first;
    let secondEnded = false;
    const second = sleeper.sleep(60_000).then(() => {
      secondEnded = true;
    });
    // The remembered wake was used up: the second sleep lasts until its time is nearly out.
    await vi.advanceTimersByTimeAsync(59_999);
    expect(secondEnded).toBe(false);
    sleeper.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(secondEnded).toBe(true);
    await second;
  });

  it('ends a sleep when its signal aborts, without waking other sleepers', async () => {
    vi.useFakeTimers();
    const sleeper = new WakeableSleep();
    const aborted = new AbortController();
    let otherEnded = false;
    const other = sleeper.sleep(60_000).then(() => {
      otherEnded = true;
    });
    let abortedEnded = false;
    const sleeping = sleeper.sleep(60_000, aborted.signal).then(() => {
      abortedEnded = true;
    });
    aborted.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(abortedEnded).toBe(true);
    expect(otherEnded).toBe(false);
    await sleeping;
    // The aborted sleep's timer is cleared, not left behind; the other sleeper's still runs.
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(otherEnded).toBe(false);
    sleeper.wake();
    await vi.advanceTimersByTimeAsync(0);
    expect(otherEnded).toBe(true);
    await other;
  });
});
