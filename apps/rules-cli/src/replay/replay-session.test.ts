import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadRuleSet } from '../input/load-rule-set.ts';
import { createUser, patchUser, toJsonLines } from '../testing/log-builder.ts';
import { REPO_ROOT } from '../testing/run-cli.ts';
import { parseLogLine, splitLines } from './event-log.ts';
import { openReplaySession } from './replay-session.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

function requestsOf(events: Parameters<typeof toJsonLines>[0]) {
  return splitLines('log.jsonl', toJsonLines(events)).map((line) => {
    const parsed = parseLogLine(line);
    if (!parsed.ok) throw new Error(parsed.problem.message);
    return parsed.request;
  });
}

describe('a replay session', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs on logical time: a slow machine (the wall clock racing ahead) changes nothing it records', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const session = await openReplaySession({ rules: await loadRuleSet(join(REPO_ROOT, 'rules')) });
    try {
      const requests = requestsOf([
        createUser('slow@example.com', ['AGENT_134_STORE']),
        patchUser('slow@example.com', [{ op: 'replace', path: 'name.givenName', value: 'Slower' }]),
        patchUser('slow@example.com', [{ op: 'replace', path: 'active', value: false }]),
      ]);
      const outcomes = [];
      for (const request of requests) {
        // Each request "takes" two days of wall-clock time: longer than any lease or cache lifetime.
        vi.setSystemTime(Date.now() + 2 * DAY_MS);
        const applied = await session.apply(request);
        outcomes.push(applied.decisions.map((decision) => decision.outcome));
      }
      expect(outcomes).toEqual([['create'], ['update'], ['deactivate']]);
      const userId = session.userId('slow@example.com');
      const inspection = userId === undefined ? undefined : await session.inspect(userId);
      // The last decision is stamped with replay time: three steps after the session opened.
      const at = Date.parse(inspection?.lastDecision?.at ?? '');
      expect(at - start).toBeGreaterThan(0);
      expect(at - start).toBeLessThan(1000);
    } finally {
      await session.close();
    }
  });

  it("reports governance's whole decision with each decision, and whether it was pushed", async () => {
    const session = await openReplaySession({ rules: await loadRuleSet(join(REPO_ROOT, 'rules')) });
    try {
      const [first, second] = requestsOf([
        createUser('whole@example.com', ['AGENT_134_STORE']),
        patchUser('whole@example.com', [{ op: 'replace', path: 'nickName', value: 'Not on the platform' }]),
      ]);
      if (!first || !second) throw new Error('two requests expected');
      const created = await session.apply(first);
      const unchanged = await session.apply(second);
      const [decision] = created.decisions;
      expect(decision).toMatchObject({ outcome: 'create', changed: true });
      expect(decision?.decision.changes.createAccount).toBe(true);
      expect(decision?.decision.explanation.decidedBy).toEqual(['create-new-user']);
      expect(unchanged.decisions[0]).toMatchObject({ changed: false });
    } finally {
      await session.close();
    }
  });

  it('gives resources the log has no id for the same ids on every run, in creation order', async () => {
    const rules = await loadRuleSet(join(REPO_ROOT, 'rules'));
    const idsOfOneRun = async () => {
      const session = await openReplaySession({ rules });
      try {
        for (const request of requestsOf([
          createUser('first@example.com'),
          createUser('second@example.com'),
        ])) {
          await session.apply(request);
        }
        return [session.userId('first@example.com'), session.userId('second@example.com')];
      } finally {
        await session.close();
      }
    };
    const [first, second] = await idsOfOneRun();
    expect(await idsOfOneRun()).toEqual([first, second]);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect((first ?? '') < (second ?? '')).toBe(true);
  });
});
