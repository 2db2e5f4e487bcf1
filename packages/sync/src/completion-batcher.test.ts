import { describe, expect, it } from 'vitest';
import { CompletionBatcher } from './completion-batcher.ts';

describe('CompletionBatcher', () => {
  it('clears marks finishing in the same turn in one commit, and a full batch at once', async () => {
    const commits: string[][] = [];
    const batcher = new CompletionBatcher(
      {
        completeDirtyMany: async (completions) => {
          commits.push(completions.map((c) => `${c.userId}@${c.generation}`));
          return completions.map((c) => ({ userId: c.userId, cleared: true }));
        },
      },
      3,
    );
    await Promise.all([batcher.complete('a', 1), batcher.complete('b', 2)]);
    await Promise.all([
      batcher.complete('c', 1),
      batcher.complete('d', 1),
      batcher.complete('e', 4),
      batcher.complete('f', 1),
    ]);
    expect(commits).toEqual([['a@1', 'b@2'], ['c@1', 'd@1', 'e@4'], ['f@1']]);
  });

  it('fails every completion of a failed commit', async () => {
    const batcher = new CompletionBatcher(
      {
        completeDirtyMany: async () => {
          throw new Error('database is locked');
        },
      },
      10,
    );
    const results = await Promise.allSettled([batcher.complete('a', 1), batcher.complete('b', 1)]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });
});
