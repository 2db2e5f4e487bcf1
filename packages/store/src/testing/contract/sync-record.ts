/** Contract: recordSync, the end of one user's push (link, audit entry, completion) in one commit. */
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
  });
}
