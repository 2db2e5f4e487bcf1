import { defineConfig } from 'vitest/config';

// The contract suite runs every query against real SQLite and PostgreSQL, including property tests of a few
// hundred filters; on a loaded 2-core CI machine that outruns vitest's 5 s default without anything being wrong.
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 30_000 } });
