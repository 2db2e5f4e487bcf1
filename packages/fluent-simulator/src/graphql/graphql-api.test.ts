import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { field, type Gql, graphqlClient } from '../../test/http-test-client.ts';
import { type SimulatorServer, startSimulatorServer } from '../http/simulator-server.ts';
import { PIPELINE_CONFIG_SETTING } from '../seed/default-seed.ts';

const USER_FIELDS = `id ref username firstName lastName primaryEmail type status timezone department createdOn updatedOn
  language { value label } primaryLocation { id ref } primaryRetailer { id }
  roles { role { id name } contexts { contextType contextId } }`;
const CREATE_USER = `mutation ($input: CreateUserInput!) { createUser(input: $input) { ${USER_FIELDS} } }`;
const UPDATE_USER = `mutation ($input: UpdateUserInput) { updateUser(input: $input) { ${USER_FIELDS} } }`;
const REMOVE_ROLES = `mutation ($input: RemoveUserRolesFromUserInput) { removeUserRolesFromUser(input: $input) { status } }`;
const USER_BY = `query ($id: ID, $username: String) { user(id: $id, username: $username) { ${USER_FIELDS} } }`;

let server: SimulatorServer;
let gql: Gql;
beforeAll(async () => {
  server = await startSimulatorServer();
  gql = await graphqlClient(server);
});
afterAll(() => server.close());

let counter = 0;
const newUserInput = (extra: Record<string, unknown> = {}) => {
  const username = `gql-user-${++counter}@example.com`;
  return {
    ref: username,
    username,
    password: 'Secret-123',
    primaryEmail: username,
    type: 'ADMIN',
    timezone: 'Europe/London',
    ...extra,
  };
};

async function createUser(extra: Record<string, unknown> = {}) {
  const answer = await gql(CREATE_USER, { input: newUserInput(extra) });
  expect(answer.errors).toBeUndefined();
  return answer.data?.createUser as Record<string, unknown> & { id: string; username: string };
}

