/**
 * Reliability against the Fluent simulator over real HTTP, using its fault injection: 429 with Retry-After, bursts
 * of 503, an outage and the recovery after it, token expiry and revocation, and a create that timed out but landed.
 * Backoff waits go through an injected clock, so they are recorded (and can end a fault) instead of slept.
 */
import { type SimulatorServer, startSimulatorServer } from '@scim-connector/fluent-simulator';
import { afterEach, describe, expect, it } from 'vitest';
import { createFluentClient, type FluentClient } from './client.ts';
import { type HttpRequest, type HttpTransport, TransportError } from './http/transport.ts';
import { createUndiciTransport } from './http/undici-transport.ts';
import type { RetryOptions } from './options.ts';
import type { Clock } from './runtime.ts';
import { formOf, platformFailureOf } from './testing/scripted-transport.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Harness {
  simulator: SimulatorServer;
  client: FluentClient;
  /** Every backoff wait the client asked for, in milliseconds. */
  sleeps: number[];
  /** Grant types of the token requests the client sent. */
  grants: string[];
  now: { ms: number };
}

/**
 * A simulator and a client sharing one manual clock. `onSleep` runs at each backoff wait with the number of waits
 * so far — the place a test ends a fault, as time passing would.
 */
async function harness(
  options: {
    retries?: RetryOptions;
    timeoutMs?: number;
    accessTokenTtlSeconds?: number;
    onSleep?: (count: number, simulator: SimulatorServer) => void | Promise<void>;
    /** Requests whose answer is dropped after the platform handled them, as when a connection dies mid-reply. */
    loseAnswer?: (request: HttpRequest) => boolean;
  } = {},
): Promise<Harness> {
  const now = { ms: Date.UTC(2026, 0, 1) };
  const simulator = await startSimulatorServer({
    port: 0,
    now: () => now.ms,
    ...(options.accessTokenTtlSeconds !== undefined && {
      accessTokenTtlSeconds: options.accessTokenTtlSeconds,
    }),
  });
  cleanups.push(() => simulator.close());
  const sleeps: number[] = [];
  const clock: Clock = {
    now: () => now.ms,
    async sleep(ms) {
      sleeps.push(ms);
      now.ms += ms;
      await options.onSleep?.(sleeps.length, simulator);
    },
  };
  const grants: string[] = [];
  const undici = createUndiciTransport(simulator.url, { maxConnections: 8 });
  const transport: HttpTransport = {
    async post(request) {
      if (request.path === '/oauth/token') grants.push(formOf(request).grant_type ?? '');
      const response = await undici.post(request);
      if (options.loseAnswer?.(request)) {
        throw new TransportError('no answer from the simulator within 5000 ms', { failure: 'timeout' });
      }
      return response;
    },
    close: () => undici.close(),
  };
  const client = createFluentClient(
    {
      url: simulator.url,
      account: 'SIMULATOR',
      ...simulator.credentials,
      timeoutMs: options.timeoutMs ?? 5000,
      retries: options.retries ?? { max: 6, baseMs: 100, maxMs: 5000 },
    },
    { transport, clock, random: () => 0.5 },
  );
  cleanups.push(() => client.close());
  return { simulator, client, sleeps, grants, now };
}

const newUser = (username: string) => ({
  username,
  ref: username,
  status: 'ACTIVE' as const,
  profile: { firstName: 'Ada', primaryEmail: username, timezone: 'UTC' },
  userType: { type: 'ADMIN' as const },
  roles: [{ contextType: 'AGENT' as const, contextId: '134', role: 'STORE' }],
});

