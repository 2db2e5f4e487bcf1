/**
 * The client's own decisions, over a scripted transport: token re-fetch on 401, retries, createUser reconciliation,
 * paging and request shapes. Behaviour against a Fluent-compatible server is covered by the contract and fault
 * tests against the simulator.
 */
import { PlatformError } from '@scim-connector/platform';
import { describe, expect, it } from 'vitest';
import { createFluentClient } from './client.ts';
import type { HttpRequest, HttpResponse } from './http/transport.ts';
import { TransportError } from './http/transport.ts';
import type { FluentOptionsInput } from './options.ts';
import { ProfileFieldError } from './profile-limits.ts';
import {
  graphqlOf,
  json,
  manualClock,
  platformFailureOf,
  scriptedTransport,
} from './testing/scripted-transport.ts';

const options: FluentOptionsInput = {
  url: 'https://acme.sandbox.api.fluentretail.com',
  account: 'ACME',
  clientId: 'acme',
  clientSecret: 'the-client-secret',
  username: 'integration',
  password: 'the-api-password',
  retries: { max: 3, baseMs: 100, maxMs: 1000 },
  defaults: { timezone: 'Australia/Sydney' },
};

type GraphQLHandler = (
  variables: Record<string, unknown>,
  request: HttpRequest,
) => HttpResponse | Promise<HttpResponse>;

/** A scripted Fluent: the token endpoint always grants; each GraphQL operation answers through its handler. */
function fakeFluent(
  handlers: Record<string, GraphQLHandler>,
  clientOptions: Partial<FluentOptionsInput> = {},
) {
  let tokensIssued = 0;
  const calls: { operation: string; variables: Record<string, unknown> }[] = [];
  const logs: unknown[] = [];
  const record = (fields: object, message?: string) => logs.push({ fields, message });
  const transport = scriptedTransport((request) => {
    if (request.path === '/oauth/token') {
      tokensIssued++;
      return json(200, { access_token: `token-${tokensIssued}`, token_type: 'bearer', expires_in: 3600 });
    }
    const { operation, variables } = graphqlOf(request);
    calls.push({ operation, variables });
    const handler = handlers[operation];
    if (!handler) return json(200, { errors: [{ message: `unexpected operation ${operation}` }] });
    return handler(variables, request);
  });
  const clock = manualClock();
  const client = createFluentClient(
    { ...options, ...clientOptions },
    { transport, clock, random: () => 0.5, logger: { debug: record, info: record, warn: record } },
  );
  return { client, transport, clock, calls, logs, tokensIssued: () => tokensIssued };
}

const fluentUser = (overrides: Record<string, unknown> = {}) => ({
  id: '5001',
  ref: 'ada@example.com',
  username: 'ada@example.com',
  status: 'ACTIVE',
  type: 'ADMIN',
  firstName: 'Ada',
  lastName: 'Lovelace',
  primaryEmail: 'ada@example.com',
  timezone: 'Australia/Sydney',
  language: null,
  roles: [
    {
      role: { name: 'STORE' },
      contexts: [
        { contextType: 'AGENT', contextId: '134' },
        { contextType: 'RETAILER', contextId: 199 },
      ],
    },
  ],
  ...overrides,
});

const usersPage = (nodes: unknown[], hasNextPage = false) =>
  json(200, {
    data: {
      users: {
        edges: nodes.map((node, index) => ({ cursor: `cursor-${index}`, node })),
        pageInfo: { hasNextPage },
      },
    },
  });

const newUser = {
  username: 'ada@example.com',
  ref: 'ada@example.com',
  status: 'ACTIVE' as const,
  profile: { firstName: 'Ada', lastName: 'Lovelace', primaryEmail: 'ada@example.com' },
  userType: { type: 'RETAILER' as const, primaryRetailer: '199' },
  roles: [
    { contextType: 'AGENT' as const, contextId: '134', role: 'STORE' },
    { contextType: 'RETAILER' as const, contextId: '199', role: 'STORE' },
    { contextType: 'AGENT' as const, contextId: '134', role: 'GRAPHQL' },
  ],
};

