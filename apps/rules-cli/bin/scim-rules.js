#!/usr/bin/env node
// The scim-rules CLI. Packages ship as TypeScript source, so tsx's ESM loader compiles them as they load.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
