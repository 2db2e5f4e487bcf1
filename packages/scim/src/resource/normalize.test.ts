import { PROPERTY_TEST_TIMEOUT_MS, propertyRuns } from '@scim-connector/testkit/property';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScimError } from '../errors.ts';
import {
  CONNECTOR_GROUP_SCHEMA,
  CONNECTOR_USER_SCHEMA,
  CORE_GROUP_SCHEMA,
  CORE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA,
} from '../schema/urns.ts';
import { normalizeResource } from './normalize.ts';

/** The fixed seed of this file's property runs, so a failure replays (FC_SEED explores others). */
const SEED = 0xa1f32;

function userBody(attributes: Record<string, unknown>): Record<string, unknown> {
  return { schemas: [CORE_USER_SCHEMA], userName: 'alice@example.com', ...attributes };
}

/** The ScimError `work` throws; fails the test when it throws nothing or something else. */
function scimErrorOf(work: () => unknown): ScimError {
  try {
    work();
  } catch (err) {
    if (err instanceof ScimError) return err;
    throw err;
  }
  throw new Error('expected a ScimError, but nothing was thrown');
}

describe('normalizeResource: Entra ID bodies', () => {
  it('accepts the documented Create User body and drops meta and the empty roles', () => {
    const { resource, ignored } = normalizeResource('User', {
      schemas: [CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      userName: 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
      active: true,
      emails: [{ primary: true, type: 'work', value: 'Test_User_11bb11bb@testuser.com' }],
      meta: { resourceType: 'User' },
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
      roles: [],
    });
    expect(resource).toEqual({
      externalId: '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',
      userName: 'Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
      active: true,
      emails: [{ primary: true, type: 'work', value: 'Test_User_11bb11bb@testuser.com' }],
      name: { formatted: 'givenName familyName', familyName: 'familyName', givenName: 'givenName' },
    });
    expect(ignored).toContain('meta (read-only)');
  });

  it('tolerates explicit nulls, top-level enterprise names and a malformed extension URN (Entra tutorial, Example 2)', () => {
    const { resource } = normalizeResource('User', {
      schemas: [CORE_USER_SCHEMA, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0User'],
      externalId: 'jyoung',
      userName: 'jyoung@testuser.com',
      active: true,
      addresses: null,
      displayName: 'Joy Young',
      emails: [{ type: 'work', value: 'jyoung@Contoso.com', primary: true }],
      meta: { resourceType: 'User' },
      name: { familyName: 'Young', givenName: 'Joy' },
      phoneNumbers: null,
      preferredLanguage: null,
      title: null,
      department: null,
      manager: null,
    });
    expect(resource).toEqual({
      externalId: 'jyoung',
      userName: 'jyoung@testuser.com',
      active: true,
      displayName: 'Joy Young',
      // Stored in the format sent: the mixed-case address is kept as it is.
      emails: [{ type: 'work', value: 'jyoung@Contoso.com', primary: true }],
      name: { familyName: 'Young', givenName: 'Joy' },
    });
    expect(Object.values(resource)).not.toContain(null);
  });

  it('moves top-level enterprise attributes (department, manager) into the enterprise extension', () => {
    const { resource } = normalizeResource('User', userBody({ department: 'Stores', manager: 'boss-id' }));
    expect(resource[ENTERPRISE_USER_SCHEMA]).toEqual({ department: 'Stores', manager: { value: 'boss-id' } });
    expect(resource.department).toBeUndefined();
  });

  it('accepts the Group body with the extra Microsoft schema URI', () => {
    const { resource } = normalizeResource('Group', {
      schemas: [
        CORE_GROUP_SCHEMA,
        'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group',
      ],
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'displayName',
      meta: { resourceType: 'Group' },
    });
    expect(resource).toEqual({
      externalId: '8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159',
      displayName: 'displayName',
    });
  });

  it.each([
    ['False', false],
    ['false', false],
    ['True', true],
    ['TRUE', true],
    [false, false],
  ])('coerces active %o to %o', (sent, stored) => {
    expect(normalizeResource('User', userBody({ active: sent })).resource.active).toBe(stored);
  });

  it('coerces string booleans inside multi-valued attributes (primary "true")', () => {
    const { resource } = normalizeResource(
      'User',
      userBody({
        emails: [
          { value: 'a@example.com', primary: 'true' },
          { value: 'b@example.com', primary: 'False' },
        ],
      }),
    );
    expect(resource.emails).toEqual([
      { value: 'a@example.com', primary: true },
      { value: 'b@example.com', primary: false },
    ]);
  });

  it('rejects a string that is not a boolean word, naming the attribute', () => {
    const error = scimErrorOf(() => normalizeResource('User', userBody({ active: 'yes' })));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toContain("'active'");
    expect(error.detail).toContain('boolean');
    expect(error.detail).toContain('"yes"');
  });

  it.each([
    ['a bare string', 'boss-id'],
    [
      'an object with $ref and a read-only displayName',
      { value: 'boss-id', $ref: '../Users/boss-id', displayName: 'B' },
    ],
    [
      'a one-element array, as in the PATCH example',
      [{ $ref: 'http://x/scim/Users/boss-id', value: 'boss-id' }],
    ],
  ])('stores manager sent as %s as {value}', (_label, manager) => {
    const { resource } = normalizeResource('User', userBody({ [ENTERPRISE_USER_SCHEMA]: { manager } }));
    expect(resource[ENTERPRISE_USER_SCHEMA]).toEqual({ manager: { value: 'boss-id' } });
  });

  it('treats an empty manager string as no manager', () => {
    const { resource } = normalizeResource('User', userBody({ [ENTERPRISE_USER_SCHEMA]: { manager: '' } }));
    expect(resource[ENTERPRISE_USER_SCHEMA]).toBeUndefined();
  });
});

describe('normalizeResource: Okta bodies', () => {
  const oktaCreate = {
    schemas: [CORE_USER_SCHEMA],
    userName: 'test.user@okta.local',
    name: { givenName: 'Test', familyName: 'User' },
    emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
    displayName: 'Test User',
    locale: 'en-US',
    externalId: '00ujl29u0le5T6Aj10h7',
    groups: [],
    password: '1mz050nq',
    active: true,
  };

  it('accepts the create body and never keeps the password', () => {
    const { resource, ignored } = normalizeResource('User', oktaCreate);
    expect(resource).toEqual({
      userName: 'test.user@okta.local',
      name: { givenName: 'Test', familyName: 'User' },
      emails: [{ primary: true, value: 'test.user@okta.local', type: 'work' }],
      displayName: 'Test User',
      locale: 'en-US',
      externalId: '00ujl29u0le5T6Aj10h7',
      active: true,
    });
    expect(JSON.stringify(resource)).not.toContain('1mz050nq');
    expect(ignored).toContain('password (write-only, not stored)');
  });

  it('ignores read-only id, meta and groups in a full PUT body', () => {
    const { resource, ignored } = normalizeResource('User', {
      schemas: [CORE_USER_SCHEMA],
      id: '23a35c27-23d3-4c03-b4c5-6443c09e7173',
      userName: 'test.user@okta.local',
      name: { givenName: 'Another', middleName: 'Excited', familyName: 'User' },
      emails: [
        { primary: true, value: 'test.user@okta.local', type: 'work', display: 'test.user@okta.local' },
      ],
      active: false,
      groups: [{ value: 'g1', display: 'Stores' }],
      meta: { resourceType: 'User' },
      password: 'secret',
    });
    expect(resource).toEqual({
      userName: 'test.user@okta.local',
      name: { givenName: 'Another', middleName: 'Excited', familyName: 'User' },
      emails: [
        { primary: true, value: 'test.user@okta.local', type: 'work', display: 'test.user@okta.local' },
      ],
      active: false,
    });
    expect(ignored).toEqual(
      expect.arrayContaining(['id (read-only)', 'groups (read-only)', 'meta (read-only)']),
    );
  });

  it('accepts a group push with empty members and members without type (Okta)', () => {
    expect(
      normalizeResource('Group', { schemas: [CORE_GROUP_SCHEMA], displayName: 'Test SCIMv2', members: [] })
        .resource,
    ).toEqual({ displayName: 'Test SCIMv2' });
    const { resource } = normalizeResource('Group', {
      schemas: [CORE_GROUP_SCHEMA],
      displayName: 'Test SCIMv2',
      members: [{ value: '23a35c27', display: 'test.user@okta.local' }],
    });
    expect(resource.members).toEqual([{ value: '23a35c27', display: 'test.user@okta.local' }]);
  });
});

describe('normalizeResource: OneLogin bodies', () => {
  it('accepts the SCIM 1.1 URNs of its templates, a single emails object and manager.managerId', () => {
    const { resource } = normalizeResource('User', {
      schemas: ['urn:scim:schemas:core:1.0', 'urn:scim:schemas:extension:enterprise:1.0'],
      userName: 'kim@example.com',
      name: { givenName: 'Kim', familyName: 'Lee' },
      emails: { value: 'kim@example.com', primary: true },
      'urn:scim:schemas:extension:enterprise:1.0': {
        department: 'Stores',
        manager: { managerId: 'boss-1' },
      },
    });
    expect(resource).toEqual({
      userName: 'kim@example.com',
      name: { givenName: 'Kim', familyName: 'Lee' },
      emails: [{ value: 'kim@example.com', primary: true }],
      [ENTERPRISE_USER_SCHEMA]: { department: 'Stores', manager: { value: 'boss-1' } },
    });
  });

  it('accepts the 2.0-numbered spellings its traffic shows, for Users and Groups', () => {
    const user = normalizeResource('User', {
      schemas: ['urn:scim:schemas:core:2.0', 'urn:scim:schemas:extension:enterprise:2.0'],
      userName: 'kim@example.com',
      'urn:scim:schemas:extension:enterprise:2.0': { employeeNumber: '42' },
    });
    expect(user.resource).toEqual({
      userName: 'kim@example.com',
      [ENTERPRISE_USER_SCHEMA]: { employeeNumber: '42' },
    });
    const group = normalizeResource('Group', {
      schemas: ['urn:scim:schemas:core:2.0'],
      displayName: 'Stores',
    });
    expect(group.resource).toEqual({ displayName: 'Stores' });
  });

  it('still needs a core schema: the enterprise alias alone, or a near miss, is refused', () => {
    for (const schemas of [
      ['urn:scim:schemas:extension:enterprise:1.0'],
      ['urn:scim:schemas:core:3.0'],
      ['urn:scim:schemas:core'],
    ]) {
      const error = scimErrorOf(() => normalizeResource('User', { schemas, userName: 'kim@example.com' }));
      expect(error.scimType).toBe('invalidValue');
    }
  });

  it('takes a single object only for a multi-valued complex attribute, and still validates it', () => {
    const error = scimErrorOf(() =>
      normalizeResource('User', userBody({ emails: { value: 7, primary: true } })),
    );
    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toContain('emails[0].value');
  });
});

describe('normalizeResource: names and schemas', () => {
  it('matches attribute names case-insensitively and writes them in schema case', () => {
    const { resource } = normalizeResource('User', {
      SCHEMAS: [CORE_USER_SCHEMA.toUpperCase()],
      USERNAME: 'bob@example.com',
      Name: { GIVENNAME: 'Bob', familyname: 'Builder' },
      EMAILS: [{ VALUE: 'bob@example.com', Primary: true, TYPE: 'work' }],
      ExternalID: 'ext-1',
    });
    expect(resource).toEqual({
      userName: 'bob@example.com',
      name: { givenName: 'Bob', familyName: 'Builder' },
      emails: [{ value: 'bob@example.com', primary: true, type: 'work' }],
      externalId: 'ext-1',
    });
  });

  it('keys extension objects by their canonical URN, matched case-insensitively', () => {
    const { resource } = normalizeResource(
      'User',
      userBody({ [ENTERPRISE_USER_SCHEMA.toUpperCase()]: { EmployeeNumber: '701984', DEPARTMENT: 'Tour' } }),
    );
    expect(resource[ENTERPRISE_USER_SCHEMA]).toEqual({ employeeNumber: '701984', department: 'Tour' });
  });

  it('accepts URN-qualified attribute keys', () => {
    const { resource } = normalizeResource(
      'User',
      userBody({
        [`${ENTERPRISE_USER_SCHEMA}:employeeNumber`]: '42',
        [`${CORE_USER_SCHEMA}:nickName`]: 'Al',
      }),
    );
    expect(resource[ENTERPRISE_USER_SCHEMA]).toEqual({ employeeNumber: '42' });
    expect(resource.nickName).toBe('Al');
  });

  it('drops data under unknown schema URNs and unknown attributes, and reports them', () => {
    const { resource, ignored } = normalizeResource(
      'User',
      userBody({
        'urn:example:custom:2.0:User': { badge: '7' },
        favouriteColour: 'blue',
        name: { givenName: 'Al', nickname2: 'x' },
      }),
    );
    expect(resource).toEqual({ userName: 'alice@example.com', name: { givenName: 'Al' } });
    expect(ignored).toEqual(
      expect.arrayContaining([
        'urn:example:custom:2.0:User (unknown schema or attribute)',
        'favouriteColour (not an attribute of User)',
        'name.nickname2 (not a sub-attribute of name)',
      ]),
    );
  });

  it('ignores the connector read-only extension on input, as an object or at the top level', () => {
    const { resource, ignored } = normalizeResource(
      'User',
      userBody({
        [CONNECTOR_USER_SCHEMA]: { platformStatus: 'ACTIVE', blockedReasons: ['no-roles'] },
        lastSyncedAt: '2024-01-01T00:00:00Z',
      }),
    );
    expect(resource).toEqual({ userName: 'alice@example.com' });
    expect(ignored).toEqual(
      expect.arrayContaining([
        `${CONNECTOR_USER_SCHEMA}:platformStatus (read-only)`,
        `${CONNECTOR_USER_SCHEMA}:blockedReasons (read-only)`,
        'lastSyncedAt (read-only)',
      ]),
    );
  });

  it.each([
    ['missing', {}],
    ['not an array', { schemas: CORE_USER_SCHEMA }],
    ['without the core schema', { schemas: [ENTERPRISE_USER_SCHEMA] }],
    ['holding a non-string', { schemas: [CORE_USER_SCHEMA, 7] }],
  ])('rejects schemas %s with invalidValue naming the core URN', (_label, schemas) => {
    const body: Record<string, unknown> = { userName: 'alice@example.com', ...schemas };
    const error = scimErrorOf(() => normalizeResource('User', body));
    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toContain(CORE_USER_SCHEMA);
  });

  it('rejects a User body sent to Groups', () => {
    const error = scimErrorOf(() =>
      normalizeResource('Group', { schemas: [CORE_USER_SCHEMA], displayName: 'x' }),
    );
    expect(error.detail).toContain(CORE_GROUP_SCHEMA);
  });

  it.each([[null], [[]], ['text'], [42]])('rejects the non-object body %o with invalidSyntax', (body) => {
    const error = scimErrorOf(() => normalizeResource('User', body));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidSyntax');
    expect(error.detail).toContain('JSON object');
  });

  it('rejects the same attribute twice with different values', () => {
    const twice = scimErrorOf(() =>
      normalizeResource('User', { schemas: [CORE_USER_SCHEMA], userName: 'a', USERNAME: 'b' }),
    );
    expect(twice.detail).toContain("'USERNAME' is given twice");
    const both = scimErrorOf(() =>
      normalizeResource('User', userBody({ department: 'A', [ENTERPRISE_USER_SCHEMA]: { department: 'B' } })),
    );
    expect(both.scimType).toBe('invalidValue');
    // Equal values are not a conflict.
    const same = normalizeResource(
      'User',
      userBody({ department: 'A', [ENTERPRISE_USER_SCHEMA]: { department: 'A' } }),
    );
    expect(same.resource[ENTERPRISE_USER_SCHEMA]).toEqual({ department: 'A' });
  });

  it('rejects an extension key that does not hold an object', () => {
    const error = scimErrorOf(() =>
      normalizeResource('User', userBody({ [ENTERPRISE_USER_SCHEMA]: 'Sales' })),
    );
    expect(error.detail).toContain('must be a JSON object');
  });
});

describe('normalizeResource: validation', () => {
  it.each([
    ['userName missing', {}, "attribute 'userName' is required"],
    ['userName null', { userName: null }, "attribute 'userName' is required"],
    ['userName empty', { userName: '' }, "attribute 'userName' must not be empty"],
    ['userName a number', { userName: 42 }, "attribute 'userName' must be a string, got number 42"],
    [
      'emails not an array',
      { userName: 'a', emails: 'a@example.com' },
      "attribute 'emails' must be a JSON array",
    ],
    ['name a string', { userName: 'a', name: 'Al' }, "attribute 'name' must be a JSON object"],
    [
      'an email value a number',
      { userName: 'a', emails: [{ value: 5 }] },
      "'emails[0].value' must be a string",
    ],
    [
      'an enterprise value a number',
      { userName: 'a', [ENTERPRISE_USER_SCHEMA]: { employeeNumber: 7 } },
      `'${ENTERPRISE_USER_SCHEMA}:employeeNumber' must be a string`,
    ],
    [
      'a role without value',
      { userName: 'a', roles: [{ display: 'x' }] },
      "attribute 'roles[0].value' is required",
    ],
  ])('rejects %s with a detail naming it', (_label, attributes, expected) => {
    const error = scimErrorOf(() =>
      normalizeResource('User', { schemas: [CORE_USER_SCHEMA], ...attributes }),
    );
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toContain(expected);
  });

  it('requires displayName on a Group and value on each member', () => {
    const noName = scimErrorOf(() => normalizeResource('Group', { schemas: [CORE_GROUP_SCHEMA] }));
    expect(noName.detail).toContain("attribute 'displayName' is required");
    const noValue = scimErrorOf(() =>
      normalizeResource('Group', {
        schemas: [CORE_GROUP_SCHEMA],
        displayName: 'G',
        members: [{ display: 'x' }],
      }),
    );
    expect(noValue.detail).toContain("attribute 'members[0].value' is required");
  });

  it('rejects more than one primary entry', () => {
    const error = scimErrorOf(() =>
      normalizeResource(
        'User',
        userBody({
          emails: [
            { value: 'a@example.com', primary: true },
            { value: 'b@example.com', primary: 'True' },
          ],
        }),
      ),
    );
    expect(error.scimType).toBe('invalidValue');
    expect(error.detail).toContain("'emails' has 2 entries marked");
  });

  it('lists several problems at once, at most three', () => {
    const error = scimErrorOf(() =>
      normalizeResource('User', {
        schemas: [CORE_USER_SCHEMA],
        userName: 1,
        displayName: 2,
        nickName: 3,
        title: 4,
        locale: 5,
      }),
    );
    expect(error.detail.split(';')).toHaveLength(3);
    expect(error.detail).toContain('(and 2 more)');
  });
});

describe('normalizeResource: Groups', () => {
  it('drops null $ref in members (Entra) and keeps type when given', () => {
    const { resource } = normalizeResource('Group', {
      schemas: [CORE_GROUP_SCHEMA],
      displayName: 'G',
      members: [
        { $ref: null, value: 'f648f8d5ea4e4cd38e9c' },
        { value: 'g2', type: 'Group' },
      ],
    });
    expect(resource.members).toEqual([{ value: 'f648f8d5ea4e4cd38e9c' }, { value: 'g2', type: 'Group' }]);
  });

  it('accepts roles as plain strings, as Okta sends custom array attributes', () => {
    const { resource } = normalizeResource(
      'User',
      userBody({ roles: ['AGENT_134_STORE', '', 'ACCOUNT_0_ADMIN'] }),
    );
    expect(resource.roles).toEqual([{ value: 'AGENT_134_STORE' }, { value: 'ACCOUNT_0_ADMIN' }]);
    const single = normalizeResource('User', userBody({ roles: 'RETAILER_199_STORE' }));
    expect(single.resource.roles).toEqual([{ value: 'RETAILER_199_STORE' }]);
  });

  it('normalises the group roles extension, also when roles arrive at the top level', () => {
    const viaExtension = normalizeResource('Group', {
      schemas: [CORE_GROUP_SCHEMA, CONNECTOR_GROUP_SCHEMA],
      displayName: 'EU Store Managers',
      [CONNECTOR_GROUP_SCHEMA.toLowerCase()]: {
        Roles: [{ Value: 'RETAILER_199_STORE_MANAGER', primary: 'false' }],
      },
    });
    expect(viaExtension.resource[CONNECTOR_GROUP_SCHEMA]).toEqual({
      roles: [{ value: 'RETAILER_199_STORE_MANAGER', primary: false }],
    });
    const topLevel = normalizeResource('Group', {
      schemas: [CORE_GROUP_SCHEMA],
      displayName: 'EU Store Managers',
      roles: [{ value: 'RETAILER_199_STORE_MANAGER' }],
    });
    expect(topLevel.resource[CONNECTOR_GROUP_SCHEMA]).toEqual({
      roles: [{ value: 'RETAILER_199_STORE_MANAGER' }],
    });
  });
});

function containsNull(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value !== 'object') return false;
  return Object.values(value).some(containsNull);
}

describe('normalizeResource: properties', () => {
  const email = fc.record(
    {
      value: fc.emailAddress(),
      type: fc.constantFrom('work', 'home', 'other'),
      display: fc.option(fc.string(), { nil: null }),
    },
    { requiredKeys: ['value'] },
  );
  const body = fc.record(
    {
      userName: fc.string({ minLength: 1 }),
      displayName: fc.option(fc.string(), { nil: null }),
      active: fc.constantFrom(true, false, 'True', 'False', 'true', 'false', null),
      emails: fc.option(fc.array(email, { maxLength: 3 }), { nil: null }),
      name: fc.option(
        fc.record({ givenName: fc.string(), familyName: fc.option(fc.string(), { nil: null }) }),
        {
          nil: null,
        },
      ),
      [ENTERPRISE_USER_SCHEMA]: fc.option(
        fc.record({
          department: fc.string(),
          manager: fc.oneof(fc.string({ minLength: 1 }), fc.constant(null)),
        }),
        { nil: null },
      ),
    },
    { requiredKeys: ['userName'] },
  );

  it(
    'is idempotent, null-free and keeps booleans boolean',
    () => {
      fc.assert(
        fc.property(body, (attributes) => {
          const once = normalizeResource('User', { schemas: [CORE_USER_SCHEMA], ...attributes }).resource;
          const twice = normalizeResource('User', { schemas: [CORE_USER_SCHEMA], ...once }).resource;
          expect(twice).toEqual(once);
          expect(containsNull(once)).toBe(false);
          if ('active' in once) expect(typeof once.active).toBe('boolean');
        }),
        propertyRuns(100, SEED),
      );
    },
    PROPERTY_TEST_TIMEOUT_MS,
  );
});
