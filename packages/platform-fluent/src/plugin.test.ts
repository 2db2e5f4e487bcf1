import { isPlatformPlugin, PluginLoadError, validatePluginOptions } from '@scim-connector/platform';
import { describe, expect, it } from 'vitest';
import { createFluentClient } from './client.ts';
import { DEFAULT_MAX_CONNECTIONS, DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, resolveOptions } from './options.ts';
import { fluentPlugin, ROLE_MAPPING_SETTING } from './plugin.ts';

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

/** A client that is never called: the parts' mapping and settings need no connection. */
const standIn = createFluentClient(required);

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
      defaults: { timezone: 'UTC' },
    });
    expect(resolveOptions(required)).toEqual({
      ...(validated as object),
      maxConnections: DEFAULT_MAX_CONNECTIONS,
    });
  });

  it('keeps the options it is given', () => {
    const options = {
      ...required,
      url: 'http://127.0.0.1:8081/',
      timeoutMs: 500,
      retries: { max: 1, baseMs: 10, maxMs: 20 },
      defaults: { timezone: 'Europe/London', language: 'en-GB' },
    };
    expect(validatePluginOptions(fluentPlugin, options)).toMatchObject(options);
    expect(resolveOptions(options as Parameters<typeof resolveOptions>[0]).url).toBe('http://127.0.0.1:8081');
  });

  it('rejects unknown options and bad values with messages naming them, never the values', () => {
    expect(invalid({ ...required, tokenUrl: 'x' })).toContain('tokenUrl');
    expect(invalid({ ...required, url: 'acme.fluentretail.com' })).toContain('url');
    expect(invalid({ ...required, mappingSource: 'rules' })).toContain('mappingSource');
    // The user type is governance's (rules/governance.json userTypes), no longer a plugin default.
    expect(invalid({ ...required, defaults: { type: 'ADMIN' } })).toContain('type');
    expect(invalid({ ...required, defaults: { language: 'english please' } })).toContain('language');
    expect(invalid({ ...required, retries: { max: -1 } })).toContain('max');
    expect(invalid({ ...required, clientSecret: '', password: 7 })).not.toContain('secret');
  });

  it('refuses to connect without the connection options, naming each missing one', () => {
    const { password: _password, clientSecret: _secret, ...incomplete } = required;
    expect(() => fluentPlugin.create(incomplete, {})).toThrow(
      /needs the options "clientSecret" \(FLUENT_CLIENT_SECRET\), "password" \(FLUENT_PASSWORD\)/,
    );
  });

  it('creates a client that can be closed without having connected', async () => {
    const parts = fluentPlugin.create(resolveOptions(required), {});
    await parts.client.close?.();
  });

  it('uses a client it is handed, and needs no connection options then', () => {
    const parts = fluentPlugin.create({}, { client: standIn });
    expect(parts.client).toBe(standIn);
  });

  it('names the account setting Fluent keeps logical-role mappings in', () => {
    expect(fluentPlugin.create({}, { client: standIn }).roleMappingSetting).toEqual({
      name: ROLE_MAPPING_SETTING,
    });
  });

  describe('profile mapping', () => {
    it('applies the configured defaults to what the IdP leaves out', () => {
      const options = validatePluginOptions(fluentPlugin, {
        defaults: { timezone: 'Australia/Sydney', language: 'en-AU' },
      }) as Parameters<typeof fluentPlugin.create>[0];
      const { mapProfile } = fluentPlugin.create(options, { client: standIn });
      expect(mapProfile({ userName: 'ada@example.com', emails: [{ value: 'ada@example.com' }] })).toEqual({
        primaryEmail: 'ada@example.com',
        timezone: 'Australia/Sydney',
        language: 'en-AU',
      });
    });

    it('keeps what the IdP sends over the defaults', () => {
      const { mapProfile } = fluentPlugin.create(
        { defaults: { timezone: 'Australia/Sydney' } },
        { client: standIn },
      );
      expect(mapProfile({ timezone: 'Europe/London', userType: 'retailer' })).toEqual({
        timezone: 'Europe/London',
      });
    });

    it('falls back to UTC without configured defaults', () => {
      const { mapProfile } = fluentPlugin.create({}, { client: standIn });
      expect(mapProfile({})).toEqual({ timezone: 'UTC' });
    });
  });
});
