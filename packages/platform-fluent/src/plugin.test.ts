import { isPlatformPlugin, PluginLoadError, validatePluginOptions } from '@scim-connector/platform';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_CONNECTIONS, DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, resolveOptions } from './options.ts';
import { fluentPlugin } from './plugin.ts';

const required = {
  url: 'https://acme.sandbox.api.fluentretail.com',
  account: 'ACME',
  clientId: 'acme',
  clientSecret: 'secret',
  username: 'integration',
  password: 'password',
};

function invalid(options: unknown): string {
  try {
    validatePluginOptions(fluentPlugin, options);
  } catch (error) {
    expect(error).toBeInstanceOf(PluginLoadError);
    return (error as Error).message;
  }
  throw new Error('expected the options to be rejected');
}

describe('fluentPlugin', () => {
  it('has the shape the plugin host loads', () => {
    expect(isPlatformPlugin(fluentPlugin)).toBe(true);
    expect(fluentPlugin.name).toBe('@scim-connector/platform-fluent');
  });

  it('fills in the same defaults through the host schema as resolveOptions does', () => {
    const validated = validatePluginOptions(fluentPlugin, { ...required });
    expect(validated).toEqual({
      ...required,
      timeoutMs: DEFAULT_TIMEOUT_MS,
      retries: DEFAULT_RETRIES,
      defaults: { timezone: 'UTC', type: 'ADMIN' },
      mappingSource: 'rules',
      maxConnections: DEFAULT_MAX_CONNECTIONS,
    });
    expect(resolveOptions(required)).toEqual(validated);
  });

  it('keeps the options it is given', () => {
    const options = {
      ...required,
      url: 'http://127.0.0.1:8081/',
      timeoutMs: 500,
      retries: { max: 1, baseMs: 10, maxMs: 20 },
      defaults: { timezone: 'Europe/London', type: 'RETAILER', language: 'en-GB' },
      mappingSource: 'platform-setting',
    };
    expect(validatePluginOptions(fluentPlugin, options)).toMatchObject(options);
    expect(resolveOptions(options as Parameters<typeof resolveOptions>[0]).url).toBe('http://127.0.0.1:8081');
  });

  it('rejects missing credentials, unknown options and bad values with messages naming them', () => {
    const { password: _password, ...withoutPassword } = required;
    expect(invalid(withoutPassword)).toContain('password');
    expect(invalid({ ...required, tokenUrl: 'x' })).toContain('tokenUrl');
    expect(invalid({ ...required, url: 'acme.fluentretail.com' })).toContain('url');
    expect(invalid({ ...required, mappingSource: 'idp' })).toContain('mappingSource');
    expect(invalid({ ...required, defaults: { type: 'CUSTOMER' } })).toContain('type');
    expect(invalid({ ...required, retries: { max: -1 } })).toContain('max');
  });

  it('creates a client that can be closed without having connected', async () => {
    const client = fluentPlugin.create(resolveOptions(required), {});
    expect(client.mappingSource).toBe('rules');
    await client.close();
  });
});
