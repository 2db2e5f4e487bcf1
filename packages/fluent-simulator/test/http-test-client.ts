/** A small client for tests: real HTTP to a running simulator, returning status, headers and parsed JSON. */
import type { SimulatorServer } from '../src/http/simulator-server.ts';

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

export interface GraphqlAnswer extends HttpAnswer {
  data: Record<string, unknown> | null | undefined;
  errors: { message: string; path?: unknown[]; extensions?: { code?: string } }[] | undefined;
}

export async function post(
  url: string,
  init: { body?: string; headers?: Record<string, string> },
): Promise<HttpAnswer> {
  const response = await fetch(url, { method: 'POST', ...init });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
}

/** The password grant's parameters with the server's own credentials, some replaced by `overrides`. */
export function passwordGrant(
  server: Pick<SimulatorServer, 'url' | 'credentials'>,
  overrides: Record<string, string> = {},
): URLSearchParams {
  const { clientId, clientSecret, username, password } = server.credentials;
  return new URLSearchParams({
    grant_type: 'password',
    scope: 'api',
    client_id: clientId,
    client_secret: clientSecret,
    username,
    password,
    ...overrides,
  });
}

/** Password grant with the server's own credentials, form-encoded. */
export async function fetchToken(server: Pick<SimulatorServer, 'url' | 'credentials'>): Promise<string> {
  const form = passwordGrant(server);
  const answer = await post(`${server.url}/oauth/token`, {
    body: form.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (answer.status !== 200)
    throw new Error(`token request failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.access_token as string;
}

export type Gql = (query: string, variables?: Record<string, unknown>) => Promise<GraphqlAnswer>;

export async function graphqlClient(server: SimulatorServer): Promise<Gql> {
  const token = await fetchToken(server);
  return async (query, variables) => {
    const answer = await post(`${server.url}/graphql`, {
      body: JSON.stringify({ query, variables }),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    return {
      ...answer,
      data: answer.body.data as GraphqlAnswer['data'],
      errors: answer.body.errors as GraphqlAnswer['errors'],
    };
  };
}

/** One root field of a GraphQL answer; throws (showing the whole answer) when it is missing. */
export function field<T>(answer: GraphqlAnswer, name: string): T {
  const value = answer.data?.[name];
  if (value === null || value === undefined)
    throw new Error(`no "${name}" in ${JSON.stringify(answer.body)}`);
  return value as T;
}
