import { defineConfig } from 'vitest/config';
import { testSettings } from '../../vitest.shared.ts';

export default defineConfig({ test: testSettings() });
