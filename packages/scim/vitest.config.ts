import { defineConfig } from 'vitest/config';
import { testSettings } from '../../vitest.shared.ts';

// The shared limits; each property and fuzz test also carries its own (PROPERTY_TEST_TIMEOUT_MS).
export default defineConfig({ test: testSettings() });