describe('users over GraphQL', () => {
  it('creates a user with roles and reads it back by id, by username and by userById', async () => {
    const created = await createUser({
      type: 'RETAILER',
      firstName: 'Ada',
      language: { value: 'en-GB', label: 'English' },
      primaryLocation: { id: '134' },
      primaryRetailer: { id: '199' },
      // A single object where a list is expected: GraphQL list coercion accepts it, as Fluent's docs rely on.
      roles: {
        role: { name: 'STORE' },
        contexts: [
          { contextType: 'RETAILER', contextId: '199' },
          { contextType: 'AGENT', contextId: '134' },
        ],
      },
    });
    expect(created).toMatchObject({
      firstName: 'Ada',
      status: 'ACTIVE',
      type: 'RETAILER',
      language: { value: 'en-GB', label: 'English' },
      primaryLocation: { id: '134', ref: 'EU_134' },
      primaryRetailer: { id: '199' },
      roles: [
        {
          role: { name: 'STORE' },
          contexts: [
            { contextType: 'RETAILER', contextId: '199' },
            { contextType: 'AGENT', contextId: '134' },
          ],
        },
      ],
    });
    const byId = await gql(USER_BY, { id: created.id });
    const byName = await gql(USER_BY, { username: created.username });
    const byUserById = await gql(`query ($id: ID!) { userById(id: $id) { ${USER_FIELDS} } }`, {
      id: created.id,
    });
    expect(byId.data?.user).toEqual(created);
    expect(byName.data?.user).toEqual(created);
    expect(byUserById.data?.userById).toEqual(created);
    expect((await gql(USER_BY, { id: created.id, username: 'someone-else' })).data?.user).toBeNull();
  });

  it('refuses a RETAILER without primaryRetailer and a LOCATION without primaryLocation, on create and update', async () => {
    const retailer = await gql(CREATE_USER, { input: newUserInput({ type: 'RETAILER' }) });
    expect(retailer.data?.createUser).toBeNull();
    expect(retailer.errors?.[0]?.extensions?.code).toBe('C0110E');
    expect(retailer.errors?.[0]?.message).toBe(
      'C0110E: createUser: a user of type RETAILER needs "primaryRetailer" ({id: <retailer id>}), the retailer it works in; none was given',
    );
    const location = await gql(CREATE_USER, {
      input: newUserInput({ type: 'LOCATION', primaryRetailer: { id: '199' } }),
    });
    expect(location.errors?.[0]?.message).toMatch(
      /createUser: a user of type LOCATION needs "primaryLocation"/,
    );

    const admin = await createUser({ type: 'ADMIN' });
    const toLocation = await gql(UPDATE_USER, { input: { id: admin.id, type: 'LOCATION' } });
    expect(toLocation.errors?.[0]?.message).toMatch(
      /updateUser: a user of type LOCATION needs "primaryLocation"/,
    );
    const moved = await gql(UPDATE_USER, {
      input: { id: admin.id, type: 'LOCATION', primaryLocation: { id: '134' } },
    });
    expect(moved.errors).toBeUndefined();
    expect(moved.data?.updateUser).toMatchObject({ type: 'LOCATION', primaryLocation: { id: '134' } });
  });

  it('reports platform errors with a Fluent code in extensions.code and as the message prefix', async () => {
    const unknownRole = await gql(CREATE_USER, {
      input: newUserInput({
        roles: [{ role: { name: 'WIZARD' }, contexts: [{ contextType: 'AGENT', contextId: '134' }] }],
      }),
    });
    expect(unknownRole.status).toBe(200);
    expect(unknownRole.data).toEqual({ createUser: null });
    expect(unknownRole.errors).toEqual([
      expect.objectContaining({
        message: 'C0120E: createUser: role "WIZARD" does not exist',
        path: ['createUser'],
        extensions: { code: 'C0120E' },
      }),
    ]);
    const tooLong = await gql(CREATE_USER, { input: newUserInput({ firstName: 'x'.repeat(51) }) });
    expect(tooLong.errors?.[0]?.extensions?.code).toBe('C0110E');
    expect(tooLong.errors?.[0]?.message).toMatch(/^C0110E: createUser: "firstName" is 51 characters long/);
  });

  it('keeps usernames unique and immutable, and has no way to delete a user', async () => {
    const created = await createUser();
    const duplicate = await gql(CREATE_USER, { input: { ...newUserInput(), username: created.username } });
    expect(duplicate.errors?.[0]?.extensions?.code).toBe('C0121E');
    const rename = await gql(UPDATE_USER, { input: { id: created.id, username: 'renamed@example.com' } });
    expect(rename.errors?.[0]?.message).toMatch(/^C0111E: .*"username"/);
    expect(rename.errors?.[0]?.extensions?.code).toBe('C0111E');
    const remove = await gql('mutation ($id: ID!) { deleteUser(id: $id) { id } }', { id: created.id });
    expect(remove.errors?.[0]?.message).toContain('Cannot query field "deleteUser" on type "Mutation"');
    expect((await gql(USER_BY, { id: created.id })).data?.user).toMatchObject({ username: created.username });
  });

  it('updates the fields given, adds roles without removing any, and removes per (role, context)', async () => {
    const created = await createUser({
      firstName: 'Ada',
      lastName: 'Lovelace',
      roles: [{ role: { name: 'STORE' }, contexts: [{ contextType: 'AGENT', contextId: '134' }] }],
    });
    const updated = await gql(UPDATE_USER, {
      input: {
        id: created.id,
        firstName: 'Grace',
        status: 'INACTIVE',
        roles: [
          { role: { name: 'STORE' }, contexts: [{ contextType: 'AGENT', contextId: '135' }] },
          { role: { name: 'GRAPHQL' }, contexts: [{ contextType: 'ACCOUNT', contextId: '0' }] },
        ],
      },
    });
    expect(updated.data?.updateUser).toMatchObject({
      firstName: 'Grace',
      lastName: 'Lovelace',
      status: 'INACTIVE',
      roles: [
        {
          role: { name: 'STORE' },
          contexts: [
            { contextType: 'AGENT', contextId: '134' },
            { contextType: 'AGENT', contextId: '135' },
          ],
        },
        { role: { name: 'GRAPHQL' }, contexts: [{ contextType: 'ACCOUNT', contextId: '0' }] },
      ],
    });
    const removed = await gql(REMOVE_ROLES, {
      input: {
        user: { username: created.username },
        roles: [
          { role: { name: 'STORE' }, contexts: [{ contextType: 'AGENT', contextId: '134' }] },
          { role: { name: 'GRAPHQL' }, contexts: [{ contextType: 'ACCOUNT', contextId: '0' }] },
        ],
      },
    });
    expect(removed.data).toEqual({ removeUserRolesFromUser: { status: 'SUCCESS' } });
    expect(field<{ roles: unknown }>(await gql(USER_BY, { id: created.id }), 'user').roles).toEqual([
      {
        role: expect.objectContaining({ name: 'STORE' }),
        contexts: [{ contextType: 'AGENT', contextId: '135' }],
      },
    ]);
    const missing = await gql(REMOVE_ROLES, { input: { user: { id: '98765432' }, roles: [] } });
    expect(missing.errors?.[0]?.extensions?.code).toBe('C0120E');
  });

  it('filters users with lists and % wildcards and pages with first/after', async () => {
    const prefix = `paging-${Date.now()}`;
    for (let index = 0; index < 5; index++) {
      await createUser({
        username: `${prefix}-${index}@example.com`,
        department: index % 2 === 0 ? 'Even' : 'Odd',
      });
    }
    const USERS = `query ($username: [String!], $department: [String], $first: Int, $after: String) {
      users(username: $username, department: $department, first: $first, after: $after) {
        edges { cursor node { username } } pageInfo { hasNextPage hasPreviousPage } } }`;
    type Page = {
      edges: { cursor: string; node: { username: string } }[];
      pageInfo: Record<string, boolean>;
    };
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const answer = await gql(USERS, { username: [`${prefix}-%`], first: 2, after });
      const page = answer.data?.users as Page;
      expect(page.pageInfo.hasPreviousPage).toBe(pages > 0);
      seen.push(...page.edges.map((edge) => edge.node.username));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      after = page.edges.at(-1)?.cursor;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual([4, 3, 2, 1, 0].map((index) => `${prefix}-${index}@example.com`));

    const even = await gql(USERS, { username: [`${prefix}-%`], department: ['Even'], first: 10 });
    expect(field<Page>(even, 'users').edges.map((edge) => edge.node.username)).toEqual(
      [4, 2, 0].map((index) => `${prefix}-${index}@example.com`),
    );
    const exact = await gql(USERS, { username: [`${prefix}-1@example.com`, 'nobody'] });
    expect(field<Page>(exact, 'users').edges).toHaveLength(1);
    const tooMany = await gql(USERS, { first: 10_000 });
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('C0001E');
  });
});

