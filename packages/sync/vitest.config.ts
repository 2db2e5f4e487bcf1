import { defineConfig } from 'vitest/config';
import { POSTGRES_GLOBAL_SETUP, testSettings } from '../../vitest.shared.ts';

// The engine suites drive a real store (PostgreSQL too) and the simulator; the shared limits leave a
// convergence test room on a loaded two-core machine.
export default defineConfig({ test: { ...testSettings(), globalSetup: [POSTGRES_GLOBAL_SETUP] } });
