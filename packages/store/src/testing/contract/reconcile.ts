/** Contract: reconciliation runs, findings and the one-runner lease (migration 0006). */
import { describe, expect, it } from 'vitest';
import type { NewDriftFinding } from '../../reconcile/reconcile-types.ts';
import { type StoreFactory, TestClock } from '../fixtures.ts';
import { useStores } from './harness.ts';

const extra = (username: string, userId: string): NewDriftFinding => ({
  platformUsername: username,
  platformUserId: `p-${username}`,
  userId,
  kinds: ['extra-role'],
  differences: { extraRoles: ['RETAILER_199_ADMIN'] },
});
const unmanaged = (username: string): NewDriftFinding => ({
  platformUsername: username,
  platformUserId: `p-${username}`,
  kinds: ['unmanaged'],
  differences: {},
});

export function reconcileContract(factory: StoreFactory): void {
  describe('reconciliation lease', () => {
    const stores = useStores(factory);

    it('is held by one owner until it expires or is released', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const other = await stores.another({ now: clock.now });
      expect(await store.acquireReconcileLease('a', 10_000)).toBe(true);
      expect(await other.acquireReconcileLease('b', 10_000)).toBe(false);
      expect(await store.acquireReconcileLease('a', 10_000)).toBe(true);
      clock.advance(10_001);
      expect(await other.acquireReconcileLease('b', 10_000)).toBe(true);
      expect(await store.acquireReconcileLease('a', 10_000)).toBe(false);
      await other.releaseReconcileLease('b');
      expect(await store.acquireReconcileLease('a', 10_000)).toBe(true);
    });

    it('goes to exactly one of several owners racing for it', async () => {
      const store = await stores.fresh();
      const others = await Promise.all([stores.another(), stores.another(), stores.another()]);
      const won = await Promise.all(
        [store, ...others].map((each, index) => each.acquireReconcileLease(`owner-${index}`, 60_000)),
      );
      expect(won.filter(Boolean)).toHaveLength(1);
    });
  });

  describe('reconciliation runs and findings', () => {
    const stores = useStores(factory);

    it('saves pages with their cursor, resumes an unfinished run, and counts findings when it finishes', async () => {
      const store = await stores.fresh();
      const run = await store.startReconcileRun({ id: 'r-001', mode: 'report', requestedBy: 'admin' });
      expect(run).toMatchObject({ state: 'running', accountsRead: 0, errors: 0 });
      expect(run.cursor).toBeUndefined();
      await store.saveReconcilePage({
        runId: run.id,
        cursor: 'c1',
        accountsRead: 3,
        findings: [extra('ann', 'u-ann'), unmanaged('zed')],
        inLine: ['bob'],
      });
      expect(await store.unfinishedReconcileRun()).toMatchObject({
        id: 'r-001',
        cursor: 'c1',
        accountsRead: 3,
      });
      expect((await store.listDriftFindings({ limit: 10 })).map((f) => f.platformUsername)).toEqual([
        'ann',
        'zed',
      ]);
      expect(await store.listDriftFindings({ limit: 10, kind: 'unmanaged' })).toMatchObject([
        { platformUsername: 'zed', kinds: ['unmanaged'] },
      ]);
      expect(await store.listDriftFindings({ limit: 10, after: 'ann' })).toHaveLength(1);
      const detected = await store.driftDetectedAtOfUsers(['u-ann', 'u-none']);
      expect([...detected.keys()]).toEqual(['u-ann']);
      expect(await store.driftFindingOfUser('u-ann')).toMatchObject({
        kinds: ['extra-role'],
        differences: { extraRoles: ['RETAILER_199_ADMIN'] },
        runId: 'r-001',
      });

      await store.saveReconcilePage({
        runId: run.id,
        cursor: undefined,
        accountsRead: 2,
        findings: [],
        inLine: ['zed'],
      });
      const finished = await store.finishReconcileRun(run.id, { state: 'finished' });
      expect(finished).toMatchObject({
        state: 'finished',
        accountsRead: 5,
        counts: { unmanaged: 0, 'extra-role': 1, 'missing-role': 0, status: 0, profile: 0, 'user-type': 0 },
      });
      expect(finished.finishedAt).toBeDefined();
      expect(await store.unfinishedReconcileRun()).toBeUndefined();
      expect(await store.driftCounts()).toMatchObject({ 'extra-role': 1, unmanaged: 0 });
    });

    it('keeps when drift was first detected, and clears findings a finished run did not see again', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      const first = await store.startReconcileRun({ id: 'r-001', mode: 'report', requestedBy: 'schedule' });
      await store.saveReconcilePage({
        runId: first.id,
        cursor: undefined,
        accountsRead: 2,
        findings: [extra('ann', 'u-ann'), unmanaged('gone')],
        inLine: [],
      });
      await store.finishReconcileRun(first.id, { state: 'finished' });
      const detected = (await store.driftFindingOfUser('u-ann'))?.detectedAt;

      clock.advance(60_000);
      const second = await store.startReconcileRun({ id: 'r-002', mode: 'report', requestedBy: 'schedule' });
      expect(second.accountsExpected).toBe(2);
      await store.saveReconcilePage({
        runId: second.id,
        cursor: undefined,
        accountsRead: 1,
        findings: [extra('ann', 'u-ann')],
        inLine: [],
      });
      // A failed run proves nothing about accounts it did not reach: nothing is cleared.
      const failed = await store.startReconcileRun({ id: 'r-003', mode: 'report', requestedBy: 'admin' });
      await store.finishReconcileRun(failed.id, { state: 'failed', error: 'platform down' });
      expect(await store.listDriftFindings({ limit: 10 })).toHaveLength(2);

      await store.finishReconcileRun(second.id, { state: 'finished' });
      const [ann, ...rest] = await store.listDriftFindings({ limit: 10 });
      expect(rest).toEqual([]);
      expect(ann).toMatchObject({ platformUsername: 'ann', detectedAt: detected, seenAt: clock.iso() });
      expect((await store.listReconcileRuns({ limit: 2 })).map((r) => r.id)).toEqual(['r-003', 'r-002']);
      expect((await store.listReconcileRuns({ limit: 5, before: 'r-002' })).map((r) => r.id)).toEqual([
        'r-001',
      ]);
      expect(await store.getReconcileRun('r-003')).toMatchObject({
        state: 'failed',
        lastError: 'platform down',
      });
    });

    it('keeps the types of a user-type finding, filters and counts the kind, and forgets them once in line', async () => {
      const store = await stores.fresh();
      const run = await store.startReconcileRun({ id: 'r-ut', mode: 'report', requestedBy: 'admin' });
      const typed: NewDriftFinding = {
        platformUsername: 'ann',
        platformUserId: 'p-ann',
        userId: 'u-ann',
        kinds: ['user-type'],
        differences: { userType: { expected: 'LOCATION:134', actual: 'ADMIN' } },
      };
      const foreign: NewDriftFinding = {
        ...typed,
        platformUsername: 'api',
        platformUserId: 'p-api',
        userId: 'u-api',
        differences: { userType: { expected: 'RETAILER:199', actual: null } },
      };
      await store.saveReconcilePage({
        runId: run.id,
        cursor: undefined,
        accountsRead: 3,
        findings: [typed, foreign, extra('bob', 'u-bob')],
        inLine: [],
      });
      const finished = await store.finishReconcileRun(run.id, { state: 'finished' });
      expect(finished.counts).toMatchObject({ 'user-type': 2, 'extra-role': 1 });
      expect(await store.driftCounts()).toMatchObject({ 'user-type': 2 });
      const listed = await store.listDriftFindings({ limit: 10, kind: 'user-type' });
      expect(listed.map((finding) => [finding.platformUsername, finding.kinds, finding.userType])).toEqual([
        ['ann', ['user-type'], { expected: 'LOCATION:134', actual: 'ADMIN' }],
        ['api', ['user-type'], { expected: 'RETAILER:199', actual: null }],
      ]);
      expect((await store.driftFindingOfUser('u-bob'))?.userType).toBeUndefined();

      // Seen again with only a role drifting: the type is no longer reported.
      const next = await store.startReconcileRun({ id: 'r-ut2', mode: 'report', requestedBy: 'admin' });
      await store.saveReconcilePage({
        runId: next.id,
        cursor: undefined,
        accountsRead: 1,
        findings: [extra('ann', 'u-ann')],
        inLine: [],
      });
      const again = await store.driftFindingOfUser('u-ann');
      expect(again?.kinds).toEqual(['extra-role']);
      expect(again?.userType).toBeUndefined();
    });

    it('counts page errors on the run', async () => {
      const store = await stores.fresh();
      const run = await store.startReconcileRun({ id: 'r-1', mode: 'enforce', requestedBy: 'cli' });
      await store.noteReconcileError(run.id, 'HTTP 503');
      expect(await store.getReconcileRun(run.id)).toMatchObject({
        errors: 1,
        lastError: 'HTTP 503',
        mode: 'enforce',
      });
    });
  });
}