describe('Fluent client: tokens and failures', () => {
  it('sends the bearer token and decodes users, flattening role contexts', async () => {
    const fluent = fakeFluent({ FindUsers: () => usersPage([fluentUser()]) });
    const user = await fluent.client.findUserByUsername('ada@example.com');
    expect(fluent.transport.requests[1]?.headers.authorization).toBe('Bearer token-1');
    expect(user).toEqual({
      id: '5001',
      username: 'ada@example.com',
      ref: 'ada@example.com',
      status: 'ACTIVE',
      profile: {
        firstName: 'Ada',
        lastName: 'Lovelace',
        primaryEmail: 'ada@example.com',
        timezone: 'Australia/Sydney',
      },
      userType: { type: 'ADMIN' },
      roles: [
        { contextType: 'AGENT', contextId: '134', role: 'STORE' },
        { contextType: 'RETAILER', contextId: '199', role: 'STORE' },
      ],
    });
  });

  it('closes its transport once, however often it is closed', async () => {
    const fluent = fakeFluent({});
    let closes = 0;
    fluent.transport.close = async () => {
      closes++;
      if (closes > 1) throw new Error('transport destroyed twice');
    };
    await fluent.client.close();
    await fluent.client.close();
    expect(closes).toBe(1);
  });

  it('re-fetches the token once on a 401 and repeats the call', async () => {
    const fluent = fakeFluent({
      FindUsers: (_variables, request) =>
        request.headers.authorization === 'Bearer token-1' ? json(401, {}) : usersPage([]),
    });
    expect(await fluent.client.findUserByUsername('nobody')).toBeUndefined();
    expect(fluent.tokensIssued()).toBe(2);
    expect(fluent.calls).toHaveLength(2);
  });

  it('gives up permanently when the fresh token is refused too, without retrying', async () => {
    const fluent = fakeFluent({ FindUsers: () => json(401, { error: 'unauthorized' }) });
    const failure = await platformFailureOf(fluent.client.findUserByUsername('nobody'));
    expect(failure.transient).toBe(false);
    expect(failure.message).toMatch(/HTTP 401.*check the API credentials/);
    expect(fluent.tokensIssued()).toBe(2);
    expect(fluent.calls).toHaveLength(2);
  });

  it('retries 503s and network errors with backoff, then succeeds', async () => {
    let calls = 0;
    const fluent = fakeFluent({
      FindUsers: () => {
        calls++;
        if (calls === 1) return json(503, {});
        if (calls === 2) throw new TransportError('cannot reach host: ECONNRESET', { failure: 'network' });
        return usersPage([fluentUser()]);
      },
    });
    expect((await fluent.client.findUserByUsername('ada@example.com'))?.id).toBe('5001');
    expect(fluent.clock.sleeps).toEqual([50, 100]);
    expect(fluent.logs).toHaveLength(2);
  });

  it('does not retry a GraphQL validation error', async () => {
    const fluent = fakeFluent({
      UpdateUser: () =>
        json(200, {
          errors: [
            {
              message: 'Variable "$input" got invalid value',
              extensions: { classification: 'ValidationError' },
            },
          ],
        }),
    });
    const failure = await platformFailureOf(fluent.client.updateUser('5001', { status: 'ACTIVE' }));
    expect(failure.transient).toBe(false);
    expect(fluent.calls).toHaveLength(1);
  });

  it('never logs or reports the configured secrets or tokens', async () => {
    const fluent = fakeFluent({
      // A misbehaving proxy echoing the request headers into its error page.
      FindUsers: (_variables, request) => ({
        status: 502,
        headers: {},
        body: `upstream failed for ${JSON.stringify(request.headers)} secret the-client-secret`,
      }),
    });
    const failure = await platformFailureOf(fluent.client.findUserByUsername('ada@example.com'));
    const everything = JSON.stringify(fluent.logs) + failure.message;
    expect(everything).toContain('upstream failed');
    for (const secret of ['token-1', 'the-client-secret', 'the-api-password']) {
      expect(everything).not.toContain(secret);
    }
  });
});

