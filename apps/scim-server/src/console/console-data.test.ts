import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '@scim-connector/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditFilter, allAudit, auditPage } from './console-data.ts';

describe('audit paging on a real SQLite store', () => {
  let dir: string;
  let store: Store;
  const outcomes = ['create', 'block', 'none', 'none', 'none'] as const;
  const total = 1100;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'console-audit-'));
    store = await openStore(`sqlite:${path.join(dir, 'connector.db')}`);
    for (let i = 0; i < total; i++) {
      await store.appendAudit({
        userId: `user-${i % 7}`,
        trigger: i % 2 ? 'user.updated' : 'resync',
        outcome: outcomes[i % outcomes.length] ?? 'none',
        reasons: [],
        changes: {},
        explanation: {},
        at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      });
    }
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Follows `next` from the first page to the last; every page is one request's bounded work. */
  async function walk(filter: AuditFilter) {
    const seen: number[] = [];
    let before: number | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await auditPage(store, { ...filter, ...(before !== undefined ? { before } : {}) });
      expect(page.entries.length).toBeLessThanOrEqual(50);
      seen.push(...page.entries.map((e) => e.seq));
      if (page.next === undefined) return seen;
      before = page.next;
    }
    throw new Error('paging did not end');
  }

  it('pages through every matching entry once, newest first, then stops', async () => {
    const all = await store.listAudit({ limit: 5000 });
    const blocks = all.filter((e) => e.outcome === 'block').map((e) => e.seq);
    expect(await walk({ outcome: 'block' })).toEqual(blocks);
    expect(await walk({})).toEqual(all.map((e) => e.seq));
    const user3Updates = all
      .filter((e) => e.userId === 'user-3' && e.trigger === 'user.updated')
      .map((e) => e.seq);
    expect(await walk({ userId: 'user-3', trigger: 'user.updated' })).toEqual(user3Updates);
  });

  it('answers an empty page with no next when nothing matches', async () => {
    expect(await auditPage(store, { outcome: 'deactivate' })).toEqual({ entries: [] });
  });

  it('filters by time: at or after since, before until', async () => {
    const all = await store.listAudit({ limit: 5000 });
    const since = new Date(Date.UTC(2026, 0, 1, 0, 0, 100)).toISOString();
    const until = new Date(Date.UTC(2026, 0, 1, 0, 0, 160)).toISOString();
    const expected = all.filter((e) => e.at >= since && e.at < until).map((e) => e.seq);
    expect(expected).toHaveLength(60);
    expect(await walk({ since, until })).toEqual(expected);
    const blocks = all.filter((e) => e.at >= since && e.outcome === 'block').map((e) => e.seq);
    expect(await walk({ since, outcome: 'block' })).toEqual(blocks);
  });

  it('exports every matching entry, up to the cap', async () => {
    const exported: number[] = [];
    for await (const entry of allAudit(store, { outcome: 'create' }, 100_000)) exported.push(entry.seq);
    expect(exported).toHaveLength(total / 5);
    const capped: number[] = [];
    for await (const entry of allAudit(store, {}, 10)) capped.push(entry.seq);
    expect(capped).toHaveLength(10);
  });
});
