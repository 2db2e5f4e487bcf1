/**
 * The vitest settings every package starts from. `.ci/run` runs every package's suite at once on a two-core
 * machine with a cold transform cache, where importing a package alone has taken 17 s; vitest's 5 s default then
 * fails tests that are merely waiting for a core. Each package may raise the limits for its own reasons.
 */
export interface TestLimits {
  /** The time limit of one test, in milliseconds. */
  testTimeout: number;
  /** The time limit of one beforeAll/afterAll/beforeEach/afterEach hook, in milliseconds. */
  hookTimeout: number;
}

export const DEFAULT_TEST_LIMITS: TestLimits = { testTimeout: 30_000, hookTimeout: 30_000 };

/** The `test` section of a package's vitest config: the shared limits, with the package's own on top. */
export function testSettings(overrides: Partial<TestLimits> = {}): TestLimits {
  return { ...DEFAULT_TEST_LIMITS, ...overrides };
}
