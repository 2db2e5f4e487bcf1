import { describe, expect, it } from 'vitest';
import { percentile, summarize } from './stats.ts';

describe('percentile', () => {
  it('picks the nearest-rank sample', () => {
    const samples = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 99)).toBe(99);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  it('is NaN with no samples', () => {
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('summarize', () => {
  it('sorts numerically and derives the rate from the elapsed time', () => {
    const summary = summarize([30, 4, 200, 10], 1, 2);
    expect(summary).toMatchObject({
      requests: 4,
      failures: 1,
      perSecond: 2,
      p50Ms: 10,
      p99Ms: 200,
      maxMs: 200,
    });
  });
});
