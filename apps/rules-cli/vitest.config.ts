import { defineConfig } from 'vitest/config';
import { testSettings } from '../../vitest.shared.ts';

// The end-to-end tests start the CLI (and the server) as child processes; each start compiles TypeScript.
export default defineConfig({ test: testSettings({ testTimeout: 60_000, hookTimeout: 60_000 }) });
