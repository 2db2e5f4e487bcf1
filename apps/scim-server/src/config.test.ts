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
      simulator: { port: 8081 },
      fluent: {},
      sync: {
        batchSize: 50,
        concurrency: 16,
        intervalMs: 1000,
        leaseMs: 60_000,
        retry: { baseMs: 1000, maxMs: 300_000, maxAttempts: 10 },
      },
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
        FLUENT_URL: 'https://acme.sandbox.api.fluentretail.com/',
        FLUENT_ACCOUNT: 'ACME',
        FLUENT_CLIENT_ID: 'client',
        FLUENT_CLIENT_SECRET: 'secret',
        FLUENT_USERNAME: 'api-user',
        FLUENT_PASSWORD: 'api-password',
        SYNC_CONCURRENCY: '32',
        DATABASE_SCHEMA: 'connector',
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
      fluent: {
        url: 'https://acme.sandbox.api.fluentretail.com',
        account: 'ACME',
        clientId: 'client',
        clientSecret: 'secret',
        username: 'api-user',
        password: 'api-password',
      },
      sync: {
        batchSize: 50,
        concurrency: 32,
        intervalMs: 1000,
        leaseMs: 60_000,
        retry: { baseMs: 1000, maxMs: 300_000, maxAttempts: 10 },
      },
      databaseSchema: 'connector',
    });
  });

  it('resolves the simulator seed file and takes FLUENT_* credentials in simulator mode', () => {
    const config = loadConfig(
      { SIMULATOR_PORT: '0', SIMULATOR_SEED: 'fixtures/seed.json', FLUENT_CLIENT_SECRET: 's3cret' },
      '/srv',
    );
    expect(config.simulator).toEqual({ port: 0, seedFile: path.resolve('/srv/fixtures/seed.json') });
    expect(config.fluent).toEqual({ clientSecret: 's3cret' });
  });

  it('names every FLUENT_* variable PLATFORM=fluent is missing', () => {
    expect(() =>
      loadConfig({ PLATFORM: 'fluent', FLUENT_URL: 'https://x.example', FLUENT_ACCOUNT: 'X' }),
    ).toThrow(
      'PLATFORM=fluent needs FLUENT_CLIENT_ID, FLUENT_CLIENT_SECRET, FLUENT_USERNAME, FLUENT_PASSWORD',
    );
    expect(() => loadConfig({ SIMULATOR_PORT: '99999' })).toThrow(/SIMULATOR_PORT must be an integer/);
    expect(() => loadConfig({ SYNC_BATCH_SIZE: '0' })).toThrow(/SYNC_BATCH_SIZE must be a positive integer/);
    expect(() => loadConfig({ DATABASE_SCHEMA: 'a;drop' })).toThrow(/DATABASE_SCHEMA must be a plain/);
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
