/**
 * Secrets never reach the log or an answer. An end-to-end run — SCIM and admin traffic (including mistakes), the
 * sync worker pushing to a Fluent simulator through faults, token renewals and a refused user, and a second
 * server given wrong platform credentials — logs at `trace` into a captured stream. Then every log line, every
 * error body and every admin answer is searched for: the SCIM and admin tokens, the platform password and client
 * secret (right and wrong ones), the access and refresh tokens the platform issued, the database password, and
 * the passwords IdPs sent for users.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type SimulatorServer, startSimulatorServer } from '@scim-connector/fluent-simulator';
import { openStore, type Store } from '@scim-connector/store';
import { dropSchema, TEST_DATABASE_URL } from '@scim-connector/store/testing/postgres';
import type { DestinationStream } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { type RunningConnector, startConnector } from '../connector.ts';
import { createLogger } from '../logging.ts';
import { generateToken } from '../tokens.ts';
import { RULES_DIR, ServerClient } from './connector-harness.ts';
import { type RecordingProxy, startRecordingProxy } from './recording-proxy.ts';
import { inPool, membersPatch, PATCH_OP, roleGroupBody, userBody, waitFor } from './scim-load.ts';

const TIMEOUT_MS = 120_000;
const SCHEMA = `scim_secrets_${process.pid}`;
const DATABASE_PASSWORD = `db-${generateToken()}`;

/** Log lines land here, one string per line, at every level. */
class CapturedLog implements DestinationStream {
  readonly lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
}

interface Started {
  connector: RunningConnector;
  client: ServerClient;
  store: Store;
  dataDir: string;
}

