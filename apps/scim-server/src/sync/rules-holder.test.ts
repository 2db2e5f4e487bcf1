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

  it('records a version with each successful reload, before marking users, and none for a rejected one', async () => {
    let recorded = 7;
    const order: string[] = [];
    const versions = {
      read: async () => recorded,
      bump: async () => {
        order.push('bump');
        recorded++;
        return recorded;
      },
    };
    const holder = await createRulesHolder(
      dir,
      async () => {
        order.push('mark');
        return 3;
      },
      versions,
    );
    expect(holder.versionState()).toEqual({ version: 7 });
    await writeFile(path.join(dir, 'group-roles.json'), '{"groups": [');
    expect((await holder.reload()).ok).toBe(false);
    expect(holder.versionState()).toEqual({ version: 7 });
    await writeFile(path.join(dir, 'group-roles.json'), '{"groups": []}');
    expect(await holder.reload()).toEqual({ ok: true, markedUsers: 3 });
    expect(holder.versionState()).toEqual({ version: 8 });
    expect(order).toEqual(['bump', 'mark']);
  });

  it('follows a newer version from its own folder, marking users only when asked, and reports one it cannot load', async () => {
    const holder = await createRulesHolder(dir, markAll, { read: async () => 2, bump: async () => 3 });
    const original = holder.current();
    expect(await holder.follow(2, true)).toEqual({ ok: true, markedUsers: 0 });
    expect(holder.current()).toBe(original);

    await writeFile(path.join(dir, 'group-roles.json'), '{"groups": [');
    const behind = await holder.follow(3, false);
    expect(behind.ok).toBe(false);
    expect(holder.current()).toBe(original);
    expect(holder.versionState()).toMatchObject({ version: 2, pending: { version: 3 } });

    await writeFile(
      path.join(dir, 'group-roles.json'),
      '{"groups": [{"displayName": "Paris Staff", "roles": ["AGENT_138_STORE"]}]}',
    );
    expect(await holder.follow(4, false)).toEqual({ ok: true, markedUsers: 0 });
    expect(holder.versionState()).toEqual({ version: 4 });
    expect(holder.current().groupRoles).toEqual([{ displayName: 'Paris Staff', roles: ['AGENT_138_STORE'] }]);
    expect(marked).toBe(0);
    expect(await holder.follow(5, true)).toEqual({ ok: true, markedUsers: 42 });
    expect(marked).toBe(1);
  });
});
