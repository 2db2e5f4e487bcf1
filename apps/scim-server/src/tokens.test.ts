import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureTokens, generateToken } from './tokens.ts';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'scim-tokens-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ensureTokens', () => {
  it('generates both tokens on first start, keeps them 0600, and reports them once', async () => {
    const dataDir = path.join(dir, 'data');
    const first = await ensureTokens({ dataDir });
    expect(first.generated.scimToken).toBe(first.scimTokens[0]);
    expect(first.generated.adminToken).toBe(first.adminToken);
    expect(first.adminToken).not.toBe(first.scimTokens[0]);
    expect((await stat(first.file)).mode & 0o777).toBe(0o600);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);

    const second = await ensureTokens({ dataDir });
    expect(second.generated).toEqual({});
    expect(second.scimTokens).toEqual(first.scimTokens);
    expect(second.adminToken).toBe(first.adminToken);
  });

  it('prefers tokens from the environment and generates only what is missing', async () => {
    const result = await ensureTokens({ dataDir: dir, scimTokens: ['env-a', 'env-b'] });
    expect(result.scimTokens).toEqual(['env-a', 'env-b']);
    expect(result.generated.scimToken).toBeUndefined();
    expect(result.generated.adminToken).toBe(result.adminToken);
    const saved = JSON.parse(await readFile(result.file, 'utf8')) as Record<string, unknown>;
    expect(saved).toEqual({ adminToken: result.adminToken });
  });

  it('explains a corrupt token file instead of overwriting it', async () => {
    await writeFile(path.join(dir, 'tokens.json'), '{not json');
    await expect(ensureTokens({ dataDir: dir })).rejects.toThrow(/not valid JSON.*delete it/);
  });
});

describe('generateToken', () => {
  it('makes distinct URL-safe tokens of 256 bits', () => {
    const a = generateToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateToken()).not.toBe(a);
  });
});
