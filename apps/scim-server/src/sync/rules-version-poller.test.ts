import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging.ts';
import { rulesFolderCopyPerTest } from './rules-folder-copy.ts';
import { createRulesHolder } from './rules-holder.ts';
import { startRulesVersionPoller } from './rules-version-poller.ts';

describe('rules version poller', () => {
  const folder = rulesFolderCopyPerTest('rules-poller-');

  it('follows a version recorded elsewhere, re-marking users only if it decided any since the last poll that saw the old one', async () => {
    const dir = folder();
    let recorded = 0;
    let marks = 0;
    let decisions = 0;
    let changes = 0;
    const rules = await createRulesHolder(
      dir,
      async () => {
        marks++;
        return 5;
      },
      { read: async () => recorded, bump: async () => ++recorded },
    );
    // A long interval: only the polls this test makes run.
    const poller = startRulesVersionPoller({
      rules,
      readVersion: async () => recorded,
      intervalMs: 3_600_000,
      decisionsMade: () => decisions,
      logger: createLogger('silent'),
      onChange: () => changes++,
    });
    try {
      await poller.poll();
      expect(rules.versionState()).toEqual({ version: 0 });

      // Another replica reloads while this one decides nobody: follow without marking.
      recorded = 1;
      await poller.poll();
      expect(rules.versionState()).toEqual({ version: 1 });
      expect([marks, changes]).toEqual([0, 1]);

      // This replica decides users (with version 1), then another replica reloads: they may be stale, re-mark.
      decisions += 3;
      recorded = 2;
      await poller.poll();
      expect(rules.versionState()).toEqual({ version: 2 });
      expect([marks, changes]).toEqual([1, 2]);

      // A quiet poll resets the window; a version this folder cannot load is reported and held, not retried.
      decisions += 1;
      await poller.poll();
      await writeFile(path.join(dir, 'group-roles.json'), '{"groups": [');
      recorded = 3;
      await poller.poll();
      expect(rules.versionState()).toMatchObject({ version: 2, pending: { version: 3 } });
      expect([marks, changes]).toEqual([1, 3]);
      await poller.poll();
      expect(changes).toBe(3);

      // The folder is fixed and reloaded somewhere: the next version loads and the pending one is gone.
      await writeFile(path.join(dir, 'group-roles.json'), '{"groups": []}');
      recorded = 4;
      await poller.poll();
      expect(rules.versionState()).toEqual({ version: 4 });
      expect(changes).toBe(4);
    } finally {
      await poller.stop();
    }
  });
});
