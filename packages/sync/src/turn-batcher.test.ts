import { describe, expect, it } from 'vitest';
import { TurnBatcher } from './turn-batcher.ts';

describe('TurnBatcher', () => {
  it('serves the calls of one turn with one run, a full batch at once, and gives each caller its result', async () => {
    const runs: string[][] = [];
    const batcher = new TurnBatcher<string, string>({
      run: async (items) => {
        runs.push([...items]);
        return items.map((item) => item.toUpperCase());
      },
      maxBatch: 3,
    });
    expect(await Promise.all([batcher.add('a'), batcher.add('b')])).toEqual(['A', 'B']);
    expect(await Promise.all(['c', 'd', 'e', 'f'].map((item) => batcher.add(item)))).toEqual([
      'C',
      'D',
      'E',
      'F',
    ]);
    expect(runs).toEqual([['a', 'b'], ['c', 'd', 'e'], ['f']]);
  });

  it('fails every call of a failed run when there is no way to try them alone', async () => {
    const batcher = new TurnBatcher<string, string>({
      run: async () => {
        throw new Error('database is locked');
      },
      maxBatch: 10,
    });
    const results = await Promise.allSettled([batcher.add('a'), batcher.add('b')]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });

  it('tries each item of a failed batch alone, so one bad item fails on its own', async () => {
    const batcher = new TurnBatcher<string, string>({
      run: async (items) => {
        if (items.includes('bad')) throw new Error('constraint failed');
        return items.map((item) => item.toUpperCase());
      },
      runOne: async (item) => {
        if (item === 'bad') throw new Error(`constraint failed for ${item}`);
        return `${item.toUpperCase()}!`;
      },
      maxBatch: 10,
    });
    const results = await Promise.allSettled([batcher.add('a'), batcher.add('bad'), batcher.add('c')]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 'A!' },
      { status: 'rejected', reason: new Error('constraint failed for bad') },
      { status: 'fulfilled', value: 'C!' },
    ]);
  });

  it('reports the error of a batch tried again item by item, even when every item then succeeds', async () => {
    const reported: unknown[] = [];
    const batcher = new TurnBatcher<string, string>({
      run: async () => {
        throw new Error('unsupported Unicode escape sequence');
      },
      runOne: async (item) => item.toUpperCase(),
      onBatchError: (error) => {
        reported.push(error);
        throw new Error('a listener that fails');
      },
      maxBatch: 10,
    });
    expect(await Promise.all([batcher.add('a'), batcher.add('b')])).toEqual(['A', 'B']);
    expect(reported).toEqual([new Error('unsupported Unicode escape sequence')]);
    // A batch of one fails as itself: its caller hears the error, so nothing more is reported.
    await expect(batcher.add('c')).rejects.toThrow('unsupported Unicode escape sequence');
    expect(reported).toHaveLength(1);
  });

  it('rejects every call when a run answers with the wrong number of results', async () => {
    const batcher = new TurnBatcher<string, string>({ run: async () => ['only one'], maxBatch: 10 });
    const results = await Promise.allSettled([batcher.add('a'), batcher.add('b')]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
  });
});
