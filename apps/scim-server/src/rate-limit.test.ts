import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';
import { DEFAULT_RATE_LIMIT, rateLimitPerToken, TokenBucket } from './rate-limit.ts';
import { listen, type RunningServer } from './server.ts';

describe('TokenBucket', () => {
  it('allows a burst, then one request per refill interval, and says how long to wait', () => {
    let now = 0;
    const bucket = new TokenBucket({ requestsPerSecond: 2, burst: 3 }, () => now);
    expect([bucket.take(), bucket.take(), bucket.take()].every((r) => r.ok)).toBe(true);
    expect(bucket.take()).toEqual({ ok: false, retryAfterMs: 500 });
    now = 250;
    expect(bucket.take()).toEqual({ ok: false, retryAfterMs: 250 });
    now = 500;
    expect(bucket.take()).toEqual({ ok: true });
    expect(bucket.take().ok).toBe(false);
  });

  it('refills up to the burst and no further', () => {
    let now = 0;
    const bucket = new TokenBucket({ requestsPerSecond: 10, burst: 2 }, () => now);
    bucket.take();
    bucket.take();
    now = 60_000;
    expect([bucket.take(), bucket.take(), bucket.take()].map((r) => r.ok)).toEqual([true, true, false]);
  });
});

/** The limit as loadConfig reads it from the environment. */
const rateLimitFromEnv = (env: Record<string, string>) => loadConfig(env, '/srv').rateLimit;

describe('SCIM_RATE_LIMIT and SCIM_RATE_LIMIT_BURST', () => {
  it('is on by default at DEFAULT_RATE_LIMIT, and off only with SCIM_RATE_LIMIT=0', () => {
    expect(DEFAULT_RATE_LIMIT).toEqual({ requestsPerSecond: 100, burst: 300 });
    expect(rateLimitFromEnv({})).toEqual(DEFAULT_RATE_LIMIT);
    expect(rateLimitFromEnv({ SCIM_RATE_LIMIT: ' ' })).toEqual(DEFAULT_RATE_LIMIT);
    expect(rateLimitFromEnv({ SCIM_RATE_LIMIT: '0' })).toBeUndefined();
    expect(rateLimitFromEnv({ SCIM_RATE_LIMIT_BURST: '1000' })).toEqual({
      requestsPerSecond: 100,
      burst: 1000,
    });
  });

  it('reads the rate and the burst, the burst defaulting to two seconds worth', () => {
    expect(rateLimitFromEnv({ SCIM_RATE_LIMIT: '25' })).toEqual({ requestsPerSecond: 25, burst: 50 });
    expect(rateLimitFromEnv({ SCIM_RATE_LIMIT: '0.2' })).toEqual({ requestsPerSecond: 0.2, burst: 1 });
    expect(rateLimitFromEnv({ SCIM_RATE_LIMIT: '10', SCIM_RATE_LIMIT_BURST: '100' })).toEqual({
      requestsPerSecond: 10,
      burst: 100,
    });
  });

  it('names the variable and the accepted form on bad values', () => {
    expect(() => rateLimitFromEnv({ SCIM_RATE_LIMIT: 'fast' })).toThrow(ConfigError);
    expect(() => rateLimitFromEnv({ SCIM_RATE_LIMIT: '-1' })).toThrow(/SCIM_RATE_LIMIT must be a number/);
    expect(() => rateLimitFromEnv({ SCIM_RATE_LIMIT: '5', SCIM_RATE_LIMIT_BURST: '2.5' })).toThrow(
      /SCIM_RATE_LIMIT_BURST must be a whole number/,
    );
    expect(() => rateLimitFromEnv({ SCIM_RATE_LIMIT: '0', SCIM_RATE_LIMIT_BURST: '5' })).toThrow(
      /SCIM_RATE_LIMIT_BURST has no effect with SCIM_RATE_LIMIT=0/,
    );
  });
});

describe('rateLimitPerToken over HTTP', () => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.stop();
  });

  it('answers 429 with a SCIM error and Retry-After, per token, without touching other tokens', async () => {
    let now = 1_000_000;
    let limited = 0;
    const app = express();
    app.use(
      rateLimitPerToken({ requestsPerSecond: 0.5, burst: 2 }, { now: () => now, onLimited: () => limited++ }),
    );
    app.get('/x', (_req, res) => {
      res.json({ ok: true });
    });
    running = await listen(app, 0, '127.0.0.1');
    const call = (token: string) =>
      fetch(`${running?.url}/x`, { headers: { Authorization: `Bearer ${token}` } });

    expect((await call('token-a')).status).toBe(200);
    expect((await call('token-a')).status).toBe(200);
    const refused = await call('token-a');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(refused.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
    const body = (await refused.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '429',
      detail: expect.stringMatching(/0\.5 per second with bursts of 2 .*Retry after 2 s/),
    });
    expect(JSON.stringify(body)).not.toContain('token-a');

    expect((await call('token-b')).status).toBe(200);
    now += 2000;
    expect((await call('token-a')).status).toBe(200);
    expect(limited).toBe(1);
  });
});
