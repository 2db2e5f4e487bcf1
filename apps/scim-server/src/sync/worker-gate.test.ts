import { describe, expect, it } from 'vitest';
import { createWorkerGate } from './worker-gate.ts';

/** A gate over a worker that records its starts and stops. */
function recordedGate() {
  const calls: string[] = [];
  const gate = createWorkerGate({
    start: () => calls.push('start'),
    stop: async () => {
      calls.push('stop');
    },
  });
  return { calls, gate };
}

describe('worker gate', () => {
  it('runs the worker only while nothing holds it, and never again once closed', async () => {
    const { calls, gate } = recordedGate();
    await gate.hold('platform-check');
    await gate.release('not-started');
    expect(gate.holds()).toEqual(['platform-check']);
    expect(calls).toEqual([]);
    await gate.release('platform-check');
    expect(calls).toEqual(['start']);
    await gate.hold('rules-behind');
    await gate.hold('rules-behind');
    expect(calls).toEqual(['start', 'stop']);
    await gate.release('rules-behind');
    await gate.close();
    await gate.release('not-started');
    await gate.close();
    expect(calls).toEqual(['start', 'stop', 'start', 'stop']);
  });

  it('coalesces holds and releases made before a transition runs', async () => {
    const { calls, gate } = recordedGate();
    void gate.release('not-started');
    void gate.hold('rules-behind');
    await gate.release('rules-behind');
    expect(calls).toEqual(['start']);
  });
});
