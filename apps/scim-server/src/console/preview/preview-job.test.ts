/**
 * The preview job on a real SQLite store: every user walked across pages (more than one page, more than the 200 the
 * first preview examined), counts by kind, the first EXAMPLES kept by userName, every changed user in the CSV, and
 * a second start refused while one runs, even one made before the first returned.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '@scim-connector/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecisionSummary } from './decision-diff.ts';
import { compareDecisions } from './decision-diff.ts';
import { createPreviewJobs, EXAMPLES, PAGE } from './preview-job.ts';
import type { StoreDecider } from './store-decider.ts';

const USERS = PAGE + 250;
const summary = (outcome: DecisionSummary['outcome']): DecisionSummary => ({
  outcome,
  reasons: outcome === 'block' ? ['unresolved-role'] : [],
  roles: ['AGENT_134_STORE'],
  unresolved: [],
});

/** Blocks every user whose number is odd; the others are unchanged. */
const oddUsersBlocked: StoreDecider = {
  async decide(state) {
    const number = Number(state.user?.userName.slice(4, 10));
    const now = summary('update');
    const proposed = summary(number % 2 === 1 ? 'block' : 'update');
    return { now, proposed, change: compareDecisions(now, proposed) };
  },
};

describe('rules impact preview job', () => {
  let dir: string;
  let store: Store;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'scim-preview-job-'));
    store = await openStore(`sqlite:${path.join(dir, 'store.db')}`);
    await store.transaction(async (tx) => {
      for (let i = 0; i < USERS; i++) {
        const userName = `user${String(i).padStart(6, '0')}`;
        await tx.insertUser({ id: `id-${i}`, userName, active: true, resource: { userName } });
      }
    });
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('walks every user, keeps the first examples of each kind and writes every changed user to the CSV', async () => {
    const jobs = createPreviewJobs(store);
    const started = await jobs.start({ file: 'governance.json', decider: oddUsersBlocked, expected: USERS });
    expect(started.ok).toBe(true);
    // While it runs, a second preview is refused.
    const second = await jobs.start({ file: 'governance.json', decider: oddUsersBlocked, expected: USERS });
    expect(second.ok).toBe(false);
    await expect.poll(() => jobs.latest()?.state, { timeout: 30_000 }).toBe('done');

    const job = jobs.latest();
    expect(job).toMatchObject({ examined: USERS, changed: USERS / 2, failedUsers: 0 });
    expect(job?.counts['newly-blocked']).toBe(USERS / 2);
    expect(job?.counts.unblocked).toBe(0);
    const examples = job?.examples['newly-blocked'] ?? [];
    expect(examples).toHaveLength(EXAMPLES);
    expect(examples[0]?.userName).toBe('user000001');

    const csv = jobs.csvFile();
    expect(csv).toBeDefined();
    const lines = (await readFile(csv as string, 'utf8')).trim().split('\r\n');
    expect(lines).toHaveLength(1 + USERS / 2);
    // The last user, far past the first page.
    const last = `user${String(USERS - 1).padStart(6, '0')}`;
    expect(lines.at(-1)).toMatch(new RegExp(`^${last},id-${USERS - 1},newly-blocked,update,block,`));
    await jobs.close();
  });

  it('refuses a second start made before the first one returned (the slot is taken synchronously)', async () => {
    const jobs = createPreviewJobs(store);
    const options = { file: 'governance.json', decider: oddUsersBlocked, expected: USERS };
    const [first, second] = await Promise.all([jobs.start(options), jobs.start(options)]);
    expect(first.ok).toBe(true);
    expect(second).toMatchObject({ ok: false, running: { state: 'running' } });
    if (first.ok && !second.ok) expect(second.running.id).toBe(first.job.id);
    await expect.poll(() => jobs.latest()?.state, { timeout: 30_000 }).toBe('done');
    await jobs.close();
  });
});
