// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the sync-event log's placeholders are literal text
/** `explain` end to end: one user's story as JSON from the child process, and the human form in-process. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserStory } from '../explain/user-story.ts';
import { createGroup, createUser, deleteUser, patchUser, toJsonLines } from '../testing/log-builder.ts';
import { REPO_ROOT, runCliInProcess, runCliProcess } from '../testing/run-cli.ts';

const RULES = join(REPO_ROOT, 'rules');
let dir: string;
let events: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-rules-explain-'));
  events = join(dir, 'events.jsonl');
  await writeFile(
    events,
    toJsonLines([
      createUser('bob@example.com', ['AGENT_134_STORE']),
      createUser('other@example.com', ['AGENT_134_STORE']),
      createGroup('Store 135 colleagues', ['bob@example.com'], ['AGENT_135_Store_Colleague']),
      patchUser('bob@example.com', [{ op: 'add', path: 'roles', value: [{ value: 'AGENT_134_NOPE' }] }]),
      deleteUser('bob@example.com'),
    ]),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('scim-rules explain', () => {
  it('--json: each event that touched the user, with facts, fired rules, role sources and the platform after', async () => {
    const run = await runCliProcess([
      'explain',
      'BOB@example.com',
      '--events',
      events,
      '--rules',
      RULES,
      '--json',
    ]);
    expect(run.code).toBe(0);
    const story = JSON.parse(run.stdout) as UserStory;
    expect(story.userName).toBe('bob@example.com');
    expect(story.steps.map((step) => [step.line, step.decision?.trigger, step.decision?.outcome])).toEqual([
      [1, 'user.created', 'create'],
      [3, 'membership.changed', 'update'],
      [4, 'user.updated', 'block'],
      [5, 'user.deleted', 'deactivate'],
    ]);
    const [, joined, blocked, deleted] = story.steps;
    expect(joined?.decision?.roles).toContainEqual({
      name: 'AGENT_135_STORE',
      ref: { contextType: 'AGENT', contextId: '135', role: 'STORE' },
      sources: [
        expect.objectContaining({
          type: 'group',
          via: 'extension',
          mapping: { logicalRole: 'Store_Colleague' },
        }),
      ],
    });
    expect(blocked?.decision).toMatchObject({
      reasons: ['unresolved-role'],
      decidedBy: ['block-unresolved-roles'],
      unresolved: [expect.objectContaining({ name: 'AGENT_134_NOPE', reason: 'unknown-role' })],
      facts: { roles: { unresolvedCount: 1 }, platform: { exists: true, linked: true } },
      changes: { applied: false },
    });
    expect(blocked?.decision?.firedRules.map((rule) => rule.name)).toEqual([
      'block-unresolved-roles',
      'already-in-sync',
    ]);
    expect(blocked?.platform?.roles).toHaveLength(4);
    expect(deleted?.platform).toEqual({
      username: 'bob@example.com',
      status: 'INACTIVE',
      roles: [],
      userType: { type: 'LOCATION', primaryLocation: '134' },
    });
    expect(story.platform).toEqual(deleted?.platform);
  });

  it('a user no event touches is bad input (exit 2), with the users the log does touch', async () => {
    const run = await runCliProcess(['explain', 'zed@example.com', '--events', events, '--rules', RULES]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'no event in this log touches user "zed@example.com"; users in this log: bob@example.com, other@example.com',
    );
  });

  it('tells the story readably, with condition traces', async () => {
    const run = await runCliInProcess(['explain', 'bob@example.com', '--events', events, '--rules', RULES]);
    expect(run.stdout).toContain('bob@example.com: 4 events touched this user, 4 decisions');
    expect(run.stdout).toContain('line 4: PATCH /Users/${users.bob@example.com} -> 200');
    expect(run.stdout).toContain(
      '  decision: block (unresolved-role) on user.updated, decided by block-unresolved-roles',
    );
    expect(run.stdout).toContain('        yes roles $.unresolvedCount greaterThan 0 (was 1)');
    expect(run.stdout).toMatch(
      /AGENT_134_NOPE {2}direct {2}unknown-role {2}role 'NOPE' is not in the platform's role catalogue/,
    );
    expect(run.stdout).toMatch(
      /AGENT_135_STORE +group "Store 135 colleagues" via its roles extension .* mapped from logical role Store_Colleague/,
    );
    expect(run.stdout).toContain(
      '  user type: LOCATION (primaryLocation 134), by userTypes[2] from role AGENT_134_STORE',
    );
    expect(run.stdout).toMatch(/result: INACTIVE, type LOCATION \(primaryLocation 134\), roles \(none\)\n$/);
  });
});
