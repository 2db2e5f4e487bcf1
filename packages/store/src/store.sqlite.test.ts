import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openStore } from './open-store.ts';
import { storeContract } from './testing/store-contract.ts';

const folder = mkdtempSync(join(tmpdir(), 'scim-store-'));
let current = '';
let files = 0;

afterAll(() => rmSync(folder, { recursive: true, force: true }));

storeContract({
  parallelTransactions: false,
  fresh(options) {
    files += 1;
    current = `sqlite:${join(folder, `store-${files}.db`)}`;
    return openStore(current, options);
  },
  another(options) {
    return openStore(current, options);
  },
});
