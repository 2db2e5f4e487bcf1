/**
 * Every account on a Fluent simulator, read back the way any client would: a password-grant token, then the
 * `users` connection of the GraphQL API page by page. Works whether the simulator runs in the bench's process or
 * as the server's child process (`pnpm start`'s built-in simulator), so the check never reaches into its memory.
 */
import { formatRoleName } from '@scim-connector/role-grammar';

export interface SimulatorEndpoint {
  url: string;
  credentials: { clientId: string; clientSecret: string; username: string; password: string };
}

export interface PlatformAccount {
  status: string;
  /** Role names (`AGENT_134_STORE_ASSISTANT`), sorted. */
  roles: string[];
}

/** The simulator's largest page (MAX_PAGE_SIZE in the simulator package). */
const PAGE_SIZE = 5000;

const USERS_PAGE = `query Users($first: Int!, $after: String) {
  users(first: $first, after: $after) {
    edges { cursor node { username status roles { role { name } contexts { contextType contextId } } } }
    pageInfo { hasNextPage }
  }
}`;

interface UsersPage {
  data?: {
    users: {
      edges: {
        cursor: string;
        node: {
          username: string;
          status: string | null;
          roles: { role: { name: string }; contexts: { contextType: string; contextId: string }[] }[] | null;
        };
      }[];
      pageInfo: { hasNextPage: boolean };
    };
  };
  errors?: { message: string }[];
}

/** Accounts by username. */
export async function readPlatformAccounts(
  endpoint: SimulatorEndpoint,
): Promise<Map<string, PlatformAccount>> {
  const token = await passwordGrant(endpoint);
  const accounts = new Map<string, PlatformAccount>();
  let after: string | undefined;
  for (;;) {
    const { response, answer: page } = await queryPlatform<UsersPage>(endpoint, token, USERS_PAGE, {
      first: PAGE_SIZE,
      after,
    });
    if (!response.ok || page.errors?.length || !page.data) {
      throw new Error(
        `reading the platform's users failed: ${response.status} ${JSON.stringify(page.errors)}`,
      );
    }
    const { edges, pageInfo } = page.data.users;
    for (const { node } of edges) {
      const roles = (node.roles ?? []).flatMap((assignment) =>
        assignment.contexts.map((context) =>
          formatRoleName({
            contextType: context.contextType as 'ACCOUNT' | 'RETAILER' | 'AGENT',
            contextId: context.contextId,
            role: assignment.role.name,
          }),
        ),
      );
      accounts.set(node.username, { status: node.status ?? '', roles: roles.sort() });
    }
    const last = edges.at(-1);
    if (!pageInfo.hasNextPage || !last) return accounts;
    after = last.cursor;
  }
}

const ONE_USER = `query User($username: [String!]) {
  users(username: $username, first: 2) { edges { node { username status } } }
}`;

/**
 * Polls one account until its status is `status`; returns the seconds that took, from the first poll. Asks by
 * username every 100 ms, a load on the platform far below the sync's own.
 */
export async function secondsUntilStatus(
  endpoint: SimulatorEndpoint,
  username: string,
  status: string,
  timeoutMs: number,
): Promise<number> {
  const token = await passwordGrant(endpoint);
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const { answer: page } = await queryPlatform<{
      data?: { users: { edges: { node: { username: string; status: string | null } }[] } };
    }>(endpoint, token, ONE_USER, { username: [username] });
    const account = page.data?.users.edges.find((edge) => edge.node.username === username);
    if (account?.node.status === status) return (performance.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${username} was not ${status} on the platform after ${timeoutMs / 1000} s`);
}

/** One GraphQL request with the bench's token: the response, and its body parsed as `Answer`. */
async function queryPlatform<Answer>(
  endpoint: SimulatorEndpoint,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ response: Response; answer: Answer }> {
  const response = await fetch(`${endpoint.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { response, answer: (await response.json()) as Answer };
}

async function passwordGrant({ url, credentials }: SimulatorEndpoint): Promise<string> {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      scope: 'api',
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      username: credentials.username,
      password: credentials.password,
    }).toString(),
  });
  if (!response.ok) throw new Error(`the simulator refused the bench's token request: ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
