/**
 * What recording the end of a push costs on SQLite, per user: the create intent (saveLink) and the record (link,
 * audit entry, completion), as the sync worker writes them in an initial load. Compares recording one push per
 * commit (`one`) with recordSyncMany batches (`many`), without migration 0009's triggers (`no-triggers`), and with
 * random (`uuid4`) or time-ordered (`uuid7`) user ids instead of the fixtures' counters, in alternating blocks so
 * every variant sees the same machine load (docs/benchmarks.md, issue #15).
 *   pnpm --filter @scim-connector/store exec tsx bench/push-records.ts [--users 20000] [--batch 4]
 *     [--variants one,many,uuid4,uuid7,no-triggers]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { openStore } from '../src/open-store.ts';
import { newUser } from '../src/testing/fixtures.ts';
import type { PlatformLink, Store, SyncRecord } from '../src/types.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '16' },
    block: { type: 'string', default: '1000' },
    variants: { type: 'string', default: 'one,many' },
  },
});
const USERS = Number(values.users);
const BATCH = Number(values.batch);
const BLOCK = Number(values.block);

const roles = ['AGENT_12_STORE_ASSISTANT', 'AGENT_12_STORE_MANAGER', 'RETAILER_3_VIEWER'];

function link(userId: string, userName: string, kind: 'creating' | 'linked', at: string): PlatformLink {
  const lastDecision = {
    trigger: 'user.created',
    outcome: 'create',
    reasons: ['every role resolves'],
    blockedReasons: [],
    unresolved: [],
    decidedBy: ['create-when-roles-resolve'],
    effectiveRoles: roles,
    at,
  };
  const account =
    kind === 'linked'
      ? {
          kind,
          platformUserId: `p-${userId}`,
          username: userName,
          status: 'ACTIVE',
          createdByConnector: true,
          roles,
        }
      : { kind, username: userName };
  return {
    userId,
    state: { link: account, lastDecision: kind === 'linked' ? lastDecision : null },
    lastSyncedAt: at,
    ...(kind === 'linked' && {
      summary: { platformStatus: 'ACTIVE', blockedReasons: null, decidedAt: at },
    }),
  } as PlatformLink;
}

function record(userId: string, userName: string, generation: number, at: string): SyncRecord {
  return {
    link: link(userId, userName, 'linked', at),
    audit: {
      userId,
      trigger: 'user.created',
      outcome: 'create',
      reasons: ['every role resolves'],
      changes: { applied: true, createAccount: true, addRoles: roles, removeRoles: [] },
      explanation: { rules: ['create-when-roles-resolve'] },
      at,
    },
    completion: { userId, generation },
  };
}

type Variant = 'one' | 'many' | 'uuid4' | 'uuid7' | 'no-triggers';
const VARIANTS: Record<Variant, string> = {
  one: 'recordSync, one commit per push',
  uuid4: 'recordSync, random UUIDv4 user ids',
  uuid7: 'recordSync, time-ordered UUIDv7-like ids',
  many: `recordSyncMany, ${BATCH} per commit`,
  'no-triggers': 'recordSync, no user_roles triggers',
};

/** The variant without migration 0009's triggers: what keeping user_roles and role_grants costs. */
function alter(file: string, variant: Variant): void {
  if (variant !== 'no-triggers') return;
  const db = new SqliteDatabase(file);
  const triggers = db.prepare("select name from sqlite_master where type = 'trigger'").all() as {
    name: string;
  }[];
  for (const { name } of triggers) {
    if (name.startsWith('platform_links_roles') || name === 'audit_log_role_grants')
      db.exec(`drop trigger ${name}`);
  }
  db.close();
}

interface Setup {
  name: string;
  store: Store;
  mode: Variant;
  cpuMs: number;
  wallMs: number;
  done: number;
}

let sequence = 0;
/** A time-ordered id: 48 bits of milliseconds, then a counter and random bits (the layout of RFC 9562 UUIDv7). */
function orderedId(): string {
  const hex = (Date.now() * 4096 + (sequence++ % 4096)).toString(16).padStart(15, '0');
  const tail = randomUUID().slice(19);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(12, 15)}-${tail}`;
}

function idFor(variant: Variant): string | undefined {
  if (variant === 'uuid4') return randomUUID();
  if (variant === 'uuid7') return orderedId();
  return undefined;
}

async function seed(store: Store, prefix: Variant): Promise<void> {
  for (let start = 0; start < USERS; start += 1000) {
    await store.transaction(async (tx) => {
      for (let index = start; index < Math.min(USERS, start + 1000); index++) {
        const id = idFor(prefix);
        await tx.insertUser(newUser(`${prefix}${index}@example.com`, id === undefined ? {} : { id }));
      }
    });
  }
}

/** Claims and records BLOCK users the way the worker does. */
async function runBlock(setup: Setup): Promise<void> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  let left = BLOCK;
  while (left > 0) {
    const claimed = await setup.store.claimDirty({
      limit: Math.min(BATCH, left),
      workerId: 'bench',
      leaseMs: 600_000,
    });
    if (claimed.length === 0) break;
    left -= claimed.length;
    const at = new Date().toISOString();
    const directory = await setup.store.getDirectoryStates(claimed.map((user) => user.userId));
    const pushes: SyncRecord[] = [];
    for (const user of claimed) {
      const state = directory.get(user.userId);
      const userName = state?.user?.userName ?? user.userId;
      await setup.store.saveLink(link(user.userId, userName, 'creating', at));
      pushes.push(record(user.userId, userName, user.generation, at));
    }
    if (setup.mode === 'many') await setup.store.recordSyncMany(pushes);
    else for (const push of pushes) await setup.store.recordSync(push);
    setup.done += claimed.length;
  }
  const used = process.cpuUsage(cpu);
  setup.cpuMs += (used.user + used.system) / 1000;
  setup.wallMs += performance.now() - started;
}

const folder = mkdtempSync(join(tmpdir(), 'scim-push-records-'));
try {
  const setups: Setup[] = [];
  for (const mode of (values.variants ?? '').split(',') as Variant[]) {
    const file = join(folder, `${mode}.db`);
    const seeding = await openStore(`sqlite:${file}`);
    await seed(seeding, mode);
    await seeding.close();
    alter(file, mode);
    const store = await openStore(`sqlite:${file}`);
    setups.push({ name: VARIANTS[mode], store, mode, cpuMs: 0, wallMs: 0, done: 0 });
  }
  console.log(
    `load average at start: ${(await import('node:os'))
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  for (let round = 0; round * BLOCK < USERS; round++) {
    for (const setup of round % 2 === 0 ? setups : [...setups].reverse()) await runBlock(setup);
  }
  for (const setup of setups) {
    console.log(
      `${setup.name.padEnd(40)} ${setup.done} users  CPU ${((setup.cpuMs / setup.done) * 1000).toFixed(0)} us/user  wall ${((setup.wallMs / setup.done) * 1000).toFixed(0)} us/user`,
    );
    await setup.store.close();
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}
