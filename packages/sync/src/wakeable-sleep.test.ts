import { describe, expect, it } from 'vitest';
import { WakeableSleep } from './wakeable-sleep.ts';

describe('WakeableSleep', () => {
  it('ends a sleep early on wake', async () => {
    const sleeper = new WakeableSleep();
    const sleeping = sleeper.sleep(60_000).then(() => 'woken');
    sleeper.wake();
    expect(await sleeping).toBe('woken');
  });

  it('remembers a wake that came while nobody slept, once', async () => {
    const sleeper = new WakeableSleep();
    sleeper.wake();
    await sleeper.sleep(60_000);
    let secondEnded = false;
    const second = sleeper.sleep(60_000).then(() => {
      secondEnded = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(secondEnded).toBe(false);
    sleeper.wake();
    await second;
    expect(secondEnded).toBe(true);
  });

  it('ends a sleep when its signal aborts, without waking other sleepers', async () => {
    const sleeper = new WakeableSleep();
    const aborted = new AbortController();
    let otherEnded = false;
    const other = sleeper.sleep(60_000).then(() => {
      otherEnded = true;
    });
    const sleeping = sleeper.sleep(60_000, aborted.signal);
    aborted.abort();
    await sleeping;
    expect(otherEnded).toBe(false);
    sleeper.wake();
    await other;
    expect(otherEnded).toBe(true);
  });
});
