import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, MIN_TOKEN_LENGTH } from './config.ts';

const NEW_TOKEN = 'new-token-0123456789abcdefghijklmnop';
const OLD_TOKEN = 'old-token-0123456789abcdefghijklmnop';
const ADMIN_TOKEN = 'admin-token-0123456789abcdefghijklmno';

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
      rateLimit: { requestsPerSecond: 100, burst: 300 },
      platform: {
        plugin: 'fluent',
        simulator: { port: 8081 },
        options: expect.objectContaining({ defaults: { timezone: 'UTC' } }),
      },
      sync: {
        batchSize: 50,
        concurrency: 16,
        intervalMs: 1000,
        leaseMs: 60_000,
        retry: { baseMs: 1000, maxMs: 300_000, maxAttempts: 10 },
      },
      reconcile: {
        mode: 'report',
        intervalMs: 86_400_000,
        ratePerSecond: 5,
        pageSize: 200,
        exclude: [],
        leaseMs: 120_000,
      },
      scimLimits: { maxPatchOperations: 1000, maxValuesPerAttribute: 1000, maxPatchValuesScanned: 10_000 },
      platformCheck: { retryBaseMs: 1000, retryMaxMs: 60_000 },
      rulesPollIntervalMs: 2000,
    });
  });

  it('reads the per-request caps and refuses ones that are not positive integers (issue #13)', () => {
    const config = loadConfig(
      { SCIM_MAX_PATCH_OPERATIONS: '50', SCIM_MAX_VALUES_PER_ATTRIBUTE: '20' },
      '/srv',
    );
    expect(config.scimLimits).toEqual({
      maxPatchOperations: 50,
      maxValuesPerAttribute: 20,
      maxPatchValuesScanned: 10_000,
    });
    expect(() => loadConfig({ SCIM_MAX_PATCH_OPERATIONS: '0' }, '/srv')).toThrow(
      /SCIM_MAX_PATCH_OPERATIONS must be a positive integer, got "0"/,
    );
  });

  it('reads every variable, splitting SCIM_TOKEN on commas for rotation', () => {
    const config = loadConfig(
      {
        PORT: '9000',
        HOST: '0.0.0.0',
        DATABASE_URL: 'postgres://scim@db:5432/connector',
        RULES_DIR: '/etc/connector/rules',
        LOG_LEVEL: 'DEBUG',
        SCIM_TOKEN: ` ${NEW_TOKEN} , ${OLD_TOKEN} ,`,
        ADMIN_TOKEN: ADMIN_TOKEN,
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
      scimTokens: [NEW_TOKEN, OLD_TOKEN],
      adminToken: ADMIN_TOKEN,
      publicUrl: 'https://scim.example.com/scim/v2',
      platform: {
        plugin: 'fluent',
        options: expect.objectContaining({
          url: 'https://acme.sandbox.api.fluentretail.com/',
          account: 'ACME',
          clientId: 'client',
          clientSecret: 'secret',
          username: 'api-user',
          password: 'api-password',
        }),
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
    expect(config.platform.simulator).toEqual({
      port: 0,
      seedFile: path.resolve('/srv/fixtures/seed.json'),
    });
    expect(config.platform.options).toMatchObject({ clientSecret: 's3cret' });
  });

  it('names variables with bad values', () => {
    expect(() => loadConfig({ SIMULATOR_PORT: '99999' })).toThrow(/SIMULATOR_PORT must be an integer/);
    expect(() => loadConfig({ SYNC_BATCH_SIZE: '0' })).toThrow(/SYNC_BATCH_SIZE must be a positive integer/);
    expect(() => loadConfig({ DATABASE_SCHEMA: 'a;drop' })).toThrow(/DATABASE_SCHEMA must be a plain/);
  });

  describe('platform options', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'platform-options-'));
    const optionsFile = (name: string, content: string) => {
      writeFileSync(path.join(dir, name), content);
      return name;
    };

    it('reads PLATFORM_OPTIONS_FILE, relative to the start directory, with FLUENT_* winning over it', () => {
      const file = optionsFile(
        'fluent.json',
        JSON.stringify({
          url: 'https://acme.api.fluentretail.com',
          account: 'ACME',
          clientId: 'from-file',
          defaults: { timezone: 'Australia/Sydney', language: 'en-AU' },
        }),
      );
      const config = loadConfig(
        { PLATFORM: 'fluent', PLATFORM_OPTIONS_FILE: file, FLUENT_CLIENT_ID: 'from-env' },
        dir,
      );
      expect(config.platform).toEqual({
        plugin: 'fluent',
        options: expect.objectContaining({
          url: 'https://acme.api.fluentretail.com',
          clientId: 'from-env',
          defaults: { timezone: 'Australia/Sydney', language: 'en-AU' },
        }),
      });
    });

    it('refuses a bad options file, naming the file and every bad option but no secret', () => {
      const file = optionsFile(
        'bad.json',
        JSON.stringify({
          url: 'not a url',
          clientSecret: 'hunter2-secret',
          defaults: { type: 'CUSTOMER', timezone: '' },
          colour: 'blue',
        }),
      );
      let message = '';
      try {
        loadConfig({ PLATFORM: 'fluent', PLATFORM_OPTIONS_FILE: file, FLUENT_PASSWORD: 'pa55word' }, dir);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        message = (error as Error).message;
      }
      expect(message).toContain(`PLATFORM_OPTIONS_FILE ${path.join(dir, 'bad.json')}`);
      expect(message).toContain('the environment (FLUENT_PASSWORD)');
      for (const option of ['"url"', '"defaults.type"', '"defaults.timezone"', '"colour"']) {
        expect(message).toContain(`option ${option}`);
      }
      expect(message).not.toMatch(/hunter2|pa55word|not a url/);
    });

    it('refuses an options file that is missing or not JSON, without quoting it', () => {
      const broken = optionsFile('broken.json', '{"clientSecret": "hunter2-secret" "url": 1}');
      expect(() => loadConfig({ PLATFORM_OPTIONS_FILE: broken }, dir)).toThrow(
        /PLATFORM_OPTIONS_FILE .*broken\.json is not valid JSON/,
      );
      expect(() => loadConfig({ PLATFORM_OPTIONS_FILE: broken }, dir)).not.toThrow(/hunter2/);
      expect(() => loadConfig({ PLATFORM_OPTIONS_FILE: 'absent.json' }, dir)).toThrow(
        /absent\.json cannot be read \(ENOENT\)/,
      );
      expect(() => loadConfig({ PLATFORM_OPTIONS_FILE: optionsFile('list.json', '[]') }, dir)).toThrow(
        /must hold a JSON object/,
      );
    });

    it('names the registered platforms when PLATFORM names none of them', () => {
      expect(() => loadConfig({ PLATFORM: 'sap' })).toThrow(
        'PLATFORM must be "simulator" or one of the platform plugins (fluent), got "sap".',
      );
    });
  });

  // Drift reconciliation (issue #11).
  describe('JOURNAL_PSEUDONYM_KEY_FILE', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'journal-key-'));
    const keyFile = (name: string, content: string) => {
      writeFileSync(path.join(dir, name), content, { mode: 0o600 });
      return name;
    };

    it('reads the key, relative to the start directory, as its bytes', () => {
      const key = 'k'.repeat(32);
      const config = loadConfig({ JOURNAL_PSEUDONYM_KEY_FILE: keyFile('good.key', key) }, dir);
      expect(Buffer.from(config.journalPseudonymKey ?? []).toString()).toBe(key);
      expect(loadConfig({}, dir).journalPseudonymKey).toBeUndefined();
    });

    it('refuses a missing file, a folder and a key under 32 bytes, without quoting the key', () => {
      expect(() => loadConfig({ JOURNAL_PSEUDONYM_KEY_FILE: 'missing.key' }, dir)).toThrow(
        /JOURNAL_PSEUDONYM_KEY_FILE .*missing\.key cannot be read \(ENOENT\)/,
      );
      expect(() => loadConfig({ JOURNAL_PSEUDONYM_KEY_FILE: '.' }, dir)).toThrow(/is not a file/);
      const short = keyFile('short.key', 'secret-thirty-one-bytes-long!!!');
      expect(() => loadConfig({ JOURNAL_PSEUDONYM_KEY_FILE: short }, dir)).toThrow(ConfigError);
      expect(() => loadConfig({ JOURNAL_PSEUDONYM_KEY_FILE: short }, dir)).toThrow(
        /holds 31 bytes; the key needs at least 32/,
      );
      expect(() => loadConfig({ JOURNAL_PSEUDONYM_KEY_FILE: short }, dir)).not.toThrow(/secret-thirty/);
    });
  });

  describe('reconciliation settings', () => {
    it('reads the mode, a duration interval, the rate, the page size and the exclusion patterns', () => {
      expect(
        loadConfig({
          RECONCILE_MODE: 'Enforce',
          RECONCILE_INTERVAL: '30m',
          RECONCILE_RATE: '0.5',
          RECONCILE_PAGE_SIZE: '50',
          RECONCILE_EXCLUDE: 'svc-*@example.com, api-user ,',
          RECONCILE_LEASE_MS: '5000',
        }).reconcile,
      ).toEqual({
        mode: 'enforce',
        intervalMs: 1_800_000,
        ratePerSecond: 0.5,
        pageSize: 50,
        exclude: ['svc-*@example.com', 'api-user'],
        leaseMs: 5000,
      });
      expect(loadConfig({ RECONCILE_INTERVAL: '0' }).reconcile.intervalMs).toBe(0);
      expect(loadConfig({ RECONCILE_INTERVAL: '1d' }).reconcile.intervalMs).toBe(86_400_000);
    });

    it('refuses values it cannot take, naming the variable', () => {
      expect(() => loadConfig({ RECONCILE_MODE: 'fix' })).toThrow(/RECONCILE_MODE must be report or enforce/);
      expect(() => loadConfig({ RECONCILE_INTERVAL: '24 hours' })).toThrow(
        /RECONCILE_INTERVAL must be a duration/,
      );
      expect(() => loadConfig({ RECONCILE_INTERVAL: '-1h' })).toThrow(ConfigError);
      expect(() => loadConfig({ RECONCILE_RATE: 'fast' })).toThrow(/RECONCILE_RATE must be a number/);
      expect(() => loadConfig({ RECONCILE_PAGE_SIZE: '5000' })).toThrow(/at most 1000/);
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

  describe('refuses to start misconfigured (issue #13)', () => {
    const strong = 'x'.repeat(MIN_TOKEN_LENGTH);

    it('requires PLATFORM explicitly when NODE_ENV=production; the simulator is the default only outside it', () => {
      expect(() => loadConfig({ NODE_ENV: 'production' }, '/srv')).toThrow(
        /^PLATFORM must be set when NODE_ENV=production: set PLATFORM=fluent/,
      );
      expect(
        loadConfig({ NODE_ENV: 'production', PLATFORM: 'simulator' }, '/srv').platform.simulator,
      ).toBeDefined();
      expect(loadConfig({ NODE_ENV: 'development' }, '/srv').platform.simulator).toBeDefined();
    });

    it('requires PUBLIC_URL when HOST is not loopback, so the Host header is never reflected', () => {
      for (const host of ['0.0.0.0', '::', '10.0.0.5', 'scim.internal']) {
        expect(() => loadConfig({ HOST: host }, '/srv'), host).toThrow(
          new RegExp(
            `^PUBLIC_URL must be set when HOST \\(${host.replace(/\./g, '\\.')}\\) is not a loopback address`,
          ),
        );
      }
      for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) {
        expect(loadConfig({ HOST: host }, '/srv').host, host).toBe(host);
      }
      expect(() => loadConfig({ PUBLIC_URL: 'scim.example.com/scim/v2' }, '/srv')).toThrow(
        /PUBLIC_URL must be an absolute http\(s\) URL/,
      );
      expect(() => loadConfig({ PUBLIC_URL: 'ftp://scim.example.com/' }, '/srv')).toThrow(
        /https:\/\/ or http:\/\//,
      );
    });

    it('reads METRICS_TOKEN and refuses one equal to an API token', () => {
      expect(loadConfig({ METRICS_TOKEN: ' scrape-me ' }, '/srv').metricsToken).toBe('scrape-me');
      expect(() => loadConfig({ METRICS_TOKEN: 'same', ADMIN_TOKEN: 'same' }, '/srv')).toThrow(
        /^METRICS_TOKEN must differ from ADMIN_TOKEN and every SCIM_TOKEN/,
      );
      expect(() => loadConfig({ METRICS_TOKEN: 'b', SCIM_TOKEN: 'a,b' }, '/srv')).toThrow(
        /METRICS_TOKEN must differ/,
      );
    });

    it('refuses short tokens on an exposed or production server, without printing them', () => {
      const exposed = { HOST: '0.0.0.0', PUBLIC_URL: 'https://scim.example.com/scim/v2' };
      const short = 'short-secret-token';
      let message = '';
      try {
        loadConfig(
          { ...exposed, SCIM_TOKEN: `${strong},${short}`, ADMIN_TOKEN: short.toUpperCase() },
          '/srv',
        );
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^SCIM_TOKEN and ADMIN_TOKEN must be at least 32 characters/);
      expect(message).not.toContain(short);
      expect(message).not.toContain(short.toUpperCase());
      expect(() =>
        loadConfig({ NODE_ENV: 'production', PLATFORM: 'simulator', ADMIN_TOKEN: short }, '/srv'),
      ).toThrow(/^ADMIN_TOKEN must be at least 32/);
      // On loopback outside production, short tokens stay allowed (local trials and tests).
      expect(loadConfig({ SCIM_TOKEN: short }, '/srv').scimTokens).toEqual([short]);
      expect(loadConfig({ ...exposed, SCIM_TOKEN: strong, ADMIN_TOKEN: `${strong}y` }, '/srv').host).toBe(
        '0.0.0.0',
      );
    });
  });
});
