import { defineConfig } from 'vitest/config';
import { POSTGRES_GLOBAL_SETUP, testSettings } from '../../vitest.shared.ts';

// End-to-end tests start servers and child processes; the ones that wait on the sync cycle set longer limits
// of their own.
export default defineConfig({ test: { ...testSettings(), globalSetup: [POSTGRES_GLOBAL_SETUP] } });
