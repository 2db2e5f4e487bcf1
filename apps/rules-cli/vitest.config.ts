import { defineConfig } from 'vitest/config';
import { testSettings } from '../../vitest.shared.ts';

// The end-to-end tests start the CLI (and the server) as child processes; each start compiles TypeScript, which
// has taken up to a minute on a busy two-core machine: the bound catches a hang, it measures nothing.
export default defineConfig({ test: testSettings({ testTimeout: 120_000, hookTimeout: 120_000 }) });
