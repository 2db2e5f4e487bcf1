/** Contract: the journal as the sync side reads it back (`readJournal`), with sequence numbers and times. */
import { describe, expect, it } from 'vitest';
import { type StoreFactory, TestClock } from '../fixtures.ts';
import { useStores } from './harness.ts';

export function journalContract(factory: StoreFactory): void {
  describe('journal', () => {
    const stores = useStores(factory);

    it('reads entries back in order, with sequence numbers, paged by afterSeq', async () => {
      const clock = new TestClock();
      const store = await stores.fresh({ now: clock.now });
      await store.transaction(async (tx) => {
        await tx.appendJournal({ method: 'POST', path: '/Users', body: { userName: 'a' }, id: 'id-a' });
        await tx.appendJournal({ method: 'PATCH', path: '/Users/id-a', body: { Operations: [] } });
      });
      await store.transaction((tx) => tx.appendJournal({ method: 'DELETE', path: '/Users/id-a' }));

      const all = await store.readJournal({ limit: 10 });
      expect(all.map((record) => record.entry)).toEqual([
        { method: 'POST', path: '/Users', body: { userName: 'a' }, id: 'id-a' },
        { method: 'PATCH', path: '/Users/id-a', body: { Operations: [] } },
        { method: 'DELETE', path: '/Users/id-a' },
      ]);
      expect(all.every((record) => record.at === clock.iso())).toBe(true);
      const seqs = all.map((record) => record.seq);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      expect(new Set(seqs).size).toBe(3);

      const firstPage = await store.readJournal({ limit: 2 });
      expect(firstPage).toHaveLength(2);
      const rest = await store.readJournal({ afterSeq: firstPage[1]?.seq ?? 0, limit: 10 });
      expect(rest.map((record) => record.entry.method)).toEqual(['DELETE']);
    });
  });
}
