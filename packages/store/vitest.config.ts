import { defineConfig } from 'vitest/config';
import { POSTGRES_GLOBAL_SETUP, testSettings } from '../../vitest.shared.ts';

// The contract suite runs every query against real SQLite and PostgreSQL; the shared limits leave it room on a
// loaded two-core machine.
export default defineConfig({ test: { ...testSettings(), globalSetup: [POSTGRES_GLOBAL_SETUP] } });
