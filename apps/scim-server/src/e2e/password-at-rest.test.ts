/**
 * No IdP password at rest (issue #13). A connector on a real SQLite file, logging at trace into a captured stream,
 * receives passwords in every shape IdPs send them: a plain and a URN-qualified key in POST and PUT bodies, PATCH
 * operations with `Op`/`Path`/`Value` in any case, path-less replaces with a URN-qualified `password`, and a PATCH
 * body sent as JSON text. The users are provisioned to the platform. Then the database file, its WAL and SHM files
 * (while running and after a clean stop), the log, every answer and the journal export are searched for each
 * planted password: none may appear.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type SimulatorServer, startSimulatorServer } from '@scim-connector/fluent-simulator';
import type { DestinationStream } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { type RunningConnector, startConnector } from '../connector.ts';
import { createLogger } from '../logging.ts';
import { generateToken } from '../tokens.ts';
import { accountOf, platformEnv, RULES_DIR, ServerClient } from './connector-harness.ts';
import { CORE_USER, PATCH_OP, waitFor } from './scim-load.ts';

const PASSWORD_URN = 'urn:ietf:params:scim:schemas:core:2.0:User:password';

class CapturedLog implements DestinationStream {
  readonly lines: string[] = [];
  write(line: string): void {
    this.lines.push(line);
  }
}

describe('IdP passwords never at rest (SQLite)', () => {
  const log = new CapturedLog();
  const answers: string[] = [];
  const planted = Array.from({ length: 8 }, (_, i) => `Planted-${i}-${generateToken()}`);
  let simulator: SimulatorServer;
  let connector: RunningConnector;
  let client: ServerClient;
  let dataDir: string;

  beforeAll(async () => {
    simulator = await startSimulatorServer({ port: 0 });
    dataDir = await mkdtemp(path.join(tmpdir(), 'scim-password-'));
    const scimToken = generateToken();
    const adminToken = generateToken();
    const config = loadConfig(
      {
        PORT: '0',
        DATA_DIR: dataDir,
        DATABASE_URL: `sqlite:${path.join(dataDir, 'connector.db')}`,
        RULES_DIR,
        SCIM_TOKEN: scimToken,
        ADMIN_TOKEN: adminToken,
        LOG_LEVEL: 'trace',
        SYNC_INTERVAL_MS: '100',
        ...platformEnv(simulator),
      },
      dataDir,
    );
    connector = await startConnector(config, { logger: createLogger('trace', log) });
    client = new ServerClient(connector.url, scimToken, adminToken);
  });

  afterAll(async () => {
    await connector?.stop().catch(() => undefined);
    await simulator?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function send(method: string, pathAndQuery: string, body: unknown) {
    const reply = await client.scim(method, pathAndQuery, body);
    answers.push(reply.text);
    return reply;
  }

  const user = (userName: string, extra: Record<string, unknown>) => ({
    schemas: [CORE_USER],
    userName,
    active: true,
    emails: [{ value: userName, primary: true }],
    roles: [{ value: 'AGENT_134_STORE_ASSISTANT' }],
    ...extra,
  });

  /** Every file in the data folder (database, WAL, SHM, tokens), as one string. */
  async function dataFiles(): Promise<string> {
    const names = await readdir(dataDir);
    const contents = await Promise.all(names.map((name) => readFile(path.join(dataDir, name))));
    return contents.map((content) => content.toString('latin1')).join('\n');
  }

  function expectNoPassword(text: string, where: string) {
    for (const password of planted) expect(text.includes(password), `${where} holds ${password}`).toBe(false);
  }

  it('stores, logs, answers and journals none of the passwords IdPs send', async () => {
    const [p0, p1, p2, p3, p4, p5, p6, p7] = planted as [string, ...string[]];
    const a = await send('POST', '/Users', user('a@example.com', { password: p0 }));
    const b = await send('POST', '/Users', user('b@example.com', { [PASSWORD_URN]: p1 }));
    const c = await send('POST', '/Users', user('c@example.com', { [CORE_USER]: { password: p2 } }));
    for (const reply of [a, b, c]) expect(reply.status, reply.text).toBe(201);
    const id = a.json.id as string;
    const patches = [
      { Op: 'Replace', Path: 'password', Value: p3 },
      { OP: 'ADD', PATH: ` ${PASSWORD_URN.toUpperCase()} `, VALUE: p4 },
      { op: 'replace', value: { [PASSWORD_URN]: p5, title: 'Clerk' } },
    ];
    for (const operation of patches) {
      const reply = await send('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: [operation] });
      expect(reply.status, reply.text).toBe(200);
    }
    // The body as a JSON string holding the PATCH document (the normaliser accepts that shape).
    const asText = await send(
      'PATCH',
      `/Users/${id}`,
      JSON.stringify({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'password', value: p6 }] }),
    );
    expect([200, 400]).toContain(asText.status);
    const put = await send('PUT', `/Users/${b.json.id as string}`, user('b@example.com', { password: p7 }));
    expect(put.status, put.text).toBe(200);

    await waitFor(
      () => ['a', 'b', 'c'].every((name) => accountOf(simulator, `${name}@example.com`)?.status === 'ACTIVE'),
      30_000,
      () => log.lines.slice(-5).join(''),
    );
    const journal = await client.admin('GET', '/journal');
    expect(journal.status).toBe(200);
    expect(journal.text).toContain('"title":"Clerk"');
    expectNoPassword(journal.text, 'the journal export');
    expectNoPassword(answers.join('\n'), 'an answer');
    expectNoPassword(await dataFiles(), 'a data file while running');

    await connector.stop();
    expectNoPassword(log.lines.join(''), 'the log');
    expectNoPassword(await dataFiles(), 'a data file after stopping');
    expect(log.lines.length).toBeGreaterThan(10);
  }, 60_000);
});
