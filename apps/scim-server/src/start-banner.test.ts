import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeDatabase,
  SIMULATOR_WARNING,
  type StartFacts,
  startBanner,
  tokenExpression,
  tryItCommands,
} from './start-banner.ts';

const README = path.join(import.meta.dirname, '../../../README.md');

const facts = (overrides: Partial<StartFacts> = {}): StartFacts => ({
  baseUrl: 'http://127.0.0.1:8080',
  scimToken: { kind: 'generated', value: 'scim-secret-value' },
  adminToken: { kind: 'generated', value: 'admin-secret-value' },
  tokenFile: '/srv/connector/data/tokens.json',
  dataDir: '/srv/connector/data',
  database: 'SQLite /srv/connector/data/connector.db',
  rulesDir: '/srv/connector/rules',
  platform: { kind: 'simulator', url: 'http://127.0.0.1:8081' },
  ...overrides,
});

/** What POSIX sh makes of a token expression inside double quotes, as in the printed commands. */
function shellValue(expression: string, env: Record<string, string> = {}): string {
  return execFileSync('sh', ['-c', `printf %s "${expression}"`], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
}

describe('the start banner', () => {
  it('on the first start shows the new tokens in clear, in the commands too, and says it does so once', () => {
    const banner = startBanner(facts());
    expect(banner).toContain('SCIM token    scim-secret-value');
    expect(banner).toContain('Authorization: Bearer scim-secret-value');
    expect(banner).toContain('Authorization: Bearer admin-secret-value');
    expect(banner).toContain(
      'kept in /srv/connector/data/tokens.json (mode 0600); they are shown in clear this once',
    );
  });

  it('on later starts shows no token, and its commands read them from the token file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'banner-'));
    const tokenFile = path.join(dir, 'tokens.json');
    writeFileSync(tokenFile, JSON.stringify({ scimToken: 'kept-scim', adminToken: 'kept-admin' }));
    const scimToken = { kind: 'stored', file: tokenFile, field: 'scimToken' } as const;
    const adminToken = { kind: 'stored', file: tokenFile, field: 'adminToken' } as const;
    const banner = startBanner(facts({ scimToken, adminToken, tokenFile }));
    expect(banner).not.toContain('kept-scim');
    expect(banner).not.toContain('kept-admin');
    expect(banner).not.toContain('shown in clear');
    expect(shellValue(tokenExpression(scimToken))).toBe('kept-scim');
    expect(shellValue(tokenExpression(adminToken))).toBe('kept-admin');
  });

  it('refers to tokens set in the environment by their variables, the current one of a SCIM_TOKEN list first', () => {
    const scimToken = { kind: 'environment', variable: 'SCIM_TOKEN' } as const;
    const adminToken = { kind: 'environment', variable: 'ADMIN_TOKEN' } as const;
    const banner = startBanner(facts({ scimToken, adminToken }));
    expect(banner).toContain('SCIM token    from SCIM_TOKEN');
    expect(shellValue(tokenExpression(scimToken), { SCIM_TOKEN: 'new-one,old-one' })).toBe('new-one');
    expect(shellValue(tokenExpression(adminToken), { ADMIN_TOKEN: 'the-admin' })).toBe('the-admin');
  });

  it('starts with the listener lines scripts read, names the platform, and points at the IdP guides', () => {
    const lines = startBanner(facts()).split('\n');
    expect(lines[0]).toBe(
      'SCIM server listening on http://127.0.0.1:8080/scim/v2 (admin API: http://127.0.0.1:8080/admin)',
    );
    expect(lines[1]).toBe(
      'Fluent simulator listening on http://127.0.0.1:8081 (POST /oauth/token, POST /graphql)',
    );
    expect(lines[2]).toBe(
      'Compliance console on http://127.0.0.1:8080/console (sign in with the admin token)',
    );
    expect(lines.join('\n')).toMatch(/Platform {6}the built-in Fluent simulator/);
    expect(lines.join('\n')).toContain('docs/entra-id.md');
    expect(lines.join('\n')).toContain('docs/okta.md');
    expect(lines).toContain(SIMULATOR_WARNING);
    expect(SIMULATOR_WARNING).toMatch(/nothing reaches a real platform/);
    const real = startBanner(facts({ platform: { kind: 'plugin', name: 'fluent' } }));
    expect(real).not.toContain('simulator');
    expect(real).not.toContain('SIMULATOR MODE');
    expect(real).toContain('Platform      the fluent platform plugin');
  });

  it('reports the connector’s memory and the simulator’s separately, and the metrics that keep doing so', () => {
    const both = startBanner(facts({ memory: { connectorBytes: 84_400_000, simulatorBytes: 61_600_000 } }));
    expect(both).toContain(
      'Memory        connector 84 MB resident, simulator 62 MB in its own process (/metrics: process_resident_memory_bytes, scim_simulator_resident_memory_bytes)',
    );
    const alone = startBanner(
      facts({ platform: { kind: 'plugin', name: 'fluent' }, memory: { connectorBytes: 90_000_000 } }),
    );
    expect(alone).toContain(
      'Memory        connector 90 MB resident (/metrics: process_resident_memory_bytes)',
    );
    expect(startBanner(facts())).not.toContain('Memory');
  });

  it('says when the platform check at start failed, with the platform reason, and says nothing when it passed', () => {
    const failing = startBanner(
      facts({
        platform: { kind: 'plugin', name: 'fluent' },
        platformProblem: 'token request refused: 401 invalid_client',
      }),
    );
    expect(failing).toContain('PLATFORM CHECK FAILED: token request refused: 401 invalid_client');
    expect(failing).toMatch(/Nothing is pushed until .* retries by itself/s);
    expect(startBanner(facts({ platform: { kind: 'plugin', name: 'fluent' } }))).not.toContain(
      'PLATFORM CHECK',
    );
  });

  it('names the database without its credentials', () => {
    expect(describeDatabase('sqlite:/srv/data/connector.db')).toBe('SQLite /srv/data/connector.db');
    expect(describeDatabase('postgres://connector:hunter2@db.internal:5432/scim')).toBe(
      'PostgreSQL db.internal:5432/scim',
    );
  });

  it('is what the README’s quick start shows, with placeholders for the tokens', () => {
    const readme = readFileSync(README, 'utf8');
    for (const command of tryItCommands('http://127.0.0.1:8080', '<scim-token>', '<admin-token>')) {
      expect(readme).toContain(command);
    }
  });
});
