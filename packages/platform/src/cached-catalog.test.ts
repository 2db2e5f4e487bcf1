import { describe, expect, it } from 'vitest';
import { createMemoryPlatform } from '../test/memory-platform.ts';
import { createCachedCatalog } from './cached-catalog.ts';
import { PlatformError } from './contract.ts';

function setup() {
  const platform = createMemoryPlatform(['STORE', 'GRAPHQL'], ['AGENT:134']);
  let clock = 1_000;
  const catalog = createCachedCatalog(platform, { ttlMs: 100, now: () => clock });
  return { platform, catalog, advance: (ms: number) => (clock += ms) };
}

describe('createCachedCatalog', () => {
  it('answers role questions from one listing while the TTL lasts', async () => {
    const { platform, catalog, advance } = setup();
    expect(await catalog.hasRole('STORE')).toBe(true);
    expect(await catalog.hasRole('GRAPHQL')).toBe(true);
    advance(99);
    expect(await catalog.hasRole('STORE')).toBe(true);
    expect(platform.calls.listRoles).toBe(1);
    advance(1);
    expect(await catalog.hasRole('STORE')).toBe(true);
    expect(platform.calls.listRoles).toBe(2);
  });

  it('shares one listing between concurrent questions', async () => {
    const { platform, catalog } = setup();
    const answers = await Promise.all([
      catalog.hasRole('STORE'),
      catalog.hasRole('GRAPHQL'),
      catalog.hasRole('X'),
    ]);
    expect(answers).toEqual([true, true, false]);
    expect(platform.calls.listRoles).toBe(1);
  });

  it('refreshes early for an unknown role, at most once per TTL', async () => {
    const { platform, catalog, advance } = setup();
    expect(await catalog.hasRole('STORE')).toBe(true);
    platform.roles.add('RETURNS_MANAGER');
    advance(10);
    expect(await catalog.hasRole('RETURNS_MANAGER')).toBe(true);
    expect(platform.calls.listRoles).toBe(2);

    advance(10);
    expect(await catalog.hasRole('MISSPELT')).toBe(false);
    advance(10);
    expect(await catalog.hasRole('MISSPELT')).toBe(false);
    expect(platform.calls.listRoles).toBe(2);

    advance(100);
    expect(await catalog.hasRole('MISSPELT')).toBe(false);
    expect(platform.calls.listRoles).toBe(3);
  });

  it('caches context checks, both answers, for the TTL', async () => {
    const { platform, catalog, advance } = setup();
    expect(await catalog.hasContext('AGENT', '134')).toBe(true);
    expect(await catalog.hasContext('AGENT', '135')).toBe(false);
    platform.contexts.add('AGENT:135');
    expect(await catalog.hasContext('AGENT', '134')).toBe(true);
    expect(await catalog.hasContext('AGENT', '135')).toBe(false);
    expect(platform.calls.contextExists).toBe(2);
    advance(100);
    expect(await catalog.hasContext('AGENT', '135')).toBe(true);
    expect(platform.calls.contextExists).toBe(3);
  });

  it('forgets everything on invalidate()', async () => {
    const { platform, catalog } = setup();
    await catalog.hasRole('STORE');
    await catalog.hasContext('AGENT', '134');
    platform.roles.delete('STORE');
    platform.contexts.delete('AGENT:134');
    catalog.invalidate();
    expect(await catalog.hasRole('STORE')).toBe(false);
    expect(await catalog.hasContext('AGENT', '134')).toBe(false);
    expect(platform.calls).toEqual({ listRoles: 2, contextExists: 2 });
  });

  it('does not remember a failed fetch', async () => {
    const { platform, catalog } = setup();
    platform.failWith = 503;
    await expect(catalog.hasRole('STORE')).rejects.toBeInstanceOf(PlatformError);
    await expect(catalog.hasContext('AGENT', '134')).rejects.toBeInstanceOf(PlatformError);
    platform.failWith = undefined;
    expect(await catalog.hasRole('STORE')).toBe(true);
    expect(await catalog.hasContext('AGENT', '134')).toBe(true);
  });
});
