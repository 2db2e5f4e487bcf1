import { defineConfig } from 'vitest/config';

// Property and fuzz tests run thousands of generated cases; on a loaded 2-core CI machine one can outrun
// vitest's 5 s default without anything being wrong.
export default defineConfig({ test: { testTimeout: 30_000, hookTimeout: 30_000 } });
