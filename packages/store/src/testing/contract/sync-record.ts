/**
 * Contract: recordSync, the end of one user's push (link, audit entry, completion) in one commit, and
 * recordSyncMany, several such ends in one commit.
 */
import { describe, expect, it } from 'vitest';
import type { AuditEntry, PlatformLink } from '../../types.ts';
import { newUser, type StoreFactory, TestClock } from '../fixtures.ts';
import { useStores } from './harness.ts';

const LEASE = { workerId: 'w1', leaseMs: 30_000 };

function linkFor(userId: string, at: string): PlatformLink {
  return {
    userId,
    state: { link: { kind: 'linked', platformUserId: 'p-1' }, lastDecision: { outcome: 'create' } },
    lastSyncedAt: at,
  };
}

function auditFor(userId: string, at: string): AuditEntry {
  return {
    userId,
    trigger: 'user.created',
    outcome: 'create',
    reasons: [],
    changes: { createAccount: true },
    explanation: { decidedBy: ['create-new-user'] },
    at,
  };
}

export function syncRecordContract(factory: StoreFactory): void {
  describe('recording a push (recordSync)', () => {
    const stores = useStores(factory);

    it('saves the link and the audit entry and clears the claimed mark, together', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const user = newUser('rec@example.com');
      await store.transaction((tx) => tx.insertUser(user));
      const [claim] = await store.claimDirty({ ...LEASE, limit: 1 });
      if (!claim) throw new Error('the new user was not claimable');

      const at = clock.iso(0);
      const result = await store.recordSync({
        link: linkFor(user.id, at),
        audit: auditFor(user.id, at),
        completion: { userId: user.id, generation: claim.generation },
      });
      expect(result.cleared).toBe(true);
      expect(await store.getLink(user.id)).toEqual(linkFor(user.id, at));
      const [audit] = await store.listAudit({ userId: user.id, limit: 5 });
      expect(audit).toEqual({ ...auditFor(user.id, at), seq: result.audit.seq });
      expect(await store.queueStats()).toMatchObject({ depth: 0, inFlight: 0 });
      expect(await store.claimDirty({ ...LEASE, limit: 1 })).toEqual([]);
    });

    it('keeps a mark that arrived during the push, and leaves the queue alone without a completion', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const user = newUser('rec@example.com');
      await store.transaction((tx) => tx.insertUser(user));
      const [claim] = await store.claimDirty({ ...LEASE, limit: 1 });
      clock.advance(500);
      await store.transaction((tx) =>
        tx.updateUser(user.id, { userName: user.userName, active: false, resource: {} }),
      );
      const at = clock.iso(0);
      const recorded = await store.recordSync({
        link: linkFor(user.id, at),
        audit: auditFor(user.id, at),
        completion: { userId: user.id, generation: claim?.generation ?? 0 },
      });
      expect(recorded.cleared).toBe(false);
      const [again] = await store.claimDirty({ ...LEASE, limit: 1 });
      expect(again).toMatchObject({ userId: user.id, triggers: ['user.deactivated'] });

      // A push outside the queue (an admin's sync) records link and audit, and the pending mark stays.
      const outside = await store.recordSync({ link: linkFor(user.id, at), audit: auditFor(user.id, at) });
      expect(outside.cleared).toBeUndefined();
      expect(await store.listAudit({ userId: user.id, limit: 5 })).toHaveLength(2);
      expect((await store.queueStats()).depth).toBe(1);
    });

    it('treats a completion older than one already recorded as changing nothing, and reports the mark as it is', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const user = newUser('stale@example.com');
      await store.transaction((tx) => tx.insertUser(user));
      const [claim] = await store.claimDirty({ ...LEASE, limit: 1 });
      const generation = claim?.generation ?? 0;
      const at = clock.iso(0);
      const record = () =>
        store.recordSync({
          link: linkFor(user.id, at),
          audit: auditFor(user.id, at),
          completion: { userId: user.id, generation },
        });
      expect((await record()).cleared).toBe(true);
      // Repeated (a replica finishing late): still cleared, the queue untouched.
      expect((await record()).cleared).toBe(true);
      expect(await store.queueStats()).toMatchObject({ depth: 0 });

      clock.advance(100);
      await store.transaction((tx) =>
        tx.updateUser(user.id, { userName: user.userName, active: false, resource: {} }),
      );
      // The stale completion must not clear the new mark nor drop its trigger.
      expect((await record()).cleared).toBe(false);
      const [again] = await store.claimDirty({ ...LEASE, limit: 1 });
      expect(again).toMatchObject({ userId: user.id, triggers: ['user.deactivated'] });
      expect(await store.listAudit({ userId: user.id, limit: 5 })).toHaveLength(3);
    });

    it('refuses a record whose audit entry or completion is of another user, writing nothing', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const user = newUser('rec@example.com');
      await store.transaction((tx) => tx.insertUser(user));
      const at = clock.iso(0);
      await expect(
        store.recordSync({ link: linkFor(user.id, at), audit: auditFor('someone-else', at) }),
      ).rejects.toThrow(/must be of one user/);
      await expect(
        store.recordSync({
          link: linkFor(user.id, at),
          audit: auditFor(user.id, at),
          completion: { userId: 'someone-else', generation: 1 },
        }),
      ).rejects.toThrow(/must be of one user/);
      expect(await store.getLink(user.id)).toBeUndefined();
      expect(await store.listAudit({ limit: 5 })).toEqual([]);
    });

    it('records several pushes in one commit (recordSyncMany), each as recordSync would, results in order', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      // Inserted in an order unlike their ids, so the results must follow the records, not the write order.
      const users = ['zed', 'amy', 'kim'].map((name) => newUser(`${name}@example.com`, { id: `${name}-id` }));
      for (const user of users) await store.transaction((tx) => tx.insertUser(user));
      const claims = await store.claimDirty({ ...LEASE, limit: 3 });
      const generationOf = (userId: string) =>
        claims.find((claim) => claim.userId === userId)?.generation ?? 0;
      const kim = users[2];
      if (kim === undefined) throw new Error('three users');
      clock.advance(100);
      // A mark that arrives during kim's push keeps kim pending, as with recordSync.
      await store.transaction((tx) =>
        tx.updateUser(kim.id, { userName: kim.userName, active: false, resource: {} }),
      );

      const at = clock.iso(0);
      const results = await store.recordSyncMany(
        users.map((user) => ({
          link: linkFor(user.id, at),
          audit: auditFor(user.id, at),
          completion: { userId: user.id, generation: generationOf(user.id) },
        })),
      );
      expect(results.map((result) => [result.audit.userId, result.cleared])).toEqual([
        ['zed-id', true],
        ['amy-id', true],
        ['kim-id', false],
      ]);
      for (const [index, user] of users.entries()) {
        expect(await store.getLink(user.id)).toEqual(linkFor(user.id, at));
        const [audit] = await store.listAudit({ userId: user.id, limit: 5 });
        expect(audit).toEqual({ ...auditFor(user.id, at), seq: results[index]?.audit.seq });
      }
      expect(await store.queueStats()).toMatchObject({ depth: 1 });
      expect(await store.recordSyncMany([])).toEqual([]);
    });

    it('writes nothing of a batch when one of its records fails after others were written', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const [first, second] = ['a', 'b'].map((name) => newUser(`${name}@example.com`, { id: `${name}-id` }));
      if (first === undefined || second === undefined) throw new Error('two users');
      for (const user of [first, second]) await store.transaction((tx) => tx.insertUser(user));
      const at = clock.iso(0);
      // Records are written in user-id order, so `a-id` is written before `b-id`'s link fails to serialise.
      const unwritable = {
        ...linkFor(second.id, at),
        state: { size: 1n } as unknown as PlatformLink['state'],
      };
      await expect(
        store.recordSyncMany([
          { link: unwritable, audit: auditFor(second.id, at) },
          { link: linkFor(first.id, at), audit: auditFor(first.id, at) },
        ]),
      ).rejects.toThrow(/BigInt/);
      expect(await store.getLink(first.id)).toBeUndefined();
      expect(await store.listAudit({ limit: 5 })).toEqual([]);
    });
  });
}
