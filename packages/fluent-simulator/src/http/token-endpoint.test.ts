import { afterEach, describe, expect, it } from 'vitest';
import { fetchToken, passwordGrant as grantFor, post } from '../../test/http-test-client.ts';
import { type SimulatorServer, startSimulatorServer } from './simulator-server.ts';

const ROLES_QUERY = JSON.stringify({ query: '{ roles(first: 1) { edges { node { name } } } }' });

let server: SimulatorServer;
afterEach(() => server?.close());

const passwordGrant = (overrides: Record<string, string> = {}) => grantFor(server, overrides);
const graphqlWith = (authorization?: string) =>
  post(`${server.url}/graphql`, {
    body: ROLES_QUERY,
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
  });

describe('POST /oauth/token', () => {
  it('issues a bearer token for the password grant in a form body', async () => {
    server = await startSimulatorServer();
    const answer = await post(`${server.url}/oauth/token`, {
      body: passwordGrant().toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'bearer', expires_in: 86_400, scope: 'api' });
    expect(answer.body.access_token).toMatch(/^[0-9a-f-]{36}$/);
    expect((await graphqlWith(`Bearer ${answer.body.access_token}`)).status).toBe(200);
  });

  it('accepts the parameters in the query string with an empty body', async () => {
    server = await startSimulatorServer({
      credentials: { clientId: 'fluent-api', clientSecret: 'cs', username: 'api-user', password: 'pw' },
    });
    const answer = await post(`${server.url}/oauth/token?${passwordGrant()}`, {});
    expect(answer.status).toBe(200);
    expect(server.credentials).toEqual({
      clientId: 'fluent-api',
      clientSecret: 'cs',
      username: 'api-user',
      password: 'pw',
    });
  });

  it('generates credentials when none are given', async () => {
    server = await startSimulatorServer();
    const other = await startSimulatorServer();
    try {
      expect(server.credentials.clientSecret).not.toBe(other.credentials.clientSecret);
      expect(server.credentials.password).not.toBe(other.credentials.password);
    } finally {
      await other.close();
    }
  });

  it('refuses a bad password with invalid_grant (400) and a bad client with invalid_client (401)', async () => {
    server = await startSimulatorServer();
    const badPassword = await post(`${server.url}/oauth/token?${passwordGrant({ password: 'wrong' })}`, {});
    expect(badPassword.status).toBe(400);
    expect(badPassword.body).toEqual({ error: 'invalid_grant', error_description: 'Bad credentials' });
    const badClient = await post(
      `${server.url}/oauth/token?${passwordGrant({ client_secret: 'wrong' })}`,
      {},
    );
    expect(badClient.status).toBe(401);
    expect(badClient.body.error).toBe('invalid_client');
    const noGrant = passwordGrant();
    noGrant.delete('grant_type');
    expect((await post(`${server.url}/oauth/token?${noGrant}`, {})).body.error).toBe('invalid_request');
    expect(
      (await post(`${server.url}/oauth/token?${passwordGrant({ grant_type: 'client_credentials' })}`, {}))
        .body.error,
    ).toBe('unsupported_grant_type');
  });

  it('exchanges a refresh token exactly once', async () => {
    server = await startSimulatorServer();
    const first = await post(`${server.url}/oauth/token?${passwordGrant()}`, {});
    const refreshToken = first.body.refresh_token as string;
    expect(refreshToken).toBeTruthy();
    const { clientId, clientSecret } = server.credentials;
    const refresh = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: clientId,
      client_secret: clientSecret,
    });
    const renewed = await post(`${server.url}/oauth/token`, {
      body: refresh.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(renewed.status).toBe(200);
    expect(renewed.body.access_token).not.toBe(first.body.access_token);
    expect((await graphqlWith(`Bearer ${renewed.body.access_token}`)).status).toBe(200);
    const reused = await post(`${server.url}/oauth/token?${refresh}`, {});
    expect(reused.status).toBe(400);
    expect(reused.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid refresh token' });
  });

  it('issues no refresh token when they are turned off', async () => {
    server = await startSimulatorServer({ refreshTokens: false });
    expect(
      (await post(`${server.url}/oauth/token?${passwordGrant()}`, {})).body.refresh_token,
    ).toBeUndefined();
  });
});

describe('bearer tokens on /graphql', () => {
  it('answer 401 without a token, with an unknown one, and after revocation', async () => {
    server = await startSimulatorServer();
    const missing = await graphqlWith();
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    expect(missing.body.error).toBe('invalid_token');
    expect((await graphqlWith('Bearer 00000000-0000-0000-0000-000000000000')).status).toBe(401);
    const token = await fetchToken(server);
    expect((await graphqlWith(`Bearer ${token}`)).status).toBe(200);
    server.revokeTokens();
    expect((await graphqlWith(`Bearer ${token}`)).status).toBe(401);
  });

  it('expire after expires_in seconds', async () => {
    let clock = 1_000_000;
    server = await startSimulatorServer({ accessTokenTtlSeconds: 60, now: () => clock });
    const token = await fetchToken(server);
    clock += 59_999;
    expect((await graphqlWith(`Bearer ${token}`)).status).toBe(200);
    clock += 1;
    expect((await graphqlWith(`Bearer ${token}`)).status).toBe(401);
  });
});

describe('HTTP edges', () => {
  it('answers 413 to a request over 2 MB', async () => {
    server = await startSimulatorServer();
    const token = await fetchToken(server);
    const huge = JSON.stringify({
      query: '{ roles { edges { cursor } } }',
      variables: { pad: 'x'.repeat(2 * 1024 * 1024) },
    });
    const answer = await post(`${server.url}/graphql`, {
      body: huge,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error).toBe('request_entity_too_large');
  });

  it('answers 404 for unknown paths, 405 for other methods, 400 for a body that is not a GraphQL request', async () => {
    server = await startSimulatorServer();
    expect((await post(`${server.url}/rest/v4/users`, {})).status).toBe(404);
    const get = await fetch(`${server.url}/graphql`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const token = await fetchToken(server);
    const notJson = await post(`${server.url}/graphql`, {
      body: 'query { roles }',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(notJson.status).toBe(400);
    expect(JSON.stringify(notJson.body)).toContain('must be JSON');
  });
});