describe('Fluent client: users', () => {
  it('sends look-ups started together as one users(username: [...]) query', async () => {
    const fluent = fakeFluent({
      FindUsers: (variables) =>
        usersPage(
          (variables.username as string[])
            .filter((name) => name !== 'nobody@example.com')
            .map((name, index) => fluentUser({ id: String(7000 + index), username: name })),
        ),
    });
    const found = await Promise.all(
      ['ada@example.com', 'nobody@example.com', 'bob@example.com'].map((name) =>
        fluent.client.findUserByUsername(name),
      ),
    );
    expect(found.map((user) => user?.username)).toEqual(['ada@example.com', undefined, 'bob@example.com']);
    expect(fluent.calls).toEqual([
      {
        operation: 'FindUsers',
        variables: { username: ['ada@example.com', 'nobody@example.com', 'bob@example.com'], first: 6 },
      },
    ]);
  });

  it('looks a name up alone when Fluent says more accounts follow the shared page, with or without edges', async () => {
    for (const sharedPage of [[fluentUser({ id: '7001', username: 'a_b@example.com' })], []]) {
      const fluent = fakeFluent({
        FindUsers: (variables) => {
          const names = variables.username as string[];
          if (names.length > 1) return usersPage(sharedPage, true);
          return usersPage([fluentUser({ id: '7002', username: names[0] })]);
        },
      });
      const [ada, bob] = await Promise.all([
        fluent.client.findUserByUsername('ada@example.com'),
        fluent.client.findUserByUsername('bob@example.com'),
      ]);
      expect([ada?.username, bob?.username]).toEqual(['ada@example.com', 'bob@example.com']);
      expect(fluent.calls.map((call) => call.variables.username)).toEqual([
        ['ada@example.com', 'bob@example.com'],
        ['ada@example.com'],
        ['bob@example.com'],
      ]);
    }
  });

  it('creates a user with a random password, ref, defaults, and roles grouped by role', async () => {
    const inputs: Record<string, unknown>[] = [];
    const fluent = fakeFluent({
      CreateUser: (variables) => {
        inputs.push(variables.input as Record<string, unknown>);
        return json(200, { data: { createUser: fluentUser() } });
      },
    });
    await fluent.client.createUser(newUser);
    await fluent.client.createUser({ ...newUser, username: 'grace@example.com', ref: 'grace@example.com' });
    const [input, second] = inputs;
    expect(input).toMatchObject({
      ref: 'ada@example.com',
      username: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      primaryEmail: 'ada@example.com',
      timezone: 'Australia/Sydney',
      type: 'RETAILER',
      primaryRetailer: { id: '199' },
      roles: [
        {
          role: { name: 'STORE' },
          contexts: [
            { contextType: 'AGENT', contextId: '134' },
            { contextType: 'RETAILER', contextId: '199' },
          ],
        },
        { role: { name: 'GRAPHQL' }, contexts: [{ contextType: 'AGENT', contextId: '134' }] },
      ],
    });
    expect(input?.password).toEqual(expect.any(String));
    expect(String(input?.password).length).toBeGreaterThanOrEqual(24);
    expect(second?.password).not.toBe(input?.password);
    expect(input).not.toHaveProperty('status');
  });

  it('adopts the account a timed-out createUser did create instead of creating it twice', async () => {
    let created = false;
    const fluent = fakeFluent({
      CreateUser: () => {
        created = true;
        throw new TransportError('no answer within 10000 ms', { failure: 'timeout' });
      },
      FindUsers: () => usersPage(created ? [fluentUser()] : []),
    });
    const user = await fluent.client.createUser(newUser);
    expect(user.id).toBe('5001');
    expect(fluent.calls.map((call) => call.operation)).toEqual(['CreateUser', 'FindUsers']);
  });

  it('sends createUser again when the retry finds no account', async () => {
    let attempts = 0;
    const fluent = fakeFluent({
      CreateUser: () =>
        ++attempts === 1 ? json(503, {}) : json(200, { data: { createUser: fluentUser() } }),
      FindUsers: () => usersPage([]),
    });
    expect((await fluent.client.createUser(newUser)).id).toBe('5001');
    expect(fluent.calls.map((call) => call.operation)).toEqual(['CreateUser', 'FindUsers', 'CreateUser']);
  });

  it('creates an INACTIVE user with a follow-up status update (CreateUserInput has no status)', async () => {
    const fluent = fakeFluent({
      CreateUser: () => json(200, { data: { createUser: fluentUser() } }),
      UpdateUser: (variables) =>
        json(200, {
          data: { updateUser: fluentUser({ status: (variables.input as { status: string }).status }) },
        }),
    });
    const user = await fluent.client.createUser({ ...newUser, status: 'INACTIVE' });
    expect(user.status).toBe('INACTIVE');
    expect(fluent.calls[1]).toEqual({
      operation: 'UpdateUser',
      variables: { input: { id: '5001', status: 'INACTIVE' } },
    });
  });

  it('refuses to create a user without an email, before calling Fluent', async () => {
    const fluent = fakeFluent({});
    const failure = await platformFailureOf(
      fluent.client.createUser({ ...newUser, profile: { firstName: 'Ada' } }),
    );
    expect(failure).toBeInstanceOf(ProfileFieldError);
    expect(failure.message).toMatch(/requires a primary email to create user "ada@example.com"/);
    expect(fluent.transport.requests).toHaveLength(0);
  });

  it('refuses a username longer than Fluent’s ref limit', async () => {
    const fluent = fakeFluent({});
    const long = `${'a'.repeat(95)}@example.com`;
    const failure = await platformFailureOf(
      fluent.client.createUser({ ...newUser, username: long, ref: long }),
    );
    expect(failure).toMatchObject({ field: 'ref', transient: false });
  });

  it('updates only the given profile fields and status, never roles', async () => {
    const fluent = fakeFluent({ UpdateUser: () => json(200, { data: { updateUser: fluentUser() } }) });
    await fluent.client.updateUser('5001', {
      profile: { department: 'Ops', language: 'en-AU' },
      status: 'ACTIVE',
    });
    expect(fluent.calls[0]?.variables).toEqual({
      input: { id: '5001', department: 'Ops', language: { value: 'en-AU' }, status: 'ACTIVE' },
    });
  });

  it('adds roles through updateUser and removes them through removeUserRolesFromUser', async () => {
    const fluent = fakeFluent({
      AddUserRoles: () => json(200, { data: { updateUser: { id: '5001' } } }),
      RemoveUserRoles: () => json(200, { data: { removeUserRolesFromUser: { status: 'SUCCESS' } } }),
    });
    await fluent.client.addRoles('5001', newUser.roles);
    await fluent.client.removeRoles('5001', [{ contextType: 'AGENT', contextId: '134', role: 'STORE' }]);
    await fluent.client.addRoles('5001', []);
    await fluent.client.removeRoles('5001', []);
    expect(fluent.calls.map((call) => call.operation)).toEqual(['AddUserRoles', 'RemoveUserRoles']);
    expect(fluent.calls[0]?.variables.input).toMatchObject({ id: '5001', roles: [{}, {}] });
    expect(fluent.calls[1]?.variables).toEqual({
      input: {
        user: { id: '5001' },
        roles: [{ role: { name: 'STORE' }, contexts: [{ contextType: 'AGENT', contextId: '134' }] }],
      },
    });
  });

  it('finds a username exactly, paging past wildcard matches with the last edge cursor', async () => {
    const afters: unknown[] = [];
    const fluent = fakeFluent({
      FindUsers: (variables) => {
        afters.push(variables.after);
        return variables.after === undefined
          ? usersPage(
              [
                fluentUser({ id: '1', username: 'a_b@example.com' }),
                fluentUser({ id: '2', username: 'axb@example.com' }),
              ],
              true,
            )
          : usersPage([fluentUser({ id: '3', username: 'a%b@example.com' })]);
      },
    });
    expect((await fluent.client.findUserByUsername('a%b@example.com'))?.id).toBe('3');
    expect(afters).toEqual([undefined, 'cursor-1']);
    expect(fluent.calls[0]?.variables.username).toEqual(['a%b@example.com']);
  });

  // "No account" for a linked user reads as an account the platform lost: a deactivation would be recorded as
  // done while the account stayed active. Only a page Fluent calls the last may end a scan with that answer.
  it('fails a look-up instead of answering "no account" when Fluent promises more pages but sends no edges', async () => {
    const afters: unknown[] = [];
    const fluent = fakeFluent({
      FindUsers: (variables) => {
        afters.push(variables.after);
        return variables.after === undefined
          ? usersPage([fluentUser({ id: '1', username: 'a_b@example.com' })], true)
          : usersPage([], true);
      },
    });
    const failure = await fluent.client
      .findUserByUsername('a%b@example.com')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PlatformError);
    expect(failure).toMatchObject({ transient: true, message: expect.stringMatching(/no edges/) });
    expect(afters).toEqual([undefined, 'cursor-0']);
  });

  it('fails a look-up as permanent when wildcard matches fill every page it may read', async () => {
    let page = 0;
    const fluent = fakeFluent({
      FindUsers: () => {
        page++;
        return usersPage([fluentUser({ id: String(page), username: `a${page}b@example.com` })], true);
      },
    });
    const failure = await fluent.client
      .findUserByUsername('a%b@example.com')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PlatformError);
    expect(failure).toMatchObject({ transient: false, message: expect.stringMatching(/1000 pages/) });
    expect(page).toBe(1000);
  });

  it('answers "no account" after the last page of wildcard matches', async () => {
    const fluent = fakeFluent({
      FindUsers: (variables) =>
        usersPage([fluentUser({ id: '1', username: 'a_b@example.com' })], variables.after === undefined),
    });
    expect(await fluent.client.findUserByUsername('a%b@example.com')).toBeUndefined();
    expect(fluent.calls).toHaveLength(2);
  });
});

