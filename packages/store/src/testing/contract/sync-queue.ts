/** Contract: claiming, leases, generations, retries, parking and queue statistics. */
import { describe, expect, it } from 'vitest';
import { drainQueue, insertUsers, newUser, type StoreFactory, TestClock } from '../fixtures.ts';
import { useStores } from './harness.ts';

const LEASE = { workerId: 'w1', leaseMs: 30_000 };

export function syncQueueContract(factory: StoreFactory): void {
  describe('sync queue', () => {
    const stores = useStores(factory);

    it('hands out users oldest mark first, up to the limit, with a lease', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const users = ['a', 'b', 'c'].map((name) => newUser(`${name}@example.com`));
      for (const [index, user] of users.entries()) {
        // Both ways of creating a user mark it alike (on PostgreSQL `createUser` is a statement of its own).
        if (index === 1) await store.createUser(user, { method: 'POST', path: '/Users', id: user.id });
        else await store.transaction((tx) => tx.insertUser(user));
        clock.advance(1000);
      }
      const first = await store.claimDirty({ ...LEASE, limit: 2 });
      expect(first.map((claim) => claim.userId)).toEqual([users[0]?.id, users[1]?.id]);
      for (const [index, claim] of first.entries()) {
        expect(claim).toEqual({
          userId: users[index]?.id,
          generation: 1,
          triggers: ['user.created'],
          attempts: 0,
          queuedAt: clock.iso(-3000 + index * 1000),
          leaseUntil: clock.iso(30_000),
        });
      }
      const second = await store.claimDirty({ ...LEASE, workerId: 'w2', limit: 10 });
      expect(second.map((claim) => claim.userId)).toEqual([users[2]?.id]);
      expect(await store.claimDirty({ ...LEASE, limit: 10 })).toEqual([]);
      expect(await store.claimDirty({ ...LEASE, limit: 0 })).toEqual([]);
    });

    it('renews the leases a worker still holds, and only those', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const users = ['a', 'b', 'c'].map((name) => newUser(`${name}@example.com`));
      for (const user of users) {
        await store.transaction((tx) => tx.insertUser(user));
        clock.advance(1);
      }
      const [a, b, c] = users.map((user) => user.id) as [string, string, string];
      await store.claimDirty({ ...LEASE, limit: 2 });
      await store.completeDirty(b, 1);

      // Renewed just before it would run out, a's lease keeps it from another worker past the first term.
      clock.advance(25_000);
      expect(await store.renewLeases([c, b, a, 'never-queued'], LEASE)).toEqual([a]);
      clock.advance(25_000);
      const other = await store.claimDirty({ ...LEASE, workerId: 'w2', limit: 10 });
      expect(other.map((claim) => claim.userId)).toEqual([c]);
      // w2 holds c now: w1 renewing it changes nothing.
      expect(await store.renewLeases([c], LEASE)).toEqual([]);

      // Not renewed, the lease runs out and the user goes to whoever claims next.
      clock.advance(30_001);
      const taken = await store.claimDirty({ ...LEASE, workerId: 'w2', limit: 10 });
      expect(taken.map((claim) => claim.userId).sort()).toEqual([a, c].sort());
      expect(await store.renewLeases([a], LEASE)).toEqual([]);
      expect(await store.renewLeases([], LEASE)).toEqual([]);
    });

    it('clears a mark on completion and keeps one that arrived during the push', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const user = newUser('gen@example.com');
      await store.transaction((tx) => tx.insertUser(user));
      const [claim] = await store.claimDirty({ ...LEASE, limit: 1 });
      expect(claim?.generation).toBe(1);

      // The IdP changes the user while the push for generation 1 is in flight.
      clock.advance(500);
      await store.transaction((tx) =>
        tx.updateUser(user.id, { userName: user.userName, active: false, resource: {} }),
      );
      expect(await store.completeDirty(user.id, 1)).toEqual({ cleared: false });
      // The lease ended with the push, so the newer mark is claimable at once, with only the newer trigger.
      const [again] = await store.claimDirty({ ...LEASE, workerId: 'w2', limit: 1 });
      expect(again).toMatchObject({
        userId: user.id,
        generation: 2,
        triggers: ['user.deactivated'],
        attempts: 0,
      });
      expect(await store.completeDirty(user.id, 2)).toEqual({ cleared: true });
      expect(await store.claimDirty({ ...LEASE, limit: 1 })).toEqual([]);
      expect((await store.queueStats()).depth).toBe(0);

      // A late, duplicate completion of an old generation cannot clear a newer mark.
      await store.transaction((tx) =>
        tx.updateUser(user.id, { userName: user.userName, active: true, resource: {} }),
      );
      expect(await store.completeDirty(user.id, 1)).toEqual({ cleared: false });
      const [third] = await store.claimDirty({ ...LEASE, limit: 1 });
      expect(third).toMatchObject({ generation: 3, triggers: ['user.updated'] });
    });

    it('completes several users in one call, each by its own generation', async () => {
      const store = await stores.fresh();
      const users = ['a', 'b', 'c'].map((name) => newUser(`${name}@example.com`));
      await insertUsers(store, users);
      const claims = await store.claimDirty({ ...LEASE, limit: 10 });
      const [a, b, c] = users.map((user) => user.id) as [string, string, string];
      await store.transaction((tx) =>
        tx.updateUser(b, { userName: 'b@example.com', active: true, resource: {} }),
      );
      const results = await store.completeDirtyMany(
        claims.map(({ userId, generation }) => ({ userId, generation })),
      );
      expect(new Map(results.map((result) => [result.userId, result.cleared]))).toEqual(
        new Map([
          [a, true],
          [b, false],
          [c, true],
        ]),
      );
      expect(await store.completeDirtyMany([])).toEqual([]);
      const [left] = await store.claimDirty({ ...LEASE, limit: 10 });
      expect(left).toMatchObject({ userId: b, generation: 2, triggers: ['user.updated'] });
    });

    it('accumulates triggers per pending period, oldest first', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const user = newUser('multi@example.com');
      await store.transaction((tx) => tx.insertUser(user));
      clock.advance(10);
      await store.transaction((tx) =>
        tx.updateUser(user.id, { userName: user.userName, active: false, resource: {} }),
      );
      clock.advance(10);
      await store.markDirty([user.id, 'never-existed'], 'resync');
      const [claim] = await store.claimDirty({ ...LEASE, limit: 1 });
      expect(claim?.triggers).toEqual(['user.created', 'user.deactivated', 'resync']);
      expect(claim?.generation).toBe(3);
      expect(claim?.queuedAt).toBe(clock.iso(-20));
      expect(await store.claimDirty({ ...LEASE, workerId: 'w2', limit: 10 })).toEqual([]);
    });

    it('makes a user claimable again once a crashed worker’s lease expires', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const user = newUser('lease@example.com');
      await store.transaction((tx) => tx.insertUser(user));
      expect(await store.claimDirty({ workerId: 'crashing', leaseMs: 10_000, limit: 5 })).toHaveLength(1);
      clock.advance(9_999);
      expect(await store.claimDirty({ workerId: 'other', leaseMs: 10_000, limit: 5 })).toEqual([]);
      expect((await store.queueStats()).inFlight).toBe(1);
      clock.advance(1);
      const [reclaimed] = await store.claimDirty({ workerId: 'other', leaseMs: 10_000, limit: 5 });
      expect(reclaimed).toMatchObject({ userId: user.id, generation: 1, leaseUntil: clock.iso(10_000) });
    });

    it('never leases one user to two workers claiming at the same time', async () => {
      const store = await stores.fresh();
      const users = Array.from({ length: 40 }, (_, index) => newUser(`claim${index}@example.com`));
      await insertUsers(store, users);
      // On PostgreSQL each worker is its own store (a replica with its own pool); SQLite serves one process.
      const replicas = factory.parallelTransactions
        ? [store, await stores.another(), await stores.another()]
        : [store, store, store];
      const workers = await Promise.all(
        replicas.map(async (s, index) => {
          const claimed: string[] = [];
          for (;;) {
            const batch = await s.claimDirty({ workerId: `worker-${index}`, leaseMs: 60_000, limit: 3 });
            if (batch.length === 0) return claimed;
            claimed.push(...batch.map((claim) => claim.userId));
          }
        }),
      );
      const all = workers.flat();
      expect(all).toHaveLength(users.length);
      expect(new Set(all)).toEqual(new Set(users.map((user) => user.id)));
    });

    it('defers a failed push until its retry time and reports attempts and the error', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const user = newUser('retry@example.com');
      await store.transaction((tx) => tx.insertUser(user));
      const [claim] = await store.claimDirty({ ...LEASE, limit: 1 });
      await store.deferDirty(user.id, {
        until: clock.iso(5000),
        error: 'platform answered 503',
        attempts: 1,
      });
      expect(await store.queueStats()).toMatchObject({ depth: 1, deferred: 1, inFlight: 0 });
      expect(await store.claimDirty({ ...LEASE, limit: 1 })).toEqual([]);
      clock.advance(5000);
      const [retry] = await store.claimDirty({ ...LEASE, limit: 1 });
      expect(retry).toMatchObject({
        userId: user.id,
        generation: claim?.generation,
        attempts: 1,
        lastError: 'platform answered 503',
      });
      expect(await store.completeDirty(user.id, retry?.generation ?? 0)).toEqual({ cleared: true });
    });

    // Offboarding first (docs/architecture.md): a leaver must not wait behind a backlog of creates.
    it('claims deactivations and deletions before users who have waited longer', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const leaver = newUser('leaver@example.com');
      const removed = newUser('removed@example.com');
      await insertUsers(store, [leaver, removed]);
      await drainQueue(store);
      const backlog = ['a', 'b', 'c', 'd'].map((name) => newUser(`${name}@example.com`));
      for (const user of backlog) {
        await store.transaction((tx) => tx.insertUser(user));
        clock.advance(1000);
      }
      await store.transaction((tx) =>
        tx.updateUser(leaver.id, { userName: leaver.userName, active: false, resource: {} }),
      );
      clock.advance(1000);
      await store.transaction((tx) => tx.deleteUser(removed.id));

      // Handed over in the order to push them: the offboardings, the longest-waiting first, then the rest.
      const first = await store.claimDirty({ ...LEASE, limit: 3 });
      expect(first.map((claim) => claim.userId)).toEqual([leaver.id, removed.id, backlog[0]?.id]);
      expect(first.map((claim) => claim.triggers)).toEqual([
        ['user.deactivated'],
        ['user.deleted'],
        ['user.created'],
      ]);
      const rest = await store.claimDirty({ ...LEASE, workerId: 'w2', limit: 10 });
      expect(rest.map((claim) => claim.userId)).toEqual(backlog.slice(1).map((user) => user.id));
    });

    it('keeps an offboarding first until the push that carries it completes, and no longer', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const leaver = newUser('leaver@example.com');
      const waiting = newUser('waiting@example.com');
      await store.transaction((tx) => tx.insertUser(leaver));
      await drainQueue(store);
      await store.transaction((tx) => tx.insertUser(waiting));
      clock.advance(1000);
      const deactivate = { userName: leaver.userName, active: false, resource: {} };
      await store.transaction((tx) => tx.updateUser(leaver.id, deactivate));
      // A later change to a pending offboarding does not take its priority away.
      clock.advance(1000);
      await store.transaction((tx) =>
        tx.updateUser(leaver.id, { ...deactivate, resource: { title: 'Leaver' } }),
      );
      const [first] = await store.claimDirty({ ...LEASE, limit: 1 });
      expect(first).toMatchObject({ userId: leaver.id, triggers: ['user.deactivated', 'user.updated'] });

      // A change that arrives during the push is pushed next, in its turn: it is not an offboarding.
      clock.advance(1000);
      await store.transaction((tx) =>
        tx.updateUser(leaver.id, { userName: leaver.userName, active: true, resource: {} }),
      );
      expect(await store.completeDirty(leaver.id, first?.generation ?? 0)).toEqual({ cleared: false });
      const next = await store.claimDirty({ ...LEASE, limit: 2 });
      expect(next.map((claim) => claim.userId)).toEqual([waiting.id, leaver.id]);
      expect(next[1]?.triggers).toEqual(['user.updated']);

      // Deactivated again during that push: first again once the push completes, ahead of the user who has waited
      // longer (whose push failed and may be retried now).
      await store.transaction((tx) => tx.updateUser(leaver.id, deactivate));
      expect(await store.completeDirty(leaver.id, next[1]?.generation ?? 0)).toEqual({ cleared: false });
      await store.deferDirty(waiting.id, {
        until: clock.iso(0),
        error: 'platform answered 503',
        attempts: 1,
      });
      const [again, after] = await store.claimDirty({ ...LEASE, limit: 2 });
      expect(again).toMatchObject({ userId: leaver.id, triggers: ['user.deactivated'] });
      expect(after?.userId).toBe(waiting.id);
      expect((after?.queuedAt ?? '') < (again?.queuedAt ?? '')).toBe(true);
    });

    it('puts a leaver deactivated again during their push behind the leavers who waited meanwhile', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const flapping = newUser('flapping@example.com');
      const other = newUser('other@example.com');
      await insertUsers(store, [flapping, other]);
      await drainQueue(store);
      const active = (user: typeof flapping, value: boolean) =>
        store.transaction((tx) =>
          tx.updateUser(user.id, { userName: user.userName, active: value, resource: {} }),
        );
      await active(flapping, false);
      const [first] = await store.claimDirty({ ...LEASE, limit: 1 });
      expect(first?.userId).toBe(flapping.id);
      clock.advance(1000);
      await active(other, false);
      // While the push runs, the IdP flips the user back and forth.
      clock.advance(1000);
      await active(flapping, true);
      await active(flapping, false);
      await store.completeDirty(flapping.id, first?.generation ?? 0);
      const next = await store.claimDirty({ ...LEASE, limit: 2 });
      expect(next.map((claim) => claim.userId)).toEqual([other.id, flapping.id]);
    });

    it('passes over offboardings that are leased, waiting out a retry or parked', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const leased = newUser('leased@example.com');
      const retrying = newUser('retrying@example.com');
      const parked = newUser('parked@example.com');
      await insertUsers(store, [leased, retrying, parked]);
      await drainQueue(store);
      const waiting = newUser('waiting@example.com');
      await store.transaction((tx) => tx.insertUser(waiting));
      clock.advance(1000);
      for (const user of [leased, retrying, parked]) {
        await store.transaction((tx) =>
          tx.updateUser(user.id, { userName: user.userName, active: false, resource: {} }),
        );
      }
      const claimed = await store.claimDirty({ ...LEASE, limit: 3 });
      expect(claimed.map((claim) => claim.userId).sort()).toEqual([leased.id, retrying.id, parked.id].sort());
      await store.deferDirty(retrying.id, {
        until: clock.iso(5000),
        error: 'platform answered 503',
        attempts: 1,
      });
      await store.parkDirty(parked.id, { error: 'platform refuses' });

      // leased is still w1's, retrying waits until its retry time, parked waits for an admin or a new change.
      const other = await store.claimDirty({ ...LEASE, workerId: 'w2', limit: 10 });
      expect(other.map((claim) => claim.userId)).toEqual([waiting.id]);
      clock.advance(5000);
      const retried = await store.claimDirty({ ...LEASE, workerId: 'w2', limit: 10 });
      expect(retried.map((claim) => claim.userId)).toEqual([retrying.id]);
    });

    it('parks a user that keeps failing until an admin unparks them', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const stuck = newUser('stuck@example.com');
      const other = newUser('fine@example.com');
      await insertUsers(store, [stuck, other]);
      await store.claimDirty({ ...LEASE, limit: 10 });
      await store.parkDirty(stuck.id, { error: 'unknown role everywhere', attempts: 5 });
      await store.completeDirty(other.id, 1);
      expect(await store.listParked()).toEqual([
        {
          userId: stuck.id,
          userName: 'stuck@example.com',
          parkedAt: clock.iso(),
          attempts: 5,
          lastError: 'unknown role everywhere',
          triggers: ['user.created'],
        },
      ]);
      expect(await store.queueStats()).toMatchObject({ depth: 0, parked: 1 });
      clock.advance(60_000);
      expect(await store.claimDirty({ ...LEASE, limit: 10 })).toEqual([]);

      expect(await store.unpark(stuck.id)).toBe(true);
      expect(await store.unpark(stuck.id)).toBe(false);
      const [claim] = await store.claimDirty({ ...LEASE, limit: 10 });
      expect(claim).toMatchObject({ userId: stuck.id, attempts: 0 });
      await store.parkDirty(stuck.id, { error: 'again' });
      expect((await store.listParked())[0]?.attempts).toBe(0);
      expect(await store.unparkAll()).toBe(1);
      expect(await store.listParked()).toEqual([]);
    });

    it('knows deleted parked users by their last userName', async () => {
      const store = await stores.fresh();
      const user = newUser('gone@example.com');
      await store.transaction((tx) => tx.insertUser(user));
      await store.transaction((tx) => tx.deleteUser(user.id));
      await store.claimDirty({ ...LEASE, limit: 10 });
      await store.parkDirty(user.id, { error: 'platform refuses' });
      const [parked] = await store.listParked({ limit: 5 });
      expect(parked).toMatchObject({
        userId: user.id,
        userName: 'gone@example.com',
        triggers: ['user.created', 'user.deleted'],
      });
    });

    it('unparks a user when the directory changes them again', async () => {
      const store = await stores.fresh();
      const user = newUser('changed@example.com');
      await store.transaction((tx) => tx.insertUser(user));
      await store.claimDirty({ ...LEASE, limit: 1 });
      await store.parkDirty(user.id, { error: 'bad data', attempts: 3 });
      await store.transaction((tx) =>
        tx.updateUser(user.id, { userName: user.userName, active: true, resource: { title: 'fixed' } }),
      );
      expect(await store.listParked()).toEqual([]);
      const [claim] = await store.claimDirty({ ...LEASE, workerId: 'w2', limit: 1 });
      expect(claim).toMatchObject({
        userId: user.id,
        generation: 2,
        triggers: ['user.created', 'user.updated'],
      });
    });

    it('marks every directory user dirty on a rules reload and unparks everyone', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const users = ['a', 'b', 'c'].map((name) => newUser(`${name}@example.com`));
      await insertUsers(store, users);
      await store.transaction((tx) => tx.deleteUser(users[2]?.id ?? ''));
      await drainQueue(store);
      await store.transaction((tx) =>
        tx.updateUser(users[0]?.id ?? '', { userName: 'a@example.com', active: true, resource: {} }),
      );
      const [claim] = await store.claimDirty({ ...LEASE, limit: 1 });
      await store.parkDirty(claim?.userId ?? '', { error: 'stuck' });
      clock.advance(1000);

      expect(await store.markAllDirty('rules.changed')).toBe(2);
      expect(await store.listParked()).toEqual([]);
      const claims = await store.claimDirty({ ...LEASE, limit: 10 });
      expect(new Map(claims.map((c) => [c.userId, c.triggers]))).toEqual(
        new Map([
          [users[0]?.id, ['user.updated', 'rules.changed']],
          [users[1]?.id, ['rules.changed']],
        ]),
      );
    });

    it('reports depth, in-flight, deferred, parked and the oldest waiting mark', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      expect(await store.queueStats()).toEqual({ depth: 0, parked: 0, inFlight: 0, deferred: 0 });
      const users = ['a', 'b', 'c', 'd'].map((name) => newUser(`${name}@example.com`));
      for (const user of users) {
        await store.transaction((tx) => tx.insertUser(user));
        clock.advance(100);
      }
      const claims = await store.claimDirty({ ...LEASE, limit: 3 });
      const [a, b, c] = claims.map((claim) => claim.userId) as [string, string, string];
      await store.parkDirty(a, { error: 'x' });
      await store.deferDirty(b, { until: clock.iso(1000), error: 'y', attempts: 1 });
      expect(c).toBe(users[2]?.id);
      expect(await store.queueStats()).toEqual({
        depth: 3,
        parked: 1,
        inFlight: 1,
        deferred: 1,
        oldest: clock.iso(-300),
      });
    });
  });
}
