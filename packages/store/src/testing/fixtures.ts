/** Small builders and helpers shared by the contract suites. */
import {
  type Filter,
  type JournalEntry,
  type MemberRef,
  type NewGroup,
  type NewUser,
  parseFilter,
  type ScimStore,
} from '@scim-connector/scim';
import type { OpenStoreOptions, Store } from '../types.ts';

/** A store the SCIM part of the contract can run against: the port, and a way to let go of it after a test. */
export interface ClosableScimStore extends ScimStore {
  close(): Promise<void>;
}

/**
 * Opens stores for the SCIM part of the contract (the `ScimStore` port), over an empty directory each time. The
 * optional members are what a store offers beyond the port; tests that also check those run them when present.
 */
export interface ScimStoreFactory<S extends ClosableScimStore = ClosableScimStore> {
  /** `now` drives every timestamp the store writes. */
  fresh(options?: { now?: () => Date }): Promise<S>;
  /** Whether the store runs transactions truly in parallel (PostgreSQL) or one at a time (SQLite, memory). */
  parallelTransactions: boolean;
  /** What `updateUser`/`updateGroup`/`changeMembers` throw for an unknown id; the port leaves it open (`Error`). */
  notFound?: abstract new (
    ...args: never[]
  ) => Error;
  /** The journal entries committed so far, oldest first, for a store that keeps a readable journal. */
  journal?(store: S): Promise<JournalEntry[]>;
  /** The dirty-user queue the writes feed (docs/architecture.md §3, step 4), for a store that has one. */
  marks?: {
    /** Completes everything queued, so a test starts from an empty queue. */
    drain(store: S): Promise<void>;
    /** Claims and completes everything queued, returning the triggers each user was marked with. */
    take(store: S): Promise<Map<string, string[]>>;
    /** How many users wait for a push. */
    depth(store: S): Promise<number>;
  };
}

/** Opens stores for the whole contract: `fresh` over an empty database, `another` over the same one. */
export interface StoreFactory {
  fresh(options?: OpenStoreOptions): Promise<Store>;
  another(options?: OpenStoreOptions): Promise<Store>;
  /** Whether the database runs transactions truly in parallel (PostgreSQL) or one at a time (SQLite). */
  parallelTransactions: boolean;
}

/** A controllable clock: time moves only when a test says so. */
export class TestClock {
  #time: number;

  constructor(start = '2025-01-01T00:00:00.000Z') {
    this.#time = Date.parse(start);
  }

  readonly now = (): Date => new Date(this.#time);

  advance(ms: number): void {
    this.#time += ms;
  }

  iso(offsetMs = 0): string {
    return new Date(this.#time + offsetMs).toISOString();
  }
}

let counter = 0;

export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export function newUser(
  userName: string,
  extra: Partial<NewUser> & { resource?: Record<string, unknown> } = {},
): NewUser {
  const id = extra.id ?? uniqueId('u');
  const active = extra.active ?? true;
  return {
    id,
    userName,
    active,
    ...(extra.externalId !== undefined && { externalId: extra.externalId }),
    resource: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName,
      active,
      ...(extra.externalId !== undefined && { externalId: extra.externalId }),
      ...extra.resource,
    },
  };
}

export const CONNECTOR_GROUP = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:Group';

export function newGroup(
  displayName: string,
  members: readonly string[] = [],
  extra: { id?: string; externalId?: string; roles?: string[] } = {},
): NewGroup {
  return {
    id: extra.id ?? uniqueId('g'),
    displayName,
    ...(extra.externalId !== undefined && { externalId: extra.externalId }),
    members: members.map((value): MemberRef => ({ value, type: 'User' })),
    resource: {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName,
      ...(extra.roles !== undefined && {
        [CONNECTOR_GROUP]: { roles: extra.roles.map((value) => ({ value })) },
      }),
    },
  };
}

export function filter(text: string): Filter {
  const parsed = parseFilter(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

/**
 * Lets concurrent transactions line up before they race. It gives up waiting after a short while, because on
 * SQLite transactions run one at a time and the later ones cannot arrive until the earlier ones finish.
 */
export function softBarrier(parties: number, maxWaitMs = 250): () => Promise<void> {
  let arrived = 0;
  let release: () => void = () => {};
  const allThere = new Promise<void>((resolve) => {
    release = resolve;
  });
  return async () => {
    arrived += 1;
    if (arrived >= parties) release();
    await Promise.race([allThere, new Promise((resolve) => setTimeout(resolve, maxWaitMs))]);
  };
}

export async function insertUsers(store: ScimStore, users: readonly NewUser[]): Promise<void> {
  await store.transaction(async (tx) => {
    for (const user of users) await tx.insertUser(user);
  });
}

/** Leases everything claimable and completes it, so a test starts from an empty queue. */
export async function drainQueue(store: Store): Promise<void> {
  for (;;) {
    const claimed = await store.claimDirty({ limit: 1000, workerId: 'drain', leaseMs: 60_000 });
    if (claimed.length === 0) return;
    for (const user of claimed) await store.completeDirty(user.userId, user.generation);
  }
}

/** Claims and completes everything claimable now, returning the triggers each user was marked with. */
export async function takeMarks(store: Store): Promise<Map<string, string[]>> {
  const claimed = await store.claimDirty({ limit: 10_000, workerId: 'probe', leaseMs: 60_000 });
  for (const user of claimed) await store.completeDirty(user.userId, user.generation);
  return new Map(claimed.map((user) => [user.userId, user.triggers]));
}
