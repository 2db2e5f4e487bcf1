// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the sync-event log's placeholders are literal text
/**
 * `journal pseudonymize`: the pseudonymized log holds none of the original personal values, and replays
 * (`simulate`, `diff`) to the same decisions as the raw log — ids, roles and groups are kept.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGroup, createUser, deleteUser, patchUser, toJsonLines } from '../testing/log-builder.ts';
import { runCliInProcess as cli, REPO_ROOT } from '../testing/run-cli.ts';
import type { SimulateDocument } from './simulate.ts';

const RULES = join(REPO_ROOT, 'rules');
const PERSONAL = [
  'Ada.Lovelace@example.com',
  'ada.lovelace@example.com',
  'ada@home.example',
  'Ada',
  'Lovelace',
  'Ada Lovelace',
  '+61 2 9999 0001',
  '12 Analytical Street',
  'Marylebone',
  'E-1815',
  'bob.babbage@example.com',
  'Charles Babbage',
];
let dir: string;
let raw: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-rules-journal-'));
  raw = join(dir, 'raw.jsonl');
  await writeFile(
    raw,
    toJsonLines([
      createUser('Ada.Lovelace@example.com', ['AGENT_134_STORE'], {
        externalId: 'E-1815',
        displayName: 'Ada Lovelace',
        name: { givenName: 'Ada', familyName: 'Lovelace', formatted: 'Ada Lovelace' },
        phoneNumbers: [{ value: '+61 2 9999 0001', type: 'work' }],
        addresses: [{ streetAddress: '12 Analytical Street', locality: 'Marylebone', type: 'work' }],
        title: 'Store manager',
      }),
      createUser('bob.babbage@example.com', ['AGENT_134_STORE', 'AGENT_134_NOPE'], {
        displayName: 'Charles Babbage',
      }),
      createGroup('Store 135 colleagues', ['ada.lovelace@example.com'], ['AGENT_135_Store_Colleague']),
      patchUser('ada.lovelace@example.com', [
        { op: 'add', path: 'emails', value: [{ value: 'ada@home.example', type: 'home' }] },
        { op: 'replace', path: 'name.givenName', value: 'Ada' },
        { op: 'replace', value: { displayName: 'Ada Lovelace', roles: [{ value: 'AGENT_134_STORE' }] } },
      ]),
      patchUser('bob.babbage@example.com', [{ op: 'replace', path: 'roles', value: [] }]),
      deleteUser('Ada.Lovelace@example.com'),
    ]),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** What a replay decided, without the names that pseudonymization changes. */
function decisionsOf(document: SimulateDocument) {
  return {
    decisions: document.decisions.map(({ userName: _userName, ...decision }) => decision),
    platform: document.platform.users.map(({ status, roles }) => ({ status, roles })),
    summary: document.summary,
  };
}

describe('scim-rules journal pseudonymize', () => {
  it('leaves no personal value, and replays to the same decisions as the raw log', async () => {
    const out = join(dir, 'pseudonymized.jsonl');
    const run = await cli(['journal', 'pseudonymize', raw, out]);
    expect(run.stderr).toContain('6 lines pseudonymized (random key)');
    expect(run.code).toBe(0);
    const text = await readFile(out, 'utf8');
    for (const value of PERSONAL) expect(text).not.toContain(value);
    // Kept: roles, the group's name (group-roles.json maps it), labels, the title governance may read.
    for (const kept of ['AGENT_134_NOPE', 'Store 135 colleagues', 'Store manager', '"type":"home"'])
      expect(text).toContain(kept);

    const simulate = async (log: string) => {
      const result = await cli(['simulate', log, '--rules', RULES, '--json']);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as SimulateDocument;
    };
    const before = await simulate(raw);
    const after = await simulate(out);
    expect(before.decisions.length).toBeGreaterThanOrEqual(4);
    expect(decisionsOf(after)).toEqual(decisionsOf(before));
    // Every name replayed is a pseudonym and nothing else. (Matching /ada|bob/ instead failed now and then: the
    // pseudonym is hex, which spells "ada" by chance.)
    for (const { userName } of after.decisions)
      expect(userName).toMatch(/^user-[0-9a-f]{16}@example\.invalid$/);

    // diff under the same rules: no user ends differently in the pseudonymized log.
    const diff = await cli(['diff', RULES, RULES, '--events', out]);
    expect(diff.code).toBe(0);
  });

  it('gives the same pseudonyms under the same key file, and other ones under another', async () => {
    const key = join(dir, 'key');
    await writeFile(key, 'a key of thirty-two bytes, ok!!!');
    const [a, b] = [join(dir, 'a.jsonl'), join(dir, 'b.jsonl')];
    expect((await cli(['journal', 'pseudonymize', raw, a, '--key-file', key])).code).toBe(0);
    expect((await cli(['journal', 'pseudonymize', raw, b, '--key-file', key])).code).toBe(0);
    expect(await readFile(a, 'utf8')).toBe(await readFile(b, 'utf8'));
    const random = join(dir, 'random.jsonl');
    await cli(['journal', 'pseudonymize', raw, random]);
    expect(await readFile(random, 'utf8')).not.toBe(await readFile(a, 'utf8'));

    const short = join(dir, 'short-key');
    await writeFile(short, 'thirty-one bytes, one too short');
    const refused = await cli(['journal', 'pseudonymize', raw, join(dir, 'c.jsonl'), '--key-file', short]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${short}:1:1: the key must be at least 32 bytes`);
    expect(refused.stderr).not.toContain('too short');

    // The line keeps method, path, body, id and at only.
    const extra = join(dir, 'extra.jsonl');
    await writeFile(
      extra,
      `${JSON.stringify({
        method: 'POST',
        path: '/Users',
        id: 'u1',
        at: '2026-01-01T00:00:00.000Z',
        body: { userName: 'ada@example.com' },
        headers: { 'x-forwarded-for': 'Ada Lovelace' },
        remoteAddress: '203.0.113.7',
      })}\n`,
    );
    const trimmed = join(dir, 'trimmed.jsonl');
    expect((await cli(['journal', 'pseudonymize', extra, trimmed, '--key-file', key])).code).toBe(0);
    const line = JSON.parse(await readFile(trimmed, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(line).sort()).toEqual(['at', 'body', 'id', 'method', 'path']);
    expect(line).toMatchObject({ id: 'u1', at: '2026-01-01T00:00:00.000Z' });
  });

  it('reports a bad line at file:line:column', async () => {
    const bad = join(dir, 'bad.jsonl');
    await writeFile(bad, '{"method":"POST","path":"/Users","body":{}}\n{"method":"GET","path":"/Users"}\n');
    const run = await cli(['journal', 'pseudonymize', bad, join(dir, 'd.jsonl')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`${bad.replaceAll('.', '\\.')}:2:\\d+: `));
  });
});
