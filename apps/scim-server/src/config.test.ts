import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('uses the documented defaults with an empty environment', () => {
    const config = loadConfig({}, '/srv/connector');
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: `sqlite:${path.resolve('/srv/connector/data/connector.db')}`,
      dataDir: path.resolve('/srv/connector/data'),
      rulesDir: path.resolve('/srv/connector/rules'),
      logLevel: 'info',
      bodyLimitBytes: 1024 * 1024,
      platform: 'simulator',
    });
  });

  it('reads every variable, splitting SCIM_TOKEN on commas for rotation', () => {
    const config = loadConfig(
      {
        PORT: '9000',
        HOST: '0.0.0.0',
        DATABASE_URL: 'postgres://scim@db:5432/connector',
        RULES_DIR: '/etc/connector/rules',
        LOG_LEVEL: 'DEBUG',
        SCIM_TOKEN: ' new-token , old-token ,',
        ADMIN_TOKEN: 'admin-token',
        PUBLIC_URL: 'https://scim.example.com/scim/v2/',
        PLATFORM: 'fluent',
        SIMULATOR_PORT: '8081',
      },
      '/srv',
    );
    expect(config).toMatchObject({
      port: 9000,
      host: '0.0.0.0',
      databaseUrl: 'postgres://scim@db:5432/connector',
      rulesDir: '/etc/connector/rules',
      logLevel: 'debug',
      scimTokens: ['new-token', 'old-token'],
      adminToken: 'admin-token',
      publicUrl: 'https://scim.example.com/scim/v2',
      platform: 'fluent',
    });
  });

  it('keeps in-memory and absolute SQLite URLs as given', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite::memory:' }, '/x').databaseUrl).toBe('sqlite::memory:');
    expect(loadConfig({ DATABASE_URL: 'sqlite:/var/lib/c.db' }, '/x').databaseUrl).toBe(
      'sqlite:/var/lib/c.db',
    );
  });

  it('rejects bad values with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be an integer/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of/);
    expect(() => loadConfig({ PLATFORM: 'sap' })).toThrow(ConfigError);
    expect(() => loadConfig({ SCIM_TOKEN: 'same', ADMIN_TOKEN: 'same' })).toThrow(/ADMIN_TOKEN must differ/);
  });
});