describe('catalogue, contexts and settings over GraphQL', () => {
  it('lists roles with paging, finds one by name and creates new ones', async () => {
    const page = await gql('{ roles(first: 3) { edges { node { id name } } pageInfo { hasNextPage } } }');
    const roles = page.data?.roles as {
      edges: { node: { name: string } }[];
      pageInfo: { hasNextPage: boolean };
    };
    expect(roles.edges.map((edge) => edge.node.name)).toEqual(['ADMIN', 'STORE_ASSISTANT', 'STORE_MANAGER']);
    expect(roles.pageInfo.hasNextPage).toBe(true);
    const created = await gql(
      'mutation ($input: CreateRoleInput) { createRole(input: $input) { id name } }',
      {
        input: { name: 'CREATE_WAVE_BUTTON_2' },
      },
    );
    expect(created.data?.createRole).toMatchObject({ name: 'CREATE_WAVE_BUTTON_2' });
    const found = await gql('{ role(name: "CREATE_WAVE_BUTTON_2") { name permissions { name } } }');
    expect(found.data?.role).toEqual({ name: 'CREATE_WAVE_BUTTON_2', permissions: [] });
    const filtered = await gql('{ roles(name: ["STORE%"], first: 50) { edges { node { name } } } }');
    expect(field<typeof roles>(filtered, 'roles').edges.map((edge) => edge.node.name)).toEqual([
      'STORE_ASSISTANT',
      'STORE_MANAGER',
      'STORE',
    ]);
  });

  it('serves retailers and locations by id and as lists', async () => {
    const answer = await gql(`{
      retailer(id: "199") { id ref tradingName status }
      location(id: "134") { id ref name retailer { id } }
      missing: location(id: "999999") { id }
      locations(retailerId: ["250"], first: 100) { edges { node { id } } }
      retailers { edges { node { id } } }
    }`);
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toMatchObject({
      retailer: { id: '199', ref: 'FLUENT_OUTFITTERS_EU', status: 'ACTIVE' },
      location: { id: '134', ref: 'EU_134', name: 'London Oxford Street', retailer: { id: '199' } },
      missing: null,
    });
    const usLocations = field<{ edges: { node: { id: string } }[] }>(answer, 'locations').edges;
    expect(usLocations.length).toBeGreaterThan(5);
    expect(usLocations.every((edge) => edge.node.id.startsWith('200'))).toBe(true);
    expect(field<{ edges: unknown[] }>(answer, 'retailers').edges).toHaveLength(3);
  });

  it('reads the seeded pipeline-config setting and creates and updates settings', async () => {
    const SETTINGS = `query ($name: [String]) { settings(name: $name, context: ["ACCOUNT"], contextId: [0]) {
      edges { node { id name valueType lobValue value context contextId } } } }`;
    const seeded = await gql(SETTINGS, { name: [PIPELINE_CONFIG_SETTING] });
    const node = field<{ edges: { node: Record<string, unknown> }[] }>(seeded, 'settings').edges[0]?.node;
    expect(node).toMatchObject({
      name: PIPELINE_CONFIG_SETTING,
      valueType: 'JSON',
      context: 'ACCOUNT',
      contextId: 0,
    });
    expect(JSON.stringify(node?.lobValue)).toContain('Store_Colleague');

    const create = await gql(
      'mutation ($input: CreateSettingInput) { createSetting(input: $input) { id name value } }',
      {
        input: {
          name: 'fc.graphql.comment.access',
          valueType: 'STRING',
          value: 'retailer',
          context: 'ACCOUNT',
          contextId: 0,
        },
      },
    );
    const id = field<{ id: string }>(create, 'createSetting').id;
    const again = await gql(
      'mutation { createSetting(input: { name: "fc.graphql.comment.access", valueType: "STRING", value: "x", context: "ACCOUNT", contextId: 0 }) { id } }',
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('C0121E');
    const update = await gql(
      'mutation ($input: UpdateSettingInput) { updateSetting(input: $input) { id value lobValue } }',
      { input: { id, valueType: 'JSON', lobValue: { level: 'account' }, context: 'ACCOUNT', contextId: 0 } },
    );
    expect(update.data?.updateSetting).toEqual({ id, value: null, lobValue: { level: 'account' } });
    expect((await gql(`{ setting(id: "${id}") { lobValue } }`)).data?.setting).toEqual({
      lobValue: { level: 'account' },
    });
  });

  it('reports a syntax error as C0111E', async () => {
    const answer = await gql('{ roles( }');
    expect(answer.status).toBe(200);
    expect(answer.errors?.[0]).toMatchObject({ extensions: { code: 'C0111E' } });
    expect(answer.errors?.[0]?.message).toMatch(/^C0111E: Syntax Error/);
  });
});
