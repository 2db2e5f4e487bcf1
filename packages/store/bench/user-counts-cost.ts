/**
 * `pnpm --filter @scim-connector/store exec tsx bench/user-counts-cost.ts`: what migration 0011's user-count
 * triggers cost on the write path. Two fresh stores per database, one with the triggers dropped; each round
 * writes ROUND users one SCIM-style transaction each into both (alternating which goes first), then updates each
 * once without changing `active` and once deactivating it. Reports the time per write with and without.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/open-store.ts';
import { dropSchema, TEST_DATABASE_URL } from '../src/testing/postgres.ts';
import { executeStatements } from '../src/testing/raw-sql.ts';
import type { Store } from '../src/types.ts';

const ROUND = 2000;
const ROUNDS = 3;
const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
type Timings = { insert: number; sameActive: number; deactivate: number };

async function round(store: Store, tag: string, timings: Timings): Promise<void> {
  const ids = Array.from({ length: ROUND }, (_, i) => `${tag}-${i}`);
  const resource = (id: string, active: boolean) => ({ schemas: [CORE_USER], userName: id, active });
  const time = async (key: keyof Timings, write: (id: string) => Promise<unknown>) => {
    const started = performance.now();
    for (const id of ids) await write(id);
    timings[key] += performance.now() - started;
  };
  await time('insert', (id) =>
    store.transaction((tx) =>
      tx.insertUser({ id, userName: id, active: true, resource: resource(id, true) }),
    ),
  );
  await time('sameActive', (id) =>
    store.transaction((tx) =>
      tx.updateUser(id, { userName: `${id}-x`, active: true, resource: resource(id, true) }),
    ),
  );
  await time('deactivate', (id) =>
    store.transaction((tx) =>
      tx.updateUser(id, { userName: `${id}-x`, active: false, resource: resource(id, false) }),
    ),
  );
}

async function compare(
  name: string,
  open: (label: string) => Promise<{ store: Store; dropTriggers(): Promise<void>; dispose(): Promise<void> }>,
) {
  const [counted, plain] = [await open('counted'), await open('plain')];
  await plain.dropTriggers();
  const zero = (): Timings => ({ insert: 0, sameActive: 0, deactivate: 0 });
  const [withTriggers, without] = [zero(), zero()];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? [counted, plain] : [plain, counted];
      for (const side of order) await round(side.store, `r${r}`, side === counted ? withTriggers : without);
    }
    const writes = ROUND * ROUNDS;
    for (const key of Object.keys(withTriggers) as (keyof Timings)[]) {
      const a = withTriggers[key] / writes;
      const b = without[key] / writes;
      console.log(
        `${name} ${key}: ${a.toFixed(3)} ms with the triggers, ${b.toFixed(3)} ms without (${(((a - b) / b) * 100).toFixed(1)}%)`,
      );
    }
    console.log(`${name}: ${await counted.store.userCounts().then(JSON.stringify)} counted`);
  } finally {
    await counted.dispose();
    await plain.dispose();
  }
}

const DROP = [
  'drop trigger users_count_insert',
  'drop trigger users_count_delete',
  'drop trigger users_count_active',
];

await compare('sqlite', async (label) => {
  const dir = mkdtempSync(join(tmpdir(), `scim-user-counts-${label}-`));
  const url = `sqlite:${join(dir, 'store.db')}`;
  const store = await openStore(url);
  return {
    store,
    dropTriggers: () => executeStatements(url, DROP),
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
await compare('postgres', async (label) => {
  const schema = `user_counts_cost_${label}_${process.pid}`;
  await dropSchema(schema);
  const store = await openStore(TEST_DATABASE_URL, { schema });
  return {
    store,
    dropTriggers: () =>
      executeStatements(
        TEST_DATABASE_URL,
        ['drop trigger users_count_insert_delete on users', 'drop trigger users_count_active on users'],
        { schema },
      ),
    async dispose() {
      await store.close();
      await dropSchema(schema);
    },
  };
});
console.log(
  `load average ${loadavg()
    .map((v) => v.toFixed(2))
    .join(' ')}`,
);
