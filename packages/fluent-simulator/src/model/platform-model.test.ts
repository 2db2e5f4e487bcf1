import { describe, expect, it } from 'vitest';
import { createPlatformModel } from '../seed/create-model.ts';
import { FluentError, FluentErrorCode } from './fluent-error.ts';
import type { CreateUserInput } from './inputs.ts';

const validUser = (username: string, extra: Partial<CreateUserInput> = {}): CreateUserInput => ({
  ref: username,
  username,
  password: 'secret',
  primaryEmail: username,
  type: 'ADMIN',
  timezone: 'Australia/Sydney',
  ...extra,
});

function failure(work: () => unknown): FluentError {
  try {
    work();
  } catch (error) {
    if (error instanceof FluentError) return error;
    throw error;
  }
  throw new Error('expected a FluentError');
}

describe('PlatformModel users', () => {
  it('creates users with numeric string ids, ACTIVE, with timestamps', () => {
    const model = createPlatformModel();
    const first = model.createUser(validUser('a@example.com'));
    const second = model.createUser(validUser('b@example.com'));
    expect(first.id).toMatch(/^\d+$/);
    expect(Number(second.id)).toBe(Number(first.id) + 1);
    expect(first.status).toBe('ACTIVE');
    expect(Date.parse(first.createdOn)).not.toBeNaN();
    expect(model.getUserByUsername('a@example.com')).toBe(first);
  });

  it.each(['ref', 'username', 'password', 'primaryEmail', 'type', 'timezone'] as const)(
    'requires %s on create',
    (field) => {
      const model = createPlatformModel();
      const error = failure(() => model.createUser({ ...validUser('x@example.com'), [field]: '  ' }));
      expect(error.code).toBe(FluentErrorCode.invalidInput);
      expect(error.message).toBe(`C0110E: createUser: "${field}" is required and must not be blank`);
      expect(model.userCount).toBe(0);
    },
  );

  it.each([
    ['firstName', 50],
    ['primaryPhone', 20],
    ['ref', 100],
    ['username', 250],
    ['department', 255],
  ] as const)('limits %s to %i characters', (field, limit) => {
    const model = createPlatformModel();
    model.createUser(validUser(`ok-${field}`, { [field]: 'x'.repeat(limit) }));
    const error = failure(() =>
      model.createUser({ ...validUser(`long-${field}`), [field]: 'y'.repeat(limit + 1) }),
    );
    expect(error.message).toContain(
      `"${field}" is ${limit + 1} characters long; at most ${limit} are allowed`,
    );
  });

  it('accepts only the known user types', () => {
    const model = createPlatformModel();
    expect(failure(() => model.createUser(validUser('t', { type: 'ROBOT' }))).message).toContain(
      '"type" must be one of ADMIN, RETAILER, LOCATION, API, AGENT, SUPPORT; got "ROBOT"',
    );
  });

  it('requires the primary context a RETAILER or LOCATION user works in', () => {
    const model = createPlatformModel();
    expect(failure(() => model.createUser(validUser('r', { type: 'RETAILER' }))).message).toContain(
      'createUser: a user of type RETAILER needs "primaryRetailer"',
    );
    const retailer = model.createUser(validUser('r2', { type: 'RETAILER', primaryRetailer: { id: '199' } }));
    expect(retailer).toMatchObject({ type: 'RETAILER', primaryRetailerId: '199' });
    // The state after the update counts: a user that has a location already may become LOCATION without one.
    const located = model.createUser(validUser('l', { type: 'ADMIN', primaryLocation: { id: '134' } }));
    expect(model.updateUser({ id: located.id, type: 'LOCATION' })).toMatchObject({ type: 'LOCATION' });
    expect(failure(() => model.updateUser({ id: retailer.id, type: 'LOCATION' })).code).toBe(
      FluentErrorCode.invalidInput,
    );
    expect(model.getUserById(retailer.id)?.type).toBe('RETAILER');
  });

  it('keeps usernames unique', () => {
    const model = createPlatformModel();
    model.createUser(validUser('same@example.com'));
    const error = failure(() => model.createUser(validUser('same@example.com', { ref: 'other' })));
    expect(error.code).toBe(FluentErrorCode.alreadyExists);
    expect(model.userCount).toBe(1);
  });

  it('refuses an unknown role and creates nothing', () => {
    const model = createPlatformModel();
    const roles = [
      { role: { name: 'STORE' }, contexts: [{ contextType: 'AGENT', contextId: '134' }] },
      { role: { name: 'WIZARD' }, contexts: [{ contextType: 'AGENT', contextId: '134' }] },
    ];
    const error = failure(() => model.createUser(validUser('r@example.com', { roles })));
    expect(error).toMatchObject({
      code: FluentErrorCode.notFound,
      message: 'C0120E: createUser: role "WIZARD" does not exist',
    });
    expect(model.getUserByUsername('r@example.com')).toBeUndefined();
  });

  it('refuses a role without contexts and an unknown context type', () => {
    const model = createPlatformModel();
    expect(
      failure(() => model.createUser(validUser('c', { roles: [{ role: { name: 'STORE' }, contexts: [] }] })))
        .message,
    ).toContain('at least one context');
    const badType = [{ role: { name: 'STORE' }, contexts: [{ contextType: 'PLANET', contextId: '3' }] }];
    expect(failure(() => model.createUser(validUser('c', { roles: badType }))).message).toContain(
      '"contextType" must be one of ACCOUNT, RETAILER, AGENT; got "PLANET"',
    );
  });

  it('updates only the fields given', () => {
    const model = createPlatformModel();
    const user = model.createUser(validUser('u@example.com', { firstName: 'Ada', lastName: 'Lovelace' }));
    model.updateUser({ id: user.id, firstName: 'Grace', lastName: null, status: 'INACTIVE' });
    expect(model.getUserById(user.id)).toMatchObject({
      firstName: 'Grace',
      lastName: 'Lovelace',
      status: 'INACTIVE',
      username: 'u@example.com',
    });
    expect(failure(() => model.updateUser({ id: user.id, status: 'GONE' })).message).toContain(
      '"status" must be one of ACTIVE, INACTIVE',
    );
    expect(failure(() => model.updateUser({ id: '424242', firstName: 'X' })).code).toBe(
      FluentErrorCode.notFound,
    );
  });

  it('upserts attributes by name', () => {
    const model = createPlatformModel();
    const user = model.createUser(
      validUser('attr', { attributes: [{ name: 'a', type: 'STRING', value: '1' }] }),
    );
    model.updateUser({
      id: user.id,
      attributes: [
        { name: 'a', type: 'STRING', value: '2' },
        { name: 'b', type: 'JSON', value: { x: 1 } },
      ],
    });
    expect(model.getUserById(user.id)?.attributes).toEqual([
      { name: 'a', type: 'STRING', value: '2' },
      { name: 'b', type: 'JSON', value: { x: 1 } },
    ]);
  });

  it('only ever adds roles on update: merged by role name, contexts unioned', () => {
    const model = createPlatformModel();
    const user = model.createUser(
      validUser('roles@example.com', {
        roles: [{ role: { name: 'STORE' }, contexts: [{ contextType: 'AGENT', contextId: '134' }] }],
      }),
    );
    model.updateUser({
      id: user.id,
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
    model.updateUser({ id: user.id, roles: [] });
    expect(model.getUserById(user.id)?.roles).toEqual([
      {
        roleName: 'STORE',
        contexts: [
          { contextType: 'AGENT', contextId: '134' },
          { contextType: 'AGENT', contextId: '135' },
        ],
      },
      { roleName: 'GRAPHQL', contexts: [{ contextType: 'ACCOUNT', contextId: '0' }] },
    ]);
  });

  it('removes roles per (role, context) and drops a role left without contexts', () => {
    const model = createPlatformModel({
      users: [{ username: 'rm', roles: ['AGENT_134_STORE', 'AGENT_135_STORE', 'ACCOUNT_0_GRAPHQL'] }],
    });
    const user = model.getUserByUsername('rm');
    const key = { id: user?.id, username: 'rm' };
    expect(
      model.removeUserRolesFromUser({
        user: key,
        roles: [
          { role: { name: 'STORE' }, contexts: [{ contextType: 'AGENT', contextId: '134' }] },
          { role: { name: 'GRAPHQL' }, contexts: [{ contextType: 'ACCOUNT', contextId: '0' }] },
          { role: { name: 'ADMIN' }, contexts: [{ contextType: 'ACCOUNT', contextId: '0' }] },
        ],
      }),
    ).toEqual({ status: 'SUCCESS' });
    expect(model.getUserByUsername('rm')?.roles).toEqual([
      { roleName: 'STORE', contexts: [{ contextType: 'AGENT', contextId: '135' }] },
    ]);
  });

  it('finds the user for removal by every key given', () => {
    const model = createPlatformModel({ users: [{ username: 'one' }, { username: 'two' }] });
    const one = model.getUserByUsername('one');
    const mismatch = failure(() =>
      model.removeUserRolesFromUser({ user: { id: one?.id, username: 'two' }, roles: [] }),
    );
    expect(mismatch.code).toBe(FluentErrorCode.notFound);
    expect(mismatch.message).toContain(`no user with id ${one?.id} and username "two"`);
    expect(failure(() => model.removeUserRolesFromUser({ user: {}, roles: [] })).code).toBe(
      FluentErrorCode.invalidInput,
    );
  });

  it('lists users newest first with exact and % wildcard filters', () => {
    const model = createPlatformModel({
      users: [
        { username: 'alice@eu.example', department: 'Stores' },
        { username: 'bob@eu.example', status: 'INACTIVE' },
        { username: 'carol@us.example', department: 'Stores' },
        { username: 'a_b@eu.example' },
      ],
    });
    const names = (filter: Parameters<typeof model.listUsers>[0]) =>
      model.listUsers(filter).map((u) => u.username);
    expect(names({})).toEqual(['a_b@eu.example', 'carol@us.example', 'bob@eu.example', 'alice@eu.example']);
    expect(names({ username: ['bob@eu.example'] })).toEqual(['bob@eu.example']);
    expect(names({ username: ['bob@eu'] })).toEqual([]);
    expect(names({ username: ['%@eu.example'] })).toEqual([
      'a_b@eu.example',
      'bob@eu.example',
      'alice@eu.example',
    ]);
    expect(names({ username: ['a%'], department: ['Stores'] })).toEqual(['alice@eu.example']);
    expect(names({ status: ['INACTIVE'] })).toEqual(['bob@eu.example']);
    expect(names({ username: ['a_b%', 'carol%'] })).toEqual(['a_b@eu.example', 'carol@us.example']);
  });
});

describe('PlatformModel catalogue, contexts and settings', () => {
  it('creates roles with unique names', () => {
    const model = createPlatformModel({ roles: [] });
    expect(model.createRole({ name: 'PICKER' })).toMatchObject({ name: 'PICKER', permissions: [] });
    expect(failure(() => model.createRole({ name: 'PICKER' })).code).toBe(FluentErrorCode.alreadyExists);
    expect(model.listRoles().map((role) => role.name)).toEqual(['PICKER']);
  });

  it('knows which contexts exist', () => {
    const model = createPlatformModel();
    expect(model.contextExists('ACCOUNT', '0')).toBe(true);
    expect(model.contextExists('RETAILER', '199')).toBe(true);
    expect(model.contextExists('AGENT', '134')).toBe(true);
    expect(model.contextExists('AGENT', '199')).toBe(false);
    expect(model.contextExists('RETAILER', '134')).toBe(false);
    expect(model.contextExists('CUSTOMER', '1')).toBe(false);
  });

  it('keeps one setting per name and context, and reads values by type', () => {
    const model = createPlatformModel({ settings: [] });
    const created = model.createSetting({
      name: 'n',
      valueType: 'INTEGER',
      value: '42',
      context: 'ACCOUNT',
      contextId: 0,
    });
    model.createSetting({
      name: 'n',
      valueType: 'BOOLEAN',
      value: 'true',
      context: 'RETAILER',
      contextId: 199,
    });
    expect(
      failure(() =>
        model.createSetting({ name: 'n', valueType: 'STRING', value: 'x', context: 'ACCOUNT', contextId: 0 }),
      ).code,
    ).toBe(FluentErrorCode.alreadyExists);
    expect(model.readSettingValue('n')).toBe(42);
    expect(model.readSettingValue('n', { contextType: 'RETAILER', contextId: '199' })).toBe(true);
    expect(model.readSettingValue('n', { contextType: 'AGENT', contextId: '134' })).toBeUndefined();

    model.updateSetting({
      id: created.id,
      valueType: 'JSON',
      lobValue: { a: 1 },
      context: 'ACCOUNT',
      contextId: 0,
    });
    expect(model.readSettingValue('n')).toEqual({ a: 1 });
    expect(
      failure(() =>
        model.updateSetting({ id: created.id, valueType: 'JSON', context: 'RETAILER', contextId: 199 }),
      ).message,
    ).toContain('already exists at RETAILER 199');
    expect(
      failure(() => model.updateSetting({ id: '999', valueType: 'JSON', context: 'ACCOUNT', contextId: 0 }))
        .code,
    ).toBe(FluentErrorCode.notFound);
    expect(
      failure(() => model.createSetting({ name: 'm', valueType: 'XML', context: 'ACCOUNT', contextId: 0 }))
        .message,
    ).toContain('"valueType" must be one of LOB, STRING, INTEGER, BOOLEAN, JSON');
  });
});
