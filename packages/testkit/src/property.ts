/**
 * How every property and fuzz test runs, so that each one is bounded by construction rather than by luck:
 *
 * - a fixed number of runs, chosen per test for a two-core machine;
 * - a fixed seed, so a run is the same everywhere and a failure can be replayed; fast-check's failure message
 *   names the seed and the shrink path (`{ seed: …, path: "…" }`);
 * - a time limit with room for a cold CI run, where every package's suite starts at once on two cores and a
 *   test can take several times as long as it does alone.
 *
 * `FC_SEED=<n>` runs every property with another seed, to explore beyond the fixed one; a failure found that way
 * is replayed with the same variable.
 */

/**
 * The time limit of one property or fuzz test (vitest's third `it` argument). The slowest of them takes about
 * 15 s in a cold `.ci/run` and under 2 s alone; a limit four times the cold figure leaves room for a slower
 * machine without letting a hang go unnoticed.
 */
export const PROPERTY_TEST_TIMEOUT_MS = 60_000;

export interface PropertyRuns {
  readonly numRuns: number;
  readonly seed: number;
}

/** The seed from `FC_SEED`, when set; a value that is not an integer is refused rather than silently ignored. */
export function seedOverride(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const text = env.FC_SEED;
  if (text === undefined || text === '') return undefined;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer, got ${JSON.stringify(text)}`);
  return seed;
}

/** The run settings for `fc.assert`: `numRuns` runs from `seed` (or from `FC_SEED` when it is set). */
export function propertyRuns(numRuns: number, seed: number): PropertyRuns {
  if (!Number.isInteger(numRuns) || numRuns < 1)
    throw new Error(`numRuns must be a positive integer: ${numRuns}`);
  return { numRuns, seed: seedOverride() ?? seed };
}
