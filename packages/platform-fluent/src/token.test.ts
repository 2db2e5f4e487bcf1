import { describe, expect, it } from 'vitest';
import type { HttpRequest, HttpResponse } from './http/transport.ts';
import { TransportError } from './http/transport.ts';
import { createRedactor } from './redact.ts';
import { silentLogger } from './runtime.ts';
import {
  formOf,
  json,
  manualClock,
  platformFailureOf,
  scriptedTransport,
} from './testing/scripted-transport.ts';
import { TokenManager } from './token.ts';

const credentials = {
  account: 'ACME',
  clientId: 'acme-client',
  clientSecret: 'client-secret-value',
  username: 'integration-user',
  password: 'hunter2-password',
};

/**
 * A token endpoint that issues numbered tokens, optionally with refresh tokens, and enforces their single use —
 * the behaviour Fluent documents for refresh tokens (single-use; reuse is `invalid_grant`).
 */
function tokenEndpoint(options: { lifetimeSeconds?: number; refreshTokens?: boolean } = {}) {
  let issued = 0;
  const liveRefreshTokens = new Set<string>();
  const respond = (request: HttpRequest): HttpResponse => {
    const form = formOf(request);
    if (form.grant_type === 'refresh_token') {
      const token = form.refresh_token ?? '';
      if (!liveRefreshTokens.delete(token)) {
        return json(400, { error: 'invalid_grant', error_description: 'Invalid refresh token' });
      }
    } else if (form.username !== credentials.username || form.password !== credentials.password) {
      return json(401, { error: 'invalid_grant', error_description: 'Bad credentials' });
    }
    issued++;
    const body: Record<string, unknown> = {
      access_token: `access-${issued}`,
      token_type: 'bearer',
      expires_in: options.lifetimeSeconds ?? 3600,
      scope: 'api',
    };
    if (options.refreshTokens) {
      body.refresh_token = `refresh-${issued}`;
      liveRefreshTokens.add(`refresh-${issued}`);
    }
    return json(200, body);
  };
  return { respond, liveRefreshTokens };
}

function setup(respond: (request: HttpRequest) => HttpResponse | Promise<HttpResponse>) {
  const transport = scriptedTransport(respond);
  const clock = manualClock();
  const redact = createRedactor(() => [credentials.password, credentials.clientSecret]);
  const tokens = new TokenManager(credentials, {
    transport,
    clock,
    logger: silentLogger,
    redact,
    timeoutMs: 1000,
  });
  return { transport, clock, tokens };
}

