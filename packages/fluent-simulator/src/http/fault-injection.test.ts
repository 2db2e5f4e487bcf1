import { afterEach, describe, expect, it } from 'vitest';
import { fetchToken, graphqlClient, post } from '../../test/http-test-client.ts';
import { type SimulatorServer, startSimulatorServer } from './simulator-server.ts';

let server: SimulatorServer;
afterEach(() => server?.close());

const ROLES = JSON.stringify({ query: '{ roles(first: 1) { edges { node { name } } } }' });

async function statuses(count: number): Promise<number[]> {
  const token = await fetchToken(server);
  const answers: number[] = [];
  for (let index = 0; index < count; index++) {
    const answer = await post(`${server.url}/graphql`, {
      body: ROLES,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    answers.push(answer.status);
  }
  return answers;
}

describe('fault injection over HTTP', () => {
  it('answers 429 with Retry-After, then recovers when the faults are cleared', async () => {
    server = await startSimulatorServer();
    const token = await fetchToken(server);
    server.faults.set({ rate429: 1, retryAfterSeconds: 7 });
    const limited = await post(`${server.url}/graphql`, {
      body: ROLES,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body.error).toBe('too_many_requests');
    server.faults.reset();
    expect(await statuses(3)).toEqual([200, 200, 200]);
  });

  it('takes the whole platform down during an outage, token endpoint included', async () => {
    server = await startSimulatorServer();
    server.faults.set({ outage: true });
    const token = await post(`${server.url}/oauth/token`, {});
    expect(token.status).toBe(503);
    expect(token.headers.get('retry-after')).toBe('1');
    server.faults.set({ outage: false });
    expect(await statuses(2)).toEqual([200, 200]);
  });

  it('fails the same requests in the same order for the same random seed', async () => {
    const run = async () => {
      server = await startSimulatorServer({ faults: { rate429: 0.25, rate503: 0.25, randomSeed: 2024 } });
      server.faults.set({ rate429: 0, rate503: 0 }); // let the token request through
      const token = await fetchToken(server);
      server.faults.set({ rate429: 0.25, rate503: 0.25, randomSeed: 2024 });
      const answers: number[] = [];
      for (let index = 0; index < 40; index++) {
        const answer = await post(`${server.url}/graphql`, {
          body: ROLES,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        });
        answers.push(answer.status);
      }
      await server.close();
      return answers;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 429, 503]));
  });

  it('refuses mutations on a failing username permanently while others go through', async () => {
    server = await startSimulatorServer({ faults: { failingUsernames: ['mallory@example.com'] } });
    const gql = await graphqlClient(server);
    const CREATE = `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`;
    const input = (username: string) => ({
      input: {
        ref: username,
        username,
        password: 'p',
        primaryEmail: username,
        type: 'ADMIN',
        timezone: 'UTC',
      },
    });
    const refused = await gql(CREATE, input('mallory@example.com'));
    expect(refused.status).toBe(200);
    expect(refused.errors?.[0]?.extensions?.code).toBe('C0110E');
    expect(refused.errors?.[0]?.message).toContain('"mallory@example.com" is refused by the platform');
    expect(server.model.getUserByUsername('mallory@example.com')).toBeUndefined();
    expect((await gql(CREATE, input('alice@example.com'))).errors).toBeUndefined();

    server.faults.set({ failingUsernames: ['alice@example.com'] });
    const id = server.model.getUserByUsername('alice@example.com')?.id;
    const update = await gql(
      'mutation ($id: ID!) { updateUser(input: { id: $id, firstName: "A" }) { id } }',
      { id },
    );
    expect(update.errors?.[0]?.extensions?.code).toBe('C0110E');
    expect(server.faults.counts.refusedUsers).toBe(2);
  });

  it('counts requests per endpoint, faulted ones included', async () => {
    server = await startSimulatorServer();
    await statuses(2);
    server.faults.set({ rate503: 1 });
    await post(`${server.url}/graphql`, { body: ROLES });
    expect(server.stats).toEqual({ tokenRequests: 1, graphqlRequests: 3 });
    expect(server.faults.counts.unavailable).toBe(1);
  });
});
