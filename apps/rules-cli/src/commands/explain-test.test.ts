/**
 * `explain USER --test FILE.test.json`: the story of a user at the end of a rule test's events, replayed from the
 * test's own platform with the rules of the folder holding the tests folder, as `scim-rules test` runs it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserStory } from '../explain/user-story.ts';
import { runCliInProcess as cli, REPO_ROOT } from '../testing/run-cli.ts';

const TEST = join(REPO_ROOT, 'rules/tests/revoke-role-swapped-for-unknown-removed.test.json');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-rules-explain-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('scim-rules explain --test', () => {
  it("tells the user's story through the test's events, at the test file's lines, ending as the test expects", async () => {
    const run = await cli(['explain', 'swap@example.com', '--test', TEST, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const story = JSON.parse(run.stdout) as UserStory;
    // The POST starts on line 4 of the test file and the PATCH on line 31.
    expect(story.steps.map((step) => [step.line, step.method])).toEqual([
      [4, 'POST'],
      [31, 'PATCH'],
    ]);
    const last = story.steps.at(-1)?.decision;
    expect(last?.unresolved.map((role) => role.name)).toEqual(['AGENT_134_WAREHOUSE_PICKER']);
    expect(last?.blockedReasons).toEqual(['unresolved-role']);
    expect(story.platform).toMatchObject({ status: 'ACTIVE', roles: ['AGENT_134_STORE'] });

    const human = await cli(['explain', 'swap@example.com', '--test', TEST]);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('AGENT_134_WAREHOUSE_PICKER');
  });

  it('reports a bad test file at file:line:column, and a user the test does not touch', async () => {
    const bad = join(dir, 'bad.test.json');
    await writeFile(
      bad,
      '{\n  "name": "broken",\n  "events": [\n    {"method": "FETCH", "path": "/Users"}\n  ],\n  "expect": {}\n}\n',
    );
    const broken = await cli(['explain', 'someone', '--test', bad, '--rules', join(REPO_ROOT, 'rules')]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(new RegExp(`^${bad.replaceAll('.', '\\.')}:4:\\d+: `, 'm'));

    const stranger = await cli(['explain', 'nobody@example.com', '--test', TEST]);
    expect(stranger.code).toBe(2);
    expect(stranger.stderr).toContain(`${TEST}:1:1: no event in this test touches user "nobody@example.com"`);
    expect(stranger.stderr).toContain('swap@example.com');
  });

  it('needs exactly one of --events and --test', async () => {
    const neither = await cli(['explain', 'swap@example.com']);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('--events file.jsonl or --test file.test.json');
    const both = await cli(['explain', 'swap@example.com', '--test', TEST, '--events', TEST]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('either --events or --test');
  });
});
