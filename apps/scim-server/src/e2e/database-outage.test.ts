/**
 * PostgreSQL stopped under load and started again, on a private cluster of this test's own (the machine's shared
 * server is never touched): while it is away, SCIM requests are answered 503 with Retry-After and a SCIM error,
 * /readyz says 503, and nothing crashes; once it is back, the server serves again by itself, every create that was
 * answered 201 is in the directory, and the sync worker pushes them all to the platform.
 */
import { openStore, type Store } from '@scim-connector/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateToken } from '../tokens.ts';
import { accountOf, ServerClient, startTestConnector, type TestConnector } from './connector-harness.ts';
import { type PrivatePostgres, startPrivatePostgres } from './private-postgres.ts';
import { userBody, waitFor } from './scim-load.ts';

const TIMEOUT_MS = 90_000;

interface Answer {
  userName: string;
  status: number;
  retryAfter: string | null;
  body: Record<string, unknown>;
  phase: 'before' | 'away' | 'back';
}

describe('PostgreSQL away under load', () => {
  let postgres: PrivatePostgres;
  let store: Store;
  let running: TestConnector;
  let client: ServerClient;
  const scimToken = generateToken();
  const adminToken = generateToken();

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    store = await openStore(postgres.url);
    running = await startTestConnector(store, {
      // Users the worker had claimed when the database went away keep their lease until it runs out (the worker
      // cannot record anything meanwhile), so a short lease keeps the test short.
      env: { SCIM_TOKEN: scimToken, ADMIN_TOKEN: adminToken, SYNC_LEASE_MS: '3000' },
    });
    client = new ServerClient(running.connector.url, scimToken, adminToken);
  }, TIMEOUT_MS);

  afterAll(async () => {
    await running?.stop();
    await store?.close();
    await postgres?.destroy();
  }, TIMEOUT_MS);

  it(
    'answers 503 with Retry-After while the database is away and recovers by itself',
    async () => {
      let phase: Answer['phase'] = 'before';
      let stopLoad = false;
      const answers: Answer[] = [];
      let sequence = 0;
      const post = async (userName: string): Promise<Answer> => {
        const response = await fetch(`${client.url}/scim/v2/Users`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${scimToken}`, 'Content-Type': 'application/scim+json' },
          body: JSON.stringify(userBody(userName, 'AGENT_134_STORE')),
        });
        const text = await response.text();
        return {
          userName,
          status: response.status,
          retryAfter: response.headers.get('retry-after'),
          body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
          phase,
        };
      };
      const lanes = Array.from({ length: 8 }, async () => {
        while (!stopLoad) {
          // Each answer is tagged with the phase it arrived in.
          const answer = await post(`db${sequence++}@outage.example`);
          answers.push(answer);
          if (answer.status === 503) await new Promise((resolve) => setTimeout(resolve, 20));
        }
      });

      try {
        await waitFor(
          () => answers.filter((a) => a.status === 201).length >= 50,
          30_000,
          () => 'no creates before',
        );
        await postgres.stop('fast');
        phase = 'away';
        await waitFor(
          () => answers.filter((a) => a.phase === 'away' && a.status === 503).length >= 20,
          30_000,
          () => `statuses while away: ${countStatuses(answers.filter((a) => a.phase === 'away'))}`,
        );
        const readyAway = await fetch(`${client.url}/readyz`);
        expect(readyAway.status).toBe(503);
        expect(readyAway.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
        for (const path of ['/sync', '/journal', '/audit', '/users', '/reports/access.csv']) {
          const adminAway = await client.admin('GET', path);
          expect(adminAway.status, path).toBe(503);
          expect(adminAway.json, path).toMatchObject({
            status: '503',
            detail: expect.stringMatching(/database/),
          });
        }

        await postgres.start();
        phase = 'back';
        await waitFor(
          () => answers.filter((a) => a.phase === 'back' && a.status === 201).length >= 50,
          30_000,
          () => `statuses after the restart: ${countStatuses(answers.filter((a) => a.phase === 'back'))}`,
        );
      } finally {
        stopLoad = true;
        await Promise.allSettled(lanes);
      }

      // Nothing but 201 and 503; every 503 a SCIM error with Retry-After, never a stack trace or a 500.
      expect([...new Set(answers.map((a) => a.status))].sort()).toEqual([201, 503]);
      for (const answer of answers.filter((a) => a.status === 503)) {
        expect(answer.retryAfter).toMatch(/^[1-9]\d*$/);
        expect(answer.body).toMatchObject({
          schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
          status: '503',
          detail: expect.stringMatching(/database/),
        });
        expect(JSON.stringify(answer.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|\bat /);
      }
      expect((await fetch(`${client.url}/readyz`)).status).toBe(200);

      // Every acknowledged create survived, and the worker, which met the outage too, pushes them all.
      const created = answers.filter((a) => a.status === 201).map((a) => a.userName);
      for (const userName of created) {
        const found = await client.scim(
          'GET',
          `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
        );
        expect(found.json.totalResults, userName).toBe(1);
      }
      await client.settled(60_000);
      const missing = created.filter(
        (userName) => accountOf(running.simulator, userName)?.status !== 'ACTIVE',
      );
      expect(missing).toEqual([]);
    },
    TIMEOUT_MS,
  );
});

/** `{"201": 40, "503": 12}`: readable in a failure message however long the load ran. */
function countStatuses(answers: readonly Answer[]): string {
  const counts: Record<string, number> = {};
  for (const answer of answers) counts[answer.status] = (counts[answer.status] ?? 0) + 1;
  return JSON.stringify(counts);
}