describe('secrets in logs and answers, end to end', () => {
  const log = new CapturedLog();
  const answers: string[] = [];
  const scimToken = generateToken();
  const adminToken = generateToken();
  const userPasswords = Array.from({ length: 5 }, (_, i) => `P@ssw0rd-${i}-${generateToken()}`);
  const wrongPassword = `wrong-${generateToken()}`;
  const wrongSecret = `wrong-${generateToken()}`;
  let simulator: SimulatorServer;
  let proxy: RecordingProxy;
  const started: Started[] = [];

  /** A connector in this process, logging at trace into `log`, on PostgreSQL with a password in its URL. */
  async function start(fluent: Record<string, string>, schema: string): Promise<Started> {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'scim-secrets-'));
    // Trust authentication ignores the password, but the server still holds it in its configuration.
    const databaseUrl = TEST_DATABASE_URL.replace(
      'postgres://postgres@',
      `postgres://postgres:${DATABASE_PASSWORD}@`,
    );
    const config = loadConfig(
      {
        PORT: '0',
        DATA_DIR: dataDir,
        RULES_DIR,
        DATABASE_URL: databaseUrl,
        DATABASE_SCHEMA: schema,
        SCIM_TOKEN: scimToken,
        ADMIN_TOKEN: adminToken,
        LOG_LEVEL: 'trace',
        SYNC_INTERVAL_MS: '100',
        SYNC_RETRY_BASE_MS: '100',
        PLATFORM_CHECK_RETRY_BASE_MS: '100',
        SYNC_RETRY_MAX_MS: '500',
        SYNC_MAX_ATTEMPTS: '3',
        PLATFORM: 'fluent',
        FLUENT_URL: proxy.url,
        FLUENT_ACCOUNT: 'SIMULATOR',
        ...fluent,
      },
      dataDir,
    );
    const store = await openStore(databaseUrl, { schema });
    const connector = await startConnector(config, { logger: createLogger('trace', log), store });
    const entry = {
      connector,
      client: new ServerClient(connector.url, scimToken, adminToken),
      store,
      dataDir,
    };
    started.push(entry);
    return entry;
  }

  /** Every answer's text is kept for the scan; answers of 400 and above are the "error bodies". */
  async function scim(client: ServerClient, method: string, pathAndQuery: string, body?: unknown) {
    const reply = await client.scim(method, pathAndQuery, body);
    answers.push(reply.text);
    return reply;
  }
  async function admin(client: ServerClient, method: string, pathAndQuery: string, body?: unknown) {
    const reply = await client.admin(method, pathAndQuery, body);
    answers.push(reply.text);
    return reply;
  }

  beforeAll(async () => {
    await dropSchema(SCHEMA);
    await dropSchema(`${SCHEMA}_wrong`);
    simulator = await startSimulatorServer({ port: 0, accessTokenTtlSeconds: 1 });
    proxy = await startRecordingProxy(simulator.url);
  }, TIMEOUT_MS);

  afterAll(async () => {
    for (const entry of started) {
      await entry.connector.stop();
      await rm(entry.dataDir, { recursive: true, force: true });
    }
    await proxy?.close();
    await simulator?.close();
    await dropSchema(SCHEMA);
    await dropSchema(`${SCHEMA}_wrong`);
  }, TIMEOUT_MS);

  it(
    'runs SCIM, admin and sync traffic, faults included, and finds no secret in any log line or answer',
    async () => {
      const { credentials } = simulator;
      const { client } = await start(
        {
          FLUENT_CLIENT_ID: credentials.clientId,
          FLUENT_CLIENT_SECRET: credentials.clientSecret,
          FLUENT_USERNAME: credentials.username,
          FLUENT_PASSWORD: credentials.password,
        },
        SCHEMA,
      );

      // SCIM traffic as IdPs send it, passwords included, and its usual mistakes.
      const names = Array.from({ length: 30 }, (_, i) => `secret${i}@logs.example`);
      const ids = await inPool(names, 8, async (userName, i) => {
        const body = {
          ...userBody(userName, 'AGENT_134_STORE'),
          password: userPasswords[i % userPasswords.length],
        };
        return (await scim(client, 'POST', '/Users', body)).json.id as string;
      });
      await scim(client, 'PATCH', `/Users/${ids[0]}`, {
        schemas: [PATCH_OP],
        Operations: [
          { op: 'replace', path: 'password', value: userPasswords[0] },
          { op: 'replace', path: 'title', value: 'Lead' },
        ],
      });
      await scim(client, 'PUT', `/Users/${ids[1]}`, {
        ...userBody(names[1] ?? '', 'AGENT_134_STORE'),
        password: userPasswords[1],
      });
      await scim(client, 'POST', '/Users', {
        ...userBody(names[2] ?? '', 'AGENT_134_STORE'),
        password: userPasswords[2],
      });
      await scim(client, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${names[3]}"`)}`);
      await scim(client, 'GET', `/Users?filter=${encodeURIComponent('password eq "x"')}`);
      await scim(client, 'POST', '/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        password: userPasswords[3],
      });
      await scim(client, 'GET', '/Users/no-such-id');
      const group = await scim(client, 'POST', '/Groups', roleGroupBody('Store 135', 'AGENT_135_STORE'));
      await scim(
        client,
        'PATCH',
        `/Groups/${group.json.id as string}`,
        membersPatch('add', ids.slice(0, 10)),
      );
      for (const token of [adminToken, `${scimToken}x`, 'guess']) {
        const response = await fetch(`${client.url}/scim/v2/Users`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        answers.push(await response.text());
      }
      const adminWithScimToken = await fetch(`${client.url}/admin/sync`, {
        headers: { Authorization: `Bearer ${scimToken}` },
      });
      answers.push(await adminWithScimToken.text());

      // Platform trouble: throttling, outages, revoked and expiring tokens, a user the platform refuses.
      simulator.faults.set({
        rate429: 0.2,
        rate503: 0.2,
        retryAfterSeconds: 0,
        randomSeed: 7,
        failingUsernames: [names[29] ?? ''],
      });
      const grantsBeforeRevocation = proxy.grants.length;
      simulator.revokeTokens();
      await scim(client, 'PATCH', `/Users/${ids[5]}`, {
        schemas: [PATCH_OP],
        Operations: [{ op: 'replace', path: 'title', value: 'x' }],
      });
      await waitFor(
        async () => (await admin(client, 'GET', '/sync')).json.queue !== undefined,
        5000,
        () => 'admin',
      );
      // Wait for what the fault window is for, not for a fixed time: the worker met the faults, signed in again
      // after the revocation, and then renewed the new, expiring token (one-second tokens) with its refresh token.
      // The worker renews a token only when a push needs one, so once it has signed in, a change every 1.5 s (past
      // the token's second) gives it a push that does; without one, an empty queue would never renew.
      let lastNudge = 0;
      let nudges = 0;
      await waitFor(
        async () => {
          const since = proxy.grants.slice(grantsBeforeRevocation);
          const signedIn = since.findIndex((grant) => grant.type === 'password' && grant.granted);
          const { tooManyRequests, unavailable } = simulator.faults.counts;
          const renewed =
            signedIn >= 0 && since.slice(signedIn + 1).some((grant) => grant.type === 'refresh_token');
          if (tooManyRequests + unavailable > 0 && renewed) return true;
          if (signedIn >= 0 && !renewed && Date.now() - lastNudge > 1500) {
            lastNudge = Date.now();
            nudges++;
            await scim(client, 'PATCH', `/Users/${ids[6]}`, {
              schemas: [PATCH_OP],
              Operations: [{ op: 'replace', path: 'title', value: `nudge ${nudges}` }],
            });
          }
          return false;
        },
        30_000,
        () => `faults ${JSON.stringify(simulator.faults.counts)}, grants ${JSON.stringify(proxy.grants)}`,
      );
      simulator.faults.reset();
      await client.settled(60_000);

      // The admin API, including a user's platform view and the journal export.
      await admin(client, 'GET', '/sync');
      await admin(client, 'GET', `/users/${ids[0]}`);
      await admin(client, 'GET', '/users/no-such-id');
      await admin(client, 'GET', '/audit?limit=1000');
      await admin(client, 'GET', '/audit?limit=oops');
      await admin(client, 'GET', '/journal');
      await admin(client, 'POST', '/rules/reload');
      await admin(client, 'POST', '/sync/retry', {});

      // A second server with the wrong platform password and client secret: its failures are logged too.
      const wrong = await start(
        {
          FLUENT_CLIENT_ID: credentials.clientId,
          FLUENT_CLIENT_SECRET: wrongSecret,
          FLUENT_USERNAME: credentials.username,
          FLUENT_PASSWORD: wrongPassword,
        },
        `${SCHEMA}_wrong`,
      );
      await scim(wrong.client, 'POST', '/Users', {
        ...userBody('wrong@logs.example', 'AGENT_134_STORE'),
        password: userPasswords[4],
      });
      // The platform check at start signs in with them, fails, logs the platform's refusal and retries; the sync
      // worker waits meanwhile, and /readyz shows the refusal.
      await waitFor(
        async () => {
          const ready = await fetch(`${wrong.client.url}/readyz`);
          const text = await ready.text();
          answers.push(text);
          const platform = (JSON.parse(text) as { platform?: { attempts?: number } }).platform;
          return ready.status === 503 && (platform?.attempts ?? 0) >= 2;
        },
        30_000,
        () => 'the wrong credentials were never tried',
      );
      await admin(wrong.client, 'GET', '/sync');

      // The run did what it says: it logged requests and pushes, met the faults and was issued tokens.
      expect(log.lines.length).toBeGreaterThan(100);
      expect(log.lines.some((line) => line.includes('"msg":"request"'))).toBe(true);
      expect(proxy.issuedTokens.size).toBeGreaterThan(1);
      expect(simulator.faults.counts.tooManyRequests + simulator.faults.counts.unavailable).toBeGreaterThan(
        0,
      );
      expect(log.lines.some((line) => line.includes('invalid_client'))).toBe(true);

      const secrets: Record<string, string> = {
        'SCIM token': scimToken,
        'admin token': adminToken,
        FLUENT_PASSWORD: credentials.password,
        FLUENT_CLIENT_SECRET: credentials.clientSecret,
        'wrong FLUENT_PASSWORD': wrongPassword,
        'wrong FLUENT_CLIENT_SECRET': wrongSecret,
        'database password': DATABASE_PASSWORD,
      };
      [...proxy.issuedTokens].forEach((token, i) => {
        secrets[`platform token ${i}`] = token;
      });
      userPasswords.forEach((password, i) => {
        secrets[`user password ${i}`] = password;
      });
      const findings: string[] = [];
      for (const [name, secret] of Object.entries(secrets)) {
        for (const form of new Set([
          secret,
          encodeURIComponent(secret),
          JSON.stringify(secret).slice(1, -1),
        ])) {
          const inLog = log.lines.find((line) => line.includes(form));
          if (inLog) findings.push(`${name} in the log: ${inLog.slice(0, 300)}`);
          const inAnswer = answers.find((text) => text.includes(form));
          if (inAnswer) findings.push(`${name} in an answer: ${inAnswer.slice(0, 300)}`);
        }
      }
      expect(findings).toEqual([]);
    },
    TIMEOUT_MS,
  );
});
