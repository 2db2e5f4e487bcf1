import { defineConfig } from 'vitest/config';

// The engine suites drive a real store (PostgreSQL too) and the simulator; on a loaded 2-core CI machine a
// convergence test can take longer than vitest's 5 s default without anything being wrong.
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 30_000 } });
