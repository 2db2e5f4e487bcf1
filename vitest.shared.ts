/**
 * The vitest settings every package starts from. `.ci/run` runs every package's suite at once on a two-core
 * machine with a cold transform cache, where importing a package alone has taken 17 s; vitest's 5 s default then
 * fails tests that are merely waiting for a core. Each package may raise the limits for its own reasons.
 */
import { fileURLToPath } from 'node:url';

/**
 * The global setup of a package whose tests use PostgreSQL: it finds or starts the run's server
 * (packages/testkit/src/test-postgres.ts) and gives the workers its URL as TEST_DATABASE_URL.
 */
export const POSTGRES_GLOBAL_SETUP = fileURLToPath(
  new URL('./packages/testkit/src/postgres-global-setup.ts', import.meta.url),
);

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