describe('Fluent client: catalogue, contexts, settings', () => {
  it('lists every role across pages, without duplicates', async () => {
    const fluent = fakeFluent({
      ListRoles: (variables) => {
        const names = variables.after === undefined ? ['ADMIN', 'STORE'] : ['STORE', 'GRAPHQL'];
        return json(200, {
          data: {
            roles: {
              edges: names.map((name) => ({ cursor: `c-${name}`, node: { name } })),
              pageInfo: { hasNextPage: variables.after === undefined },
            },
          },
        });
      },
    });
    expect(await fluent.client.listRoles()).toEqual(['ADMIN', 'STORE', 'GRAPHQL']);
    expect(fluent.calls[1]?.variables.after).toBe('c-STORE');
  });

  it('lists locations a page at a time, with their retailer, and caps the page size', async () => {
    const fluent = fakeFluent({
      ListLocations: (variables) =>
        json(200, {
          data: {
            locations: {
              edges: [
                {
                  cursor: 'c-134',
                  node: {
                    id: 134,
                    ref: 'L134',
                    name: 'Sydney',
                    type: 'STORE',
                    status: 'ACTIVE',
                    retailer: { id: '1' },
                  },
                },
                { cursor: 'c-x', node: { ref: 'no id' } },
              ],
              pageInfo: { hasNextPage: variables.after === undefined },
            },
          },
        }),
    });
    const first = await fluent.client.listContexts('AGENT', { limit: 10_000 });
    expect(first).toEqual({
      contexts: [
        { id: '134', ref: 'L134', name: 'Sydney', type: 'STORE', status: 'ACTIVE', retailerId: '1' },
      ],
      nextCursor: 'c-x',
    });
    expect(fluent.calls[0]?.variables.first).toBe(500);
    const last = await fluent.client.listContexts('AGENT', { after: 'c-x', limit: 10 });
    expect(last.nextCursor).toBeUndefined();
    expect(fluent.calls[1]?.variables).toMatchObject({ after: 'c-x', first: 10 });
  });

  it('lists retailers by their trading name', async () => {
    const fluent = fakeFluent({
      ListRetailers: () =>
        json(200, {
          data: {
            retailers: {
              edges: [
                { cursor: 'c-1', node: { id: '1', ref: 'R1', tradingName: 'ACME', status: 'INACTIVE' } },
              ],
              pageInfo: { hasNextPage: false },
            },
          },
        }),
    });
    expect(await fluent.client.listContexts('RETAILER', { limit: 50 })).toEqual({
      contexts: [{ id: '1', ref: 'R1', name: 'ACME', status: 'INACTIVE' }],
      nextCursor: undefined,
    });
  });

  it('checks retailers and locations by id, and answers ACCOUNT and malformed ids locally', async () => {
    const fluent = fakeFluent({
      RetailerById: (variables) =>
        json(200, { data: { retailer: variables.id === '199' ? { id: '199' } : null } }),
      LocationById: (variables) =>
        json(200, { data: { location: variables.id === '134' ? { id: '134' } : null } }),
    });
    const { client } = fluent;
    expect(await client.contextExists('RETAILER', '199')).toBe(true);
    expect(await client.contextExists('RETAILER', '200')).toBe(false);
    expect(await client.contextExists('AGENT', '134')).toBe(true);
    expect(await client.contextExists('AGENT', '199')).toBe(false);
    expect(fluent.calls).toHaveLength(4);
    expect(await client.contextExists('ACCOUNT', '0')).toBe(true);
    expect(await client.contextExists('ACCOUNT', 'ACME')).toBe(true);
    expect(await client.contextExists('ACCOUNT', '7')).toBe(false);
    expect(await client.contextExists('AGENT', 'L134')).toBe(false);
    expect(fluent.calls).toHaveLength(4);
  });

  it('reads a setting’s lobValue (object or JSON text) or value, by exact name, at the account by default', async () => {
    const settings = [
      { name: 'json.object', valueType: 'JSON', lobValue: { rules: [] }, value: null },
      { name: 'json.text', valueType: 'LOB', lobValue: '{"a":1}', value: null },
      { name: 'plain', valueType: 'STRING', lobValue: null, value: 'retailer' },
    ];
    const fluent = fakeFluent({
      FindSettings: (variables) => {
        const [name] = variables.name as string[];
        // The platform's name filter treats % as a wildcard: answer with near-misses too.
        const nodes = settings.filter((s) => s.name.startsWith((name ?? '').replace('%', '')));
        return json(200, { data: { settings: { edges: nodes.map((node) => ({ node })) } } });
      },
    });
    const { client } = fluent;
    expect(await client.readSetting('json.object')).toEqual({ rules: [] });
    expect(await client.readSetting('json.text')).toEqual({ a: 1 });
    expect(await client.readSetting('plain', { contextType: 'RETAILER', contextId: '199' })).toBe('retailer');
    expect(await client.readSetting('json%')).toBeUndefined();
    expect(fluent.calls[0]?.variables).toMatchObject({
      name: ['json.object'],
      context: ['ACCOUNT'],
      contextId: [0],
    });
    expect(fluent.calls[2]?.variables).toMatchObject({ context: ['RETAILER'], contextId: [199] });
  });

  it('closes its transport', async () => {
    const fluent = fakeFluent({});
    await fluent.client.close();
    expect(fluent.transport.closed).toBe(true);
  });
});
