import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connectPlatform, type PlatformConnection } from './platform-connection.ts';

const sync = {
  batchSize: 10,
  concurrency: 4,
  intervalMs: 1000,
  leaseMs: 60_000,
  retry: { baseMs: 1, maxMs: 1, maxAttempts: 1 },
};

describe('connectPlatform in simulator mode', () => {
  let connection: PlatformConnection | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await connection?.close();
    connection = undefined;
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('starts the simulator from SIMULATOR_SEED with the FLUENT_* credentials and reaches it through the plugin', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-'));
    const seedFile = path.join(dir, 'seed.json');
    await writeFile(
      seedFile,
      JSON.stringify({
        roles: ['PICKER'],
        users: [{ username: 'existing@example.com', roles: ['AGENT_134_PICKER'] }],
      }),
    );
    connection = await connectPlatform({
      platform: {
        plugin: 'fluent',
        simulator: { port: 0, seedFile },
        options: { clientId: 'my-client', password: 'my-password' },
      },
      host: '127.0.0.1',
      sync,
    });
    expect(connection.simulator?.credentials).toMatchObject({
      clientId: 'my-client',
      password: 'my-password',
    });
    expect(await connection.parts.client.listRoles()).toEqual(['PICKER']);
    expect(await connection.parts.client.findUserByUsername('existing@example.com')).toMatchObject({
      status: 'ACTIVE',
      roles: [{ contextType: 'AGENT', contextId: '134', role: 'PICKER' }],
    });
  });

  it('names the fixture file and the problem when the seed is broken', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'seed-'));
    const seedFile = path.join(dir, 'seed.json');
    await writeFile(seedFile, '{"roles": "not-a-list"}');
    const failure = await connectPlatform({
      platform: { plugin: 'fluent', simulator: { port: 0, seedFile }, options: {} },
      host: '127.0.0.1',
      sync,
    }).catch((error: unknown) => error);
    expect(String(failure)).toContain('seed.json');
  });
});

describe('connectPlatform to a platform', () => {
  it('refuses to start without the connection options, naming each one and its variable', async () => {
    const failure = await connectPlatform({
      platform: { plugin: 'fluent', options: { url: 'https://acme.api.fluentretail.com', account: 'ACME' } },
      host: '127.0.0.1',
      sync,
    }).catch((error: unknown) => error);
    expect(String(failure)).toContain(
      'needs the options "clientId" (FLUENT_CLIENT_ID), "clientSecret" (FLUENT_CLIENT_SECRET), ' +
        '"username" (FLUENT_USERNAME), "password" (FLUENT_PASSWORD)',
    );
  });
});
