/**
 * Changes made on the platform behind the connector's back, as a person in Fluent's UI makes them: through the
 * simulator's GraphQL API over HTTP (password grant, then `updateUser` / `removeUserRolesFromUser` /
 * `createUser`), never through the connector. `setUserType` sends only `type`: ADMIN needs no primary context.
 */
import type { SimulatorServer } from '@scim-connector/fluent-simulator';

export interface RoleAt {
  role: string;
  contextType: 'ACCOUNT' | 'RETAILER' | 'AGENT';
  contextId: string;
}

export interface PlatformByHand {
  addRole(username: string, role: RoleAt): Promise<void>;
  removeRole(username: string, role: RoleAt): Promise<void>;
  setStatus(username: string, status: 'ACTIVE' | 'INACTIVE'): Promise<void>;
  setUserType(username: string, type: 'ADMIN'): Promise<void>;
  createAccount(username: string, roles: RoleAt[]): Promise<void>;
}

export async function platformByHand(simulator: SimulatorServer): Promise<PlatformByHand> {
  const { clientId, clientSecret, username, password } = simulator.credentials;
  const tokenResponse = await fetch(`${simulator.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      scope: 'api',
      client_id: clientId,
      client_secret: clientSecret,
      username,
      password,
    }).toString(),
  });
  const token = ((await tokenResponse.json()) as { access_token: string }).access_token;

  async function graphql(
    query: string,
    variables: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const response = await fetch(`${simulator.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (body.errors?.length) throw new Error(`GraphQL refused: ${JSON.stringify(body.errors)}`);
    return body.data ?? {};
  }
  async function idOf(name: string): Promise<string> {
    const data = await graphql('query($u: String) { user(username: $u) { id } }', { u: name });
    const user = data.user as { id: string } | null;
    if (!user) throw new Error(`no platform user ${name}`);
    return user.id;
  }
  const roleInput = ({ role, contextType, contextId }: RoleAt) => ({
    role: { name: role },
    contexts: [{ contextType, contextId }],
  });

  return {
    async addRole(name, role) {
      await graphql('mutation($i: UpdateUserInput) { updateUser(input: $i) { id } }', {
        i: { id: await idOf(name), roles: [roleInput(role)] },
      });
    },
    async removeRole(name, role) {
      await graphql(
        'mutation($i: RemoveUserRolesFromUserInput) { removeUserRolesFromUser(input: $i) { status } }',
        { i: { user: { id: await idOf(name) }, roles: [roleInput(role)] } },
      );
    },
    async setStatus(name, status) {
      await graphql('mutation($i: UpdateUserInput) { updateUser(input: $i) { id } }', {
        i: { id: await idOf(name), status },
      });
    },
    async setUserType(name, type) {
      await graphql('mutation($i: UpdateUserInput) { updateUser(input: $i) { id } }', {
        i: { id: await idOf(name), type },
      });
    },
    async createAccount(name, roles) {
      await graphql('mutation($i: CreateUserInput) { createUser(input: $i) { id } }', {
        i: {
          ref: name,
          username: name,
          password: 'Hand-made-1!',
          primaryEmail: name,
          type: 'ADMIN',
          timezone: 'UTC',
          roles: roles.map(roleInput),
        },
      });
    },
  };
}
