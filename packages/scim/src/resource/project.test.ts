import { describe, expect, it } from 'vitest';
import { getResourceType } from '../schema/registry.ts';
import { attribute } from '../schema/types.ts';
import { CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA } from '../schema/urns.ts';
import type { ProjectionOptions } from './project.ts';
import { project, resourceLocation, toRepresentation, versionTag } from './project.ts';

const BASE = 'https://connector.example.com/scim/v2/';
const META = { created: '2024-05-01T10:00:00.000Z', lastModified: '2024-05-02T11:00:00.000Z', version: 3 };
const RESOURCE = {
  userName: 'alice@example.com',
  externalId: 'ext-1',
  active: true,
  displayName: 'Alice',
  name: { givenName: 'Alice', middleName: 'M', familyName: 'Smith' },
  emails: [{ value: 'alice@example.com', type: 'work', primary: true }],
  [ENTERPRISE_USER_SCHEMA]: { department: 'Stores', manager: { value: 'boss' } },
};

function user(projection: ProjectionOptions = {}, resource: Record<string, unknown> = RESOURCE) {
  return toRepresentation('User', { id: 'u-1', resource, meta: META, baseUrl: BASE }, projection);
}

describe('toRepresentation', () => {
  it('builds schemas, id, meta and the attributes', () => {
    expect(user()).toEqual({
      schemas: [CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
      id: 'u-1',
      meta: {
        resourceType: 'User',
        created: META.created,
        lastModified: META.lastModified,
        location: 'https://connector.example.com/scim/v2/Users/u-1',
        version: 'W/"3"',
      },
      ...RESOURCE,
    });
  });

  it('lists only the extensions present', () => {
    const { [ENTERPRISE_USER_SCHEMA]: _enterprise, ...core } = RESOURCE;
    expect(user({}, core).schemas).toEqual([CORE_USER_SCHEMA]);
  });

  it('never outputs null values, password, or undeclared data', () => {
    const output = user(
      { attributes: 'password,userName' },
      {
        ...RESOURCE,
        password: 'secret',
        nickName: null,
        name: { givenName: 'Alice', familyName: null },
        favouriteColour: 'blue',
        [ENTERPRISE_USER_SCHEMA]: { department: null },
      },
    );
    expect(output).toEqual({ schemas: [CORE_USER_SCHEMA], id: 'u-1', userName: 'alice@example.com' });
    const full = user({}, { ...RESOURCE, password: 'secret', nickName: null, favouriteColour: 'blue' });
    expect(JSON.stringify(full)).not.toContain('secret');
    expect(JSON.stringify(full)).not.toContain('null');
    expect(full).not.toHaveProperty('favouriteColour');
  });

  it('replaces id, meta and schemas found inside the stored resource', () => {
    const output = user({}, { ...RESOURCE, id: 'forged', meta: { version: 'x' }, schemas: ['urn:x'] });
    expect(output.id).toBe('u-1');
    expect(output.schemas).toEqual([CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA]);
    expect((output.meta as Record<string, unknown>).version).toBe('W/"3"');
  });
});

describe('attributes (RFC 7644 3.4.2.5)', () => {
  it('returns only the named attributes plus those returned always', () => {
    expect(user({ attributes: 'userName' })).toEqual({
      schemas: [CORE_USER_SCHEMA],
      id: 'u-1',
      userName: 'alice@example.com',
    });
  });

  it('matches names case-insensitively and accepts a list with spaces', () => {
    expect(Object.keys(user({ attributes: ' USERNAME , DisplayName' })).sort()).toEqual(
      ['displayName', 'id', 'schemas', 'userName'].sort(),
    );
    expect(user({ attributes: ['emails', 'active'] })).toMatchObject({
      active: true,
      emails: RESOURCE.emails,
    });
  });

  it('narrows complex attributes to the named sub-attributes', () => {
    const output = user({ attributes: 'name.givenName,emails.value' });
    expect(output.name).toEqual({ givenName: 'Alice' });
    expect(output.emails).toEqual([{ value: 'alice@example.com' }]);
  });

  it('selects extension attributes by qualified name, unqualified name or the whole extension URN', () => {
    expect(user({ attributes: `${ENTERPRISE_USER_SCHEMA}:department` })).toEqual({
      schemas: [CORE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
      id: 'u-1',
      [ENTERPRISE_USER_SCHEMA]: { department: 'Stores' },
    });
    expect(user({ attributes: 'manager.value' })[ENTERPRISE_USER_SCHEMA]).toEqual({
      manager: { value: 'boss' },
    });
    expect(user({ attributes: ENTERPRISE_USER_SCHEMA.toUpperCase() })[ENTERPRISE_USER_SCHEMA]).toEqual(
      RESOURCE[ENTERPRISE_USER_SCHEMA],
    );
  });

  it('returns meta only when asked for it', () => {
    expect(user({ attributes: 'meta.version' }).meta).toEqual({ version: 'W/"3"' });
  });

  it('selects nothing for unknown names', () => {
    expect(user({ attributes: 'nosuch' })).toEqual({ schemas: [CORE_USER_SCHEMA], id: 'u-1' });
  });
});

describe('excludedAttributes (RFC 7644 3.4.2.5)', () => {
  it('removes the named attributes from the default set', () => {
    const output = user({ excludedAttributes: 'emails,name.middleName,meta' });
    expect(output).not.toHaveProperty('emails');
    expect(output).not.toHaveProperty('meta');
    expect(output.name).toEqual({ givenName: 'Alice', familyName: 'Smith' });
    expect(output.userName).toBe('alice@example.com');
  });

  it('cannot remove attributes returned always', () => {
    expect(user({ excludedAttributes: 'id,schemas' }).id).toBe('u-1');
  });

  it('drops an extension from schemas when all its attributes are excluded', () => {
    const output = user({ excludedAttributes: 'department,manager' });
    expect(output.schemas).toEqual([CORE_USER_SCHEMA]);
    expect(output).not.toHaveProperty(ENTERPRISE_USER_SCHEMA);
  });

  it('removes Group members (Entra excludes them)', () => {
    const group = toRepresentation(
      'Group',
      {
        id: 'g-1',
        resource: { displayName: 'Stores', members: [{ value: 'u-1', type: 'User' }] },
        meta: META,
        baseUrl: BASE,
      },
      { excludedAttributes: 'members' },
    );
    expect(group).not.toHaveProperty('members');
    expect(group.displayName).toBe('Stores');
  });
});

describe('returned facets drive projection generically', () => {
  // A variant of User with an attribute returned only on request, to test the rule from the declaration.
  const base = getResourceType('User');
  const withRequestOnly = {
    ...base,
    schema: {
      ...base.schema,
      attributes: [...base.schema.attributes, attribute('badge', 'string', { returned: 'request' })],
    },
  };

  it('omits returned:request attributes by default and includes them when named', () => {
    const full = { id: 'u-1', userName: 'a', badge: 'B7' };
    expect(project(withRequestOnly, full)).toEqual({ schemas: [CORE_USER_SCHEMA], id: 'u-1', userName: 'a' });
    expect(project(withRequestOnly, full, { attributes: 'badge' })).toEqual({
      schemas: [CORE_USER_SCHEMA],
      id: 'u-1',
      badge: 'B7',
    });
  });
});

describe('helpers', () => {
  it('formats the weak ETag and the location', () => {
    expect(versionTag(12)).toBe('W/"12"');
    expect(resourceLocation('http://h/scim/v2///', 'Group', 'a b')).toBe('http://h/scim/v2/Groups/a%20b');
  });
});
