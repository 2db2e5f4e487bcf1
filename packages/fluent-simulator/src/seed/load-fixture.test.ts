import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FixtureError } from './fixture-error.ts';
import { loadFixture, parseFixture } from './load-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'fixtures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

async function problemsOf(work: Promise<unknown> | (() => unknown)): Promise<string[]> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    if (error instanceof FixtureError) return error.problems;
    throw error;
  }
  throw new Error('expected a FixtureError');
}

describe('loadFixture', () => {
  it('reads an example fixture, turning numeric ids into strings', async () => {
    const path = file(
      'example.json',
      JSON.stringify({
        accounts: [{ id: '0' }],
        retailers: [{ id: 199, ref: 'R199' }],
        locations: [{ id: '134', ref: 'L134', retailerId: 199 }],
        roles: ['STORE', 'GRAPHQL'],
        users: [{ username: 'x', status: 'ACTIVE', roles: ['AGENT_134_STORE'] }],
        settings: [{ name: 's', context: 'ACCOUNT', contextId: 0, valueType: 'JSON', lobValue: {} }],
      }),
    );
    const fixture = await loadFixture(path);
    expect(fixture.retailers).toEqual([{ id: '199', ref: 'R199' }]);
    expect(fixture.locations?.[0]?.retailerId).toBe('199');
    expect(fixture.users?.[0]?.roles).toEqual(['AGENT_134_STORE']);
  });

  it('accepts an empty object: every key is optional', async () => {
    expect(await loadFixture(file('empty.json', '{}'))).toEqual({});
  });

  it('names a missing file', async () => {
    const missing = join(dir, 'missing.json');
    const failure = await loadFixture(missing).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FixtureError);
    expect((failure as Error).message).toBe(
      `Platform fixture ${missing} is invalid:\n  - cannot be read: no such file`,
    );
  });

  it('gives the line and column of a JSON syntax error', async () => {
    const problems = await problemsOf(loadFixture(file('broken.json', '{\n  "roles": ["STORE",]\n}')));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^is not valid JSON at line 2, column 21: /);
  });

  it('lists every schema problem with its location', async () => {
    const problems = await problemsOf(() =>
      parseFixture({
        role: ['STORE'],
        retailers: [{ ref: 'R1' }],
        locations: [{ id: 'L134' }],
        users: [{ username: 'x', status: 'DISABLED', roles: 'AGENT_1_STORE' }],
        settings: [{ name: 's', context: 'ACCOUNT', contextId: '0', valueType: 'JSON' }],
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'role is not a known property',
        'retailers[0].id is required',
        'locations[0].id must match pattern "^[0-9]+$"',
        'users[0].status must be one of: "ACTIVE", "INACTIVE"',
        'users[0].roles must be of type array',
        'settings[0].contextId must be of type integer',
      ]),
    );
  });

  it('checks role names, duplicates and references across the file', async () => {
    const problems = await problemsOf(() =>
      parseFixture(
        {
          retailers: [{ id: '1' }, { id: '1' }],
          locations: [{ id: '10', retailerId: '2' }],
          roles: ['STORE'],
          users: [
            { username: 'a', roles: ['AGENT_10_STORE', 'SHOP_10_STORE', 'AGENT_10_WIZARD'] },
            { username: 'a' },
          ],
        },
        'platform.json',
      ),
    );
    expect(problems).toEqual([
      'retailers[1] repeats the id "1"',
      'users[1] repeats the username "a"',
      'locations[0].retailerId "2" is not one of the fixture\'s retailers',
      expect.stringMatching(/^users\[0\]\.roles\[1\] "SHOP_10_STORE" is not a role name: /),
      'users[0].roles[2] "AGENT_10_WIZARD" uses role "WIZARD", which is not in the fixture\'s roles',
    ]);
  });
});
