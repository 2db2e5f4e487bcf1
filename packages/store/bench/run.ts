/**
 * Store benchmarks on both databases: SCIM-style user creates (one transaction each), the fan-out of a role
 * change on a 5,000-member group, and draining the resulting queue (claim + complete). Run with `pnpm bench`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore } from '../src/open-store.ts';
import { newGroup, newUser } from '../src/testing/fixtures.ts';
import type { Store } from '../src/types.ts';

const USERS = 5000;

async function timed<T>(label: string, count: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `  ${label.padEnd(44)} ${seconds.toFixed(2).padStart(7)} s  ${(count / seconds).toFixed(0).padStart(7)} /s`,
  );
  return result;
}

async function bench(name: string, store: Store): Promise<void> {
  console.log(`${name}:`);
  const users = Array.from({ length: USERS }, (_, index) =>
    newUser(`bench${index}@example.com`, {
      resource: { emails: [{ value: `bench${index}@example.com`, primary: true }] },
    }),
  );
  await timed(`create ${USERS} users, one transaction each`, USERS, async () => {
    for (const user of users) {
      await store.transaction(async (tx) => {
        await tx.insertUser(user);
        await tx.appendJournal({ method: 'POST', path: '/Users', body: user.resource, id: user.id });
      });
    }
  });
  await timed('lookup by userName filter (indexed)', 1000, async () => {
    for (let index = 0; index < 1000; index++) {
      await store.listUsers({
        filter: { kind: 'compare', path: { attr: 'userName' }, op: 'eq', value: `BENCH${index}@example.com` },
        startIndex: 1,
        count: 1,
      });
    }
  });
  const group = newGroup(
    'Everyone',
    users.map((user) => user.id),
    { roles: ['ACCOUNT_0_ADMIN'] },
  );
  await timed(`create a ${USERS}-member group`, USERS, () =>
    store.transaction((tx) => tx.insertGroup(group)),
  );
  await drain(store, 'drain after setup');
  await timed(`role change fans out to ${USERS} members`, USERS, () =>
    store.transaction((tx) =>
      tx.updateGroup(group.id, {
        displayName: group.displayName,
        members: group.members,
        resource: {
          ...group.resource,
          'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:Group': {
            roles: [{ value: 'ACCOUNT_0_X' }],
          },
        },
      }),
    ),
  );
  await drain(store, `claim + complete ${USERS} dirty users`);
}

async function drain(store: Store, label: string): Promise<void> {
  const stats = await store.queueStats();
  await timed(label, stats.depth, async () => {
    for (;;) {
      const batch = await store.claimDirty({ limit: 100, workerId: 'bench', leaseMs: 60_000 });
      if (batch.length === 0) return;
      await store.completeDirtyMany(batch);
    }
  });
}

const folder = mkdtempSync(join(tmpdir(), 'scim-store-bench-'));
try {
  const sqlite = await openStore(`sqlite:${join(folder, 'bench.db')}`);
  await bench('SQLite (file, WAL)', sqlite);
  await sqlite.close();
} finally {
  rmSync(folder, { recursive: true, force: true });
}

const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `store_bench_${process.pid}`;
const postgres = await openStore(url, { schema });
try {
  await bench('PostgreSQL', postgres);
} finally {
  await postgres.close();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop schema if exists "${schema}" cascade`);
  await admin.end();
}
