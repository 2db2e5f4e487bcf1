import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importPlugin, loadPlugin, PluginLoadError, validatePluginOptions } from './plugin-host.ts';

const fixtures = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
const fixture = (name: string) => join(fixtures, name);

async function loadFailure(...args: Parameters<typeof loadPlugin>): Promise<PluginLoadError> {
  try {
    await loadPlugin(...args);
  } catch (error) {
    if (error instanceof PluginLoadError) return error;
    throw error;
  }
  throw new Error('expected loadPlugin to fail');
}

describe('loadPlugin', () => {
  it('creates a client from a default-exported plugin with validated options and defaults', async () => {
    const logged: unknown[] = [];
    const logger = {
      debug: () => {},
      info: (obj: object, msg?: string) => logged.push([obj, msg]),
      warn: () => {},
      error: () => {},
    };
    const { client } = await loadPlugin(fixture('echo-plugin.ts'), { greeting: 'hi' }, { deps: { logger } });
    expect(await client.readSetting('options')).toEqual({ greeting: 'hi', retries: 2 });
    expect(logged).toEqual([[{ plugin: 'echo' }, 'created']]);
  });

  it('accepts a plugin exported as `plugin` and a module that is itself the plugin', async () => {
    const { client: named } = await loadPlugin(fixture('named-export-plugin.ts'), {});
    expect(await named.listRoles()).toEqual(['NAMED']);
    const { client: whole } = await loadPlugin(pathToFileURL(fixture('module-as-plugin.ts')).href, undefined);
    expect(await whole.listRoles()).toEqual(['MODULE']);
  });

  it('resolves relative paths from resolveFrom', async () => {
    const { client } = await loadPlugin('./echo-plugin.ts', { greeting: 'hey' }, { resolveFrom: fixtures });
    expect(await client.readSetting('options')).toEqual({ greeting: 'hey', retries: 2 });
  });

  it('names the options file the bad options came from', () => {
    const plugin = {
      name: 'echo',
      optionsSchema: { type: 'object', required: ['greeting'] },
      create: () => {
        throw new Error('not reached');
      },
    };
    expect(() => validatePluginOptions(plugin, {}, '/etc/connector/platform.json')).toThrow(
      'Invalid options for platform plugin "echo" in /etc/connector/platform.json:\n  - option "greeting" is required',
    );
  });

  it('names every bad option', async () => {
    const failure = await loadFailure(fixture('echo-plugin.ts'), {
      retries: 'many',
      colour: 'red',
      nested: { timeoutMs: 1.5 },
    });
    expect(failure.reason).toBe('invalid-options');
    expect(failure.message).toMatch(/^Invalid options for platform plugin "echo":\n/);
    expect(failure.message).toContain('option "greeting" is required');
    expect(failure.message).toContain('option "retries" must be of type integer');
    expect(failure.message).toContain('option "colour" is not a known property');
    expect(failure.message).toContain('option "nested.timeoutMs" must be of type integer');
  });

  it('says so when the package or file does not exist', async () => {
    const missingPackage = await loadFailure('@scim-connector/platform-nonexistent', {});
    expect(missingPackage.reason).toBe('not-found');
    expect(missingPackage.message).toMatch(/"@scim-connector\/platform-nonexistent" was not found/);
    const missingFile = await loadFailure('./nope.ts', {}, { resolveFrom: fixtures });
    expect(missingFile.reason).toBe('not-found');
    expect(missingFile.message).toContain(join(fixtures, 'nope.ts'));
  });

  it('tells a module that is not a plugin, naming what it lacks', async () => {
    const failure = await loadFailure(fixture('not-a-plugin.ts'), {});
    expect(failure.reason).toBe('not-a-plugin');
    expect(failure.message).toContain('is not a platform plugin');
    expect(failure.message).toContain('missing: create');
  });

  it('tells a plugin whose own dependency is missing from a missing plugin', async () => {
    const failure = await loadFailure(fixture('missing-dependency-plugin.ts'), {});
    expect(failure.reason).toBe('load-failed');
    expect(failure.message).toContain('scim-connector-dependency-that-does-not-exist');
  });

  it('reports a factory that throws', async () => {
    const failure = await loadFailure(fixture('failing-create-plugin.ts'), {});
    expect(failure.reason).toBe('create-failed');
    expect(failure.message).toBe(
      'Platform plugin "failing" could not start: cannot reach https://platform.example: connection refused',
    );
  });

  describe('bare package names', () => {
    const app = mkdtempSync(join(tmpdir(), 'plugin-host-'));
    afterAll(() => rmSync(app, { recursive: true, force: true }));

    it('are resolved from the configuring app directory', async () => {
      const packageDir = join(app, 'node_modules', 'acme-platform-plugin');
      mkdirSync(packageDir, { recursive: true });
      writeFileSync(
        join(packageDir, 'package.json'),
        JSON.stringify({ name: 'acme-platform-plugin', type: 'module', exports: './index.js' }),
      );
      writeFileSync(
        join(packageDir, 'index.js'),
        `export default { name: 'acme', optionsSchema: { type: 'object', required: ['tenant'] },
           create: (options) => ({ client: { listRoles: async () => [options.tenant] } }) };`,
      );
      const plugin = await importPlugin('acme-platform-plugin', { resolveFrom: app });
      expect(plugin.name).toBe('acme');
      expect(() => validatePluginOptions(plugin, {})).toThrow('option "tenant" is required');
      const { client } = await loadPlugin('acme-platform-plugin', { tenant: 'ACME' }, { resolveFrom: app });
      expect(await client.listRoles()).toEqual(['ACME']);
    });

    it('that name an installed package that is not a plugin are refused', async () => {
      const failure = await loadFailure('ajv', {});
      expect(failure.reason).toBe('not-a-plugin');
    });
  });
});
