import { describe, expect, it } from 'vitest';
import { LeaseKeeper } from './lease-keeper.ts';

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
    const keeper = new LeaseKeeper({
      inFlight: () => ['a'],
      renew: async () => {
        throw new Error('database unreachable');
      },
      onLost: () => {},
      onError: (error) => errors.push(error),
    });
    await keeper.renewNow();
    expect(errors).toHaveLength(1);
  });

  it('renews on its timer until stopped', async () => {
    let calls = 0;
    const keeper = new LeaseKeeper({
      inFlight: () => ['a'],
      renew: async (ids) => {
        calls++;
        return ids;
      },
      onLost: () => {},
      onError: () => {},
    });
    keeper.start(10);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await keeper.stop();
    const afterStop = calls;
    expect(afterStop).toBeGreaterThan(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(afterStop);
  });
});
