/** `diff` end to end: a rule change that alters roles, identical folders, and a bad folder. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, toJsonLines } from '../testing/log-builder.ts';
import { REPO_ROOT, runCliInProcess, runCliProcess } from '../testing/run-cli.ts';
import type { DiffDocument } from './diff.ts';

const RULES = join(REPO_ROOT, 'rules');
let dir: string;
let events: string;
let changed: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-rules-diff-'));
  events = join(dir, 'events.jsonl');
  await writeFile(
    events,
    toJsonLines([
      createUser('colleague@example.com', ['AGENT_134_Store_Colleague']),
      createUser('plain@example.com', ['AGENT_134_STORE']),
      createUser('graphql@example.com', ['AGENT_134_GRAPHQL']),
    ]),
  );
  // The proposed rules: Store_Colleague maps to STORE and GRAPHQL only, and GRAPHQL users are blocked.
  changed = join(dir, 'proposed');
  await cp(RULES, changed, { recursive: true });
  const mappings = JSON.parse(await readFile(join(changed, 'role-mappings.json'), 'utf8'));
  mappings.rules[0].action.targetRoles = ['STORE', 'GRAPHQL'];
  await writeFile(join(changed, 'role-mappings.json'), JSON.stringify(mappings));
  const governance = JSON.parse(await readFile(join(changed, 'governance.json'), 'utf8'));
  governance.rules.push({
    name: 'no-api-roles-for-people',
    priority: 60,
    conditions: {
      all: [{ fact: 'roles', path: '$.effective', operator: 'contains', value: 'AGENT_134_GRAPHQL' }],
    },
    event: { type: 'block', params: { reason: 'api-role' } },
  });
  await writeFile(join(changed, 'governance.json'), JSON.stringify(governance));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('scim-rules diff', () => {
  it('lists every user whose outcome, status or roles differ, both sides, and exits 1', async () => {
    const run = await runCliProcess(['diff', RULES, changed, '--events', events, '--json']);
    expect(run.code).toBe(1);
    const document = JSON.parse(run.stdout) as DiffDocument;
    expect(document.users).toBe(3);
    expect(document.differences).toEqual([
      {
        userName: 'colleague@example.com',
        differs: ['outcome', 'status', 'roles'],
        a: {
          outcome: 'create',
          reasons: [],
          status: 'ACTIVE',
          roles: ['AGENT_134_CUSTOMER_COLLECTION_MANAGER', 'AGENT_134_RETURNS_MANAGER', 'AGENT_134_STORE'],
        },
        b: { outcome: 'block', reasons: ['api-role'], status: 'ABSENT', roles: [] },
      },
      {
        userName: 'graphql@example.com',
        differs: ['outcome', 'status', 'roles'],
        a: { outcome: 'create', reasons: [], status: 'ACTIVE', roles: ['AGENT_134_GRAPHQL'] },
        b: { outcome: 'block', reasons: ['api-role'], status: 'ABSENT', roles: [] },
      },
    ]);
  });

  it('says "no differences" and exits 0 when both folders decide alike', async () => {
    const run = await runCliProcess(['diff', RULES, RULES, '--events', events]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `no differences: 3 users end with the same outcome, status and roles under ${RULES} and ${RULES}\n`,
    );
  });

  it('a bad rules folder is bad input (exit 2)', async () => {
    const run = await runCliProcess(['diff', RULES, dir, '--events', events]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${join(dir, 'governance.json')}:1:1:`);
  });

  it('shows both sides in a table', async () => {
    const run = await runCliInProcess(['diff', RULES, changed, '--events', events]);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`2 of 3 users differ — A: ${RULES}, B: ${changed}`);
    expect(lines[1]).toMatch(/^USER +RULES +OUTCOME +STATUS +ROLES$/);
    expect(lines[4]).toMatch(/^graphql@example.com +A +create +ACTIVE +AGENT_134_GRAPHQL$/);
    expect(lines[5]).toMatch(/^ +B +block \(api-role\) +ABSENT +-$/);
  });
});