describe('Fluent plugin under platform faults (simulator over HTTP)', () => {
  it('waits out a 429 for at least its Retry-After, then succeeds', async () => {
    const { simulator, client, sleeps } = await harness({
      onSleep: (count, sim) => {
        if (count === 2) sim.faults.reset();
      },
    });
    simulator.faults.set({ rate429: 1, retryAfterSeconds: 2 });
    expect(await client.listRoles()).toContain('STORE');
    expect(sleeps).toHaveLength(2);
    for (const wait of sleeps) expect(wait).toBeGreaterThanOrEqual(2000);
    expect(simulator.faults.counts.tooManyRequests).toBe(2);
  });

  it('hands a Retry-After beyond its backoff ceiling back to the caller, as a transient error', async () => {
    const { simulator, client, sleeps } = await harness({ retries: { max: 5, baseMs: 100, maxMs: 1000 } });
    simulator.faults.set({ rate429: 1, retryAfterSeconds: 30 });
    const failure = await platformFailureOf(client.findUserByUsername('nobody@example.com'));
    expect(failure).toMatchObject({ transient: true, retryAfterMs: 30_000 });
    expect(failure.message).toMatch(/HTTP 429/);
    expect(sleeps).toEqual([]);
  });

  it('rides out bursts of 503 without losing or duplicating anything', async () => {
    const { simulator, client, sleeps } = await harness({ retries: { max: 10, baseMs: 10, maxMs: 200 } });
    simulator.faults.set({ rate503: 0.4, retryAfterSeconds: 0, randomSeed: 42 });
    const usernames = Array.from({ length: 25 }, (_, i) => `burst-${i}@example.com`);
    for (const username of usernames) {
      const created = await client.createUser(newUser(username));
      await client.addRoles(created.id, [{ contextType: 'RETAILER', contextId: '199', role: 'GRAPHQL' }]);
    }
    expect(simulator.faults.counts.unavailable).toBeGreaterThan(5);
    expect(sleeps.length).toBe(simulator.faults.counts.unavailable);
    simulator.faults.reset();
    for (const username of usernames) {
      const found = await client.findUserByUsername(username);
      expect(found?.roles).toHaveLength(2);
      expect(simulator.model.listUsers({ username: [username] })).toHaveLength(1);
    }
  });

  it('gives up on an outage with a transient error, and works again once the platform is back', async () => {
    const { simulator, client } = await harness({ retries: { max: 3, baseMs: 100, maxMs: 1000 } });
    simulator.faults.set({ outage: true, retryAfterSeconds: 0 });
    const failure = await platformFailureOf(client.createUser(newUser('outage@example.com')));
    expect(failure.transient).toBe(true);
    expect(failure.message).toMatch(/HTTP 503.*gave up after 4 attempts/);
    expect(simulator.model.listUsers({ username: ['outage@example.com'] })).toHaveLength(0);

    simulator.faults.reset();
    const created = await client.createUser(newUser('outage@example.com'));
    expect(created.status).toBe('ACTIVE');
  });

  it('recovers from an outage that ends while it is backing off, with growing waits', async () => {
    const { simulator, client, sleeps } = await harness({
      retries: { max: 8, baseMs: 100, maxMs: 5000 },
      onSleep: (count, sim) => {
        if (count === 4) sim.faults.set({ outage: false });
      },
    });
    simulator.faults.set({ outage: true, retryAfterSeconds: 0 });
    // A fresh client: the token request itself meets the outage first.
    const created = await client.createUser(newUser('recovered@example.com'));
    expect(created.username).toBe('recovered@example.com');
    expect(sleeps).toEqual([50, 100, 200, 400]);
    expect(simulator.model.listUsers({ username: ['recovered@example.com'] })).toHaveLength(1);
  });

  it('adopts the account when the answer to a createUser was lost but the platform created it', async () => {
    let lost = 0;
    const { simulator, client, sleeps } = await harness({
      loseAnswer: (request) => request.body.includes('mutation CreateUser') && ++lost === 1,
    });
    const created = await client.createUser(newUser('lost-answer@example.com'));
    expect(created.username).toBe('lost-answer@example.com');
    expect(sleeps).toHaveLength(1);
    expect(simulator.model.listUsers({ username: ['lost-answer@example.com'] })).toHaveLength(1);
  });

  it('re-fetches the token once when the platform revokes it', async () => {
    const { simulator, client, grants } = await harness();
    await client.listRoles();
    simulator.revokeTokens();
    expect(await client.findUserByUsername('nobody@example.com')).toBeUndefined();
    // The revoked refresh token is refused, so the password grant is used again.
    expect(grants).toEqual(['password', 'refresh_token', 'password']);
  });

  it('renews an expiring token with the single-use refresh token', async () => {
    const { client, grants, now } = await harness({ accessTokenTtlSeconds: 600 });
    await client.listRoles();
    now.ms += 600_000;
    await client.listRoles();
    now.ms += 600_000;
    await client.listRoles();
    expect(grants).toEqual(['password', 'refresh_token', 'refresh_token']);
  });
});
