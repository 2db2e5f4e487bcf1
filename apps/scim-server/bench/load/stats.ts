/** Latency percentiles and throughput from the per-request samples of one load run. */

export interface LoadSummary {
  requests: number;
  failures: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * The nearest-rank percentile (the smallest sample with at least `percent`% of the samples at or below it), so a
 * reported p99 is a latency some request really had rather than an interpolation between two.
 */
export function percentile(sortedMs: readonly number[], percent: number): number {
  if (sortedMs.length === 0) return Number.NaN;
  const rank = Math.ceil((percent / 100) * sortedMs.length);
  return sortedMs[Math.min(sortedMs.length, Math.max(rank, 1)) - 1] ?? Number.NaN;
}

export function summarize(latenciesMs: readonly number[], failures: number, seconds: number): LoadSummary {
  const sorted = Float64Array.from(latenciesMs).sort();
  const values = Array.from(sorted);
  return {
    requests: latenciesMs.length,
    failures,
    seconds,
    perSecond: seconds > 0 ? latenciesMs.length / seconds : 0,
    p50Ms: percentile(values, 50),
    p99Ms: percentile(values, 99),
    maxMs: values.at(-1) ?? Number.NaN,
  };
}
