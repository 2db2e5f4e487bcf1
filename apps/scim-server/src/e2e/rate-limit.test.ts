/**
 * The per-token rate limit in the real app (SCIM_RATE_LIMIT): a token over its budget gets 429 with a SCIM error
 * and Retry-After, another token is unaffected, the admin API is not limited, and the refusals are counted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '@scim-connector/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logging.ts';
import { listen, type RunningServer } from '../server.ts';
import { appStore } from '../store-adapter.ts';
import { generateToken } from '../tokens.ts';

describe('rate limiting per token', () => {
  let dir: string;
  let store: Store;
  const started: RunningServer[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'scim-rate-limit-'));
    store = await openStore(`sqlite:${path.join(dir, 'connector.db')}`);
  });
  afterAll(async () => {
    await Promise.all(started.map((running) => running.stop()));
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /**
   * An app of its own for each test, with fresh tokens (so fresh budgets) and its own metrics: no test depends on
   * the requests another one made.
   */
  async function startLimited() {
    const [limited, other, adminToken] = [generateToken(), generateToken(), generateToken()];
    // Three requests at once, then one every 20 seconds: the test never waits for a refill.
    const config = loadConfig({ SCIM_RATE_LIMIT: '0.05', SCIM_RATE_LIMIT_BURST: '3' }, dir);
    const { app } = createApp({
      config,
      tokens: { scimTokens: [limited, other], adminToken },
      store: appStore(store),
      logger: createLogger('silent'),
    });
    const running = await listen(app, 0, '127.0.0.1');
    started.push(running);
    const get = (pathAndQuery: string, token: string) =>
      fetch(`${running.url}${pathAndQuery}`, { headers: { Authorization: `Bearer ${token}` } });
    return { running, limited, other, adminToken, get };
  }

  it('answers 429 with a SCIM error and Retry-After once a token has spent its burst', async () => {
    const { limited, get } = await startLimited();
    for (let i = 0; i < 3; i++) expect((await get('/scim/v2/Users', limited)).status).toBe(200);
    const refused = await get('/scim/v2/Users', limited);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(refused.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
    expect(await refused.json()).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '429',
      detail: expect.stringMatching(/Too many requests for this token.*SCIM_RATE_LIMIT/),
    });
  });

  it('keeps other tokens and the admin API out of a spent budget', async () => {
    const { limited, other, adminToken, get } = await startLimited();
    for (let i = 0; i < 3; i++) expect((await get('/scim/v2/Users', limited)).status).toBe(200);
    expect((await get('/scim/v2/Users', limited)).status).toBe(429);
    for (let i = 0; i < 3; i++) expect((await get('/scim/v2/Users', other)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await get('/admin/journal', adminToken)).status).toBe(200);
  });

  it("lets requests with a bad token spend nobody's budget", async () => {
    const { limited, other, get } = await startLimited();
    // Authentication comes first: each wrong token is a 401, and every valid token keeps its whole burst.
    for (let i = 0; i < 5; i++) expect((await get('/scim/v2/Users', 'not-a-token')).status).toBe(401);
    for (const token of [limited, other]) {
      for (let i = 0; i < 3; i++) expect((await get('/scim/v2/Users', token)).status).toBe(200);
      expect((await get('/scim/v2/Users', token)).status).toBe(429);
    }
  });

  it('counts the refusals in scim_rate_limited_total', async () => {
    const { running, limited, get } = await startLimited();
    for (let i = 0; i < 3; i++) expect((await get('/scim/v2/Users', limited)).status).toBe(200);
    for (let i = 0; i < 2; i++) expect((await get('/scim/v2/Users', limited)).status).toBe(429);
    const metrics = await fetch(`${running.url}/metrics`).then((response) => response.text());
    expect(metrics).toMatch(/^scim_rate_limited_total 2$/m);
    expect(metrics).toMatch(
      /^scim_http_requests_total\{method="GET",route="\/scim\/v2\/Users",status="429"\} 2$/m,
    );
  });
});
