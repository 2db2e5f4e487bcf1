/** `--platform-options`: the plugin's own schema checks the file, and each problem is placed at its value. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReplaySession } from '../replay/replay-session.ts';
import { createUser, toJsonLines } from '../testing/log-builder.ts';
import { REPO_ROOT, runCliInProcess } from '../testing/run-cli.ts';
import { loadPlatformOptionsFile } from './load-platform-options.ts';
import { loadRuleSet } from './load-rule-set.ts';

let dir: string;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scim-rules-platform-options-'));
  await writeFile(
    file('good.json'),
    '{\n  "defaults": { "timezone": "Europe/Paris", "language": "en-AU" }\n}\n',
  );
  await writeFile(file('bad.json'), '{\n  "defaults": {\n    "type": "BOSS"\n  },\n  "colour": "blue"\n}\n');
  await writeFile(file('array.json'), '[1, 2]\n');
  await writeFile(file('broken.json'), '{\n  "defaults": \n}\n');
  await writeFile(file('log.jsonl'), toJsonLines([createUser('erin@example.com', ['AGENT_134_STORE'])]));
});

const simulateWith = (optionsFile: string, ...more: string[]) =>
  runCliInProcess([
    'simulate',
    file('log.jsonl'),
    '--rules',
    join(REPO_ROOT, 'rules'),
    '--platform-options',
    optionsFile,
    ...more,
  ]);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadPlatformOptionsFile', () => {
  it('returns the options as written when the plugin accepts them', async () => {
    expect(await loadPlatformOptionsFile(file('good.json'))).toEqual({
      defaults: { timezone: 'Europe/Paris', language: 'en-AU' },
    });
  });

  it('places every schema problem at the line and column of its value or key', async () => {
    const run = await simulateWith(file('bad.json'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `${file('bad.json')}:3:13: platform options: option "defaults.type" is not a known property`,
    );
    expect(run.stderr).toContain(
      `${file('bad.json')}:5:13: platform options: option "colour" is not a known`,
    );
  });

  it('refuses a document that is not an object, and text that is not JSON, with a position', async () => {
    await expect(loadPlatformOptionsFile(file('array.json'))).rejects.toThrow(
      `${file('array.json')}:1:1: platform options must be a JSON object`,
    );
    await expect(loadPlatformOptionsFile(file('broken.json'))).rejects.toThrow(
      new RegExp(`${file('broken.json')}:3:1: not valid JSON`),
    );
    await expect(loadPlatformOptionsFile(file('missing.json'))).rejects.toThrow(
      `${file('missing.json')}:1:1: cannot read the platform options: no such file`,
    );
  });

  it('simulate replays with the options the file gives (exit 0)', async () => {
    const run = await simulateWith(file('good.json'), '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).platform.users).toEqual([
      {
        username: 'erin@example.com',
        status: 'ACTIVE',
        roles: ['AGENT_134_STORE'],
        userType: { type: 'LOCATION', primaryLocation: '134' },
      },
    ]);
  });

  it('the replay hands its options to the plugin: options the plugin refuses stop the session opening', async () => {
    const rules = await loadRuleSet(join(REPO_ROOT, 'rules'));
    await expect(
      openReplaySession({ rules, platformOptions: { defaults: { timezone: '' } } }),
    ).rejects.toThrow(/option "defaults.timezone"/);
    const session = await openReplaySession({ rules, platformOptions: { defaults: { timezone: 'UTC' } } });
    await session.close();
  });
});
