import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CST_TYPES_FILE, cstTypesSource } from './cst-types.ts';

describe('cst.generated.ts', () => {
  it('matches the grammar (else run `pnpm --filter @scim-connector/scim generate:cst`)', async () => {
    expect(await readFile(CST_TYPES_FILE, 'utf8')).toBe(cstTypesSource());
  });
});