describe('TokenManager', () => {
  it('fetches a token with the password grant as a form, with the fluent.account header', async () => {
    const { transport, tokens } = setup(tokenEndpoint().respond);
    expect(await tokens.getToken()).toBe('access-1');
    const [request] = transport.requests;
    expect(request?.path).toBe('/oauth/token');
    expect(request?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request?.headers['fluent.account']).toBe('ACME');
    expect(formOf(request as HttpRequest)).toEqual({
      grant_type: 'password',
      username: credentials.username,
      password: credentials.password,
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      scope: 'api',
    });
  });

  it('serves the cached token until shortly before expires_in, then renews', async () => {
    const { transport, clock, tokens } = setup(tokenEndpoint({ lifetimeSeconds: 3600 }).respond);
    await tokens.getToken();
    clock.advance(3600_000 - 61_000);
    expect(await tokens.getToken()).toBe('access-1');
    expect(transport.requests).toHaveLength(1);
    clock.advance(2_000);
    expect(await tokens.getToken()).toBe('access-2');
    expect(transport.requests).toHaveLength(2);
  });

  it('renews short-lived tokens a tenth of their life early rather than a full minute', async () => {
    const { clock, tokens } = setup(tokenEndpoint({ lifetimeSeconds: 30 }).respond);
    await tokens.getToken();
    clock.advance(26_000);
    expect(await tokens.getToken()).toBe('access-1');
    clock.advance(2_000);
    expect(await tokens.getToken()).toBe('access-2');
  });

  it('shares one token request between concurrent callers', async () => {
    const endpoint = tokenEndpoint();
    const { transport, tokens } = setup(async (request) => {
      await new Promise((resolve) => setImmediate(resolve));
      return endpoint.respond(request);
    });
    const all = await Promise.all([tokens.getToken(), tokens.getToken(), tokens.getToken()]);
    expect(all).toEqual(['access-1', 'access-1', 'access-1']);
    expect(transport.requests).toHaveLength(1);
  });

  it('renews with the refresh token when one was offered, using each refresh token once', async () => {
    const endpoint = tokenEndpoint({ lifetimeSeconds: 100, refreshTokens: true });
    const { transport, clock, tokens } = setup(endpoint.respond);
    await tokens.getToken();
    clock.advance(100_000);
    expect(await tokens.getToken()).toBe('access-2');
    clock.advance(100_000);
    expect(await tokens.getToken()).toBe('access-3');
    const grants = transport.requests.map((request) => formOf(request));
    expect(grants.map((form) => form.grant_type)).toEqual(['password', 'refresh_token', 'refresh_token']);
    expect(grants[1]?.refresh_token).toBe('refresh-1');
    expect(grants[2]?.refresh_token).toBe('refresh-2');
    expect(grants[1]).not.toHaveProperty('password');
  });

  it('falls back to the password grant when the refresh token is refused (invalid_grant)', async () => {
    const endpoint = tokenEndpoint({ lifetimeSeconds: 100, refreshTokens: true });
    const { transport, clock, tokens } = setup(endpoint.respond);
    await tokens.getToken();
    endpoint.liveRefreshTokens.clear(); // e.g. revoked by the platform
    clock.advance(100_000);
    expect(await tokens.getToken()).toBe('access-2');
    expect(transport.requests.map((request) => formOf(request).grant_type)).toEqual([
      'password',
      'refresh_token',
      'password',
    ]);
  });

  it('fetches a new token after invalidate(), but ignores invalidation of an older token', async () => {
    const { transport, tokens } = setup(tokenEndpoint().respond);
    const first = await tokens.getToken();
    tokens.invalidate(first);
    const second = await tokens.getToken();
    expect(second).toBe('access-2');
    tokens.invalidate(first);
    expect(await tokens.getToken()).toBe('access-2');
    expect(transport.requests).toHaveLength(2);
  });

  it('reports refused credentials as permanent, naming the account but never a secret', async () => {
    const { tokens } = setup((request) =>
      // A server that echoes the request back must not leak it into the error.
      json(401, { error: 'invalid_grant', error_description: `Bad credentials for ${request.body}` }),
    );
    const failure = await platformFailureOf(tokens.getToken());
    expect(failure.transient).toBe(false);
    expect(failure.message).toMatch(
      /^Fluent password token request failed: HTTP 401 — invalid_grant: Bad credentials/,
    );
    expect(failure.message).toContain('configured for Fluent account "ACME"');
    expect(failure.message).not.toContain(credentials.password);
    expect(failure.message).not.toContain(credentials.clientSecret);
    expect(failure.message).toContain('[redacted]');
  });

  it('reports 503 and network failures of the token endpoint as transient', async () => {
    const unavailable = setup(() => json(503, { error: 'unavailable' }, { 'retry-after': '2' }));
    const failure = await platformFailureOf(unavailable.tokens.getToken());
    expect(failure).toMatchObject({ transient: true, retryAfterMs: 2000 });

    const unreachable = setup(() => {
      throw new TransportError('cannot reach ACME: ECONNREFUSED', { failure: 'network' });
    });
    expect((await platformFailureOf(unreachable.tokens.getToken())).transient).toBe(true);
  });

  it('reports a 200 answer without access_token as a permanent configuration problem', async () => {
    const { tokens } = setup(() => ({ status: 200, headers: {}, body: '<html>login</html>' }));
    const failure = await platformFailureOf(tokens.getToken());
    expect(failure.transient).toBe(false);
    expect(failure.message).toMatch(/no access_token.*url/);
  });

  it('masks live tokens in text passed through redact()', async () => {
    const { tokens } = setup(tokenEndpoint({ refreshTokens: true }).respond);
    const token = await tokens.getToken();
    expect(tokens.redact(`bearer ${token} and refresh-1 and ${credentials.password}`)).toBe(
      'bearer [redacted] and [redacted] and [redacted]',
    );
  });
});
