import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRulesHolder, RulesFolderError } from './rules-holder.ts';

const RULES_DIR = fileURLToPath(new URL('../../../../rules', import.meta.url));

describe('rules holder', () => {
  let dir: string;
  let marked: number;
  const markAll = async () => {
    marked++;
    return 42;
  };
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rules-holder-'));
    await cp(RULES_DIR, dir, { recursive: true });
    marked = 0;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses to start on a broken folder, naming file, line and column', async () => {
    await writeFile(path.join(dir, 'group-roles.json'), '{"groups": [ {"displayName": 7, "roles": []} ]}');
    const failure = await createRulesHolder(dir, markAll).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RulesFolderError);
    expect((failure as Error).message).toMatch(/group-roles\.json:1:\d+ /);
  });

  it('keeps the rules in force when a reload finds problems, and swaps them and marks everyone when it does not', async () => {
    const holder = await createRulesHolder(dir, markAll);
    const original = holder.current();
    await writeFile(path.join(dir, 'group-roles.json'), '{"groups": [');
    const rejected = await holder.reload();
    expect(rejected.ok).toBe(false);
    expect(holder.current()).toBe(original);
    expect(marked).toBe(0);

    await writeFile(
      path.join(dir, 'group-roles.json'),
      '{"groups": [{"displayName": "Paris Staff", "roles": ["AGENT_138_STORE"]}]}',
    );
    expect(await holder.reload()).toEqual({ ok: true, markedUsers: 42 });
    expect(holder.current()).not.toBe(original);
    expect(holder.current().groupRoles).toEqual([{ displayName: 'Paris Staff', roles: ['AGENT_138_STORE'] }]);
    expect(marked).toBe(1);
  });
});
