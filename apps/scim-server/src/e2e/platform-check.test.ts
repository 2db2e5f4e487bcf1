/**
 * The platform check at start, end to end over HTTP: a server given a wrong Fluent client secret (PLATFORM=fluent,
 * pointed at a simulator) starts, answers `/readyz` 503 with the platform's refusal (no secret in it), accepts and
 * queues SCIM writes but pushes nothing and parks nobody; once the platform accepts the secret (an admin set it on
 * the platform's side), the retried check passes, `/readyz` says ready and the queued user reaches the platform.
 */
import { type SimulatorServer, startSimulatorServer } from '@scim-connector/fluent-simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken } from '../tokens.ts';
import { accountOf, startTestConnector, type TestConnector } from './connector-harness.ts';
import { testDatabases } from './databases.ts';
import { userBody, waitFor } from './scim-load.ts';

const TIMEOUT_MS = 60_000;
const [sqlite] = testDatabases('platform_check');

describe('platform check at start, with a wrong client secret', () => {
  const wrongSecret = `wrong-${generateToken()}`;
  let simulator: SimulatorServer;
  let rightSecret: string;
  let started: TestConnector;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    simulator = await startSimulatorServer({ port: 0 });
    rightSecret = simulator.credentials.clientSecret;
    const database = await (sqlite ?? fail()).open();
    dispose = database.dispose;
    started = await startTestConnector(database.store, {
      simulator,
      env: {
        FLUENT_CLIENT_SECRET: wrongSecret,
        PLATFORM_CHECK_RETRY_BASE_MS: '50',
        PLATFORM_CHECK_RETRY_MAX_MS: '200',
      },
    });
  }, TIMEOUT_MS);

  afterAll(async () => {
    await started?.stop();
    await simulator?.close();
    await dispose?.();
  });

  it(
    'is not ready and pushes nothing while the platform refuses, then serves once the platform accepts',
    async () => {
      const { client } = started;
      const notReady = await fetch(`${client.url}/readyz`);
      expect(notReady.status).toBe(503);
      const body = (await notReady.json()) as Record<string, unknown>;
      expect(body).toMatchObject({
        status: 'unavailable',
        database: 'reachable',
        platform: { state: 'failing', reason: expect.stringMatching(/client/i) },
        rules: { loaded: true, version: 0 },
      });
      expect(body.reasons).toEqual([expect.stringMatching(/^the platform check fails: /)]);
      for (const secret of [wrongSecret, rightSecret]) expect(JSON.stringify(body)).not.toContain(secret);

      // The IdP is answered as usual; the user waits in the queue, not parked.
      await client.write('POST', '/Users', userBody('waits@check.example', 'AGENT_134_STORE'));
      const queued = await client.admin('GET', '/sync');
      expect(queued.json.queue).toMatchObject({ depth: 1, parked: 0 });
      expect(accountOf(simulator, 'waits@check.example')).toBeUndefined();
      const metricsBefore = await fetch(`${client.url}/metrics`).then((reply) => reply.text());
      expect(metricsBefore).toMatch(/^scim_platform_check_passed 0$/m);

      // An admin sets the platform's client secret to the one the connector holds.
      simulator.credentials.clientSecret = wrongSecret;
      await waitFor(
        async () => (await fetch(`${client.url}/readyz`)).status === 200,
        TIMEOUT_MS / 2,
        async () => JSON.stringify(await fetch(`${client.url}/readyz`).then((reply) => reply.json())),
      );
      const ready = (await fetch(`${client.url}/readyz`).then((reply) => reply.json())) as Record<
        string,
        unknown
      >;
      expect(ready).toMatchObject({ status: 'ready', platform: { state: 'authenticated' } });
      expect(await client.settled()).toMatchObject({ depth: 0, parked: 0 });
      expect(accountOf(simulator, 'waits@check.example')).toEqual({
        status: 'ACTIVE',
        roles: ['AGENT_134_STORE'],
      });
      const metricsAfter = await fetch(`${client.url}/metrics`).then((reply) => reply.text());
      expect(metricsAfter).toMatch(/^scim_platform_check_passed 1$/m);
    },
    TIMEOUT_MS,
  );
});

function fail(): never {
  throw new Error('the SQLite test database is missing');
}
