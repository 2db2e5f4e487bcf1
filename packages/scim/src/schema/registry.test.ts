import { describe, expect, it } from 'vitest';
import { connectorUserSchema, enterpriseUserSchema, resourceTypes, schemas } from './definitions.ts';
import {
  findAttribute,
  findResourceType,
  findSchema,
  getResourceType,
  getSchema,
  isCaseExact,
  isMultiValued,
} from './registry.ts';
import type { AttributeDefinition } from './types.ts';
import {
  CONNECTOR_GROUP_SCHEMA,
  CONNECTOR_USER_SCHEMA,
  CORE_GROUP_SCHEMA,
  CORE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA,
} from './urns.ts';

describe('definitions', () => {
  it('declares the RFC 7643 core User attributes with their RFC facets', () => {
    const userName = findAttribute('User', 'userName')?.attribute;
    expect(userName).toMatchObject({
      type: 'string',
      required: true,
      caseExact: false,
      uniqueness: 'server',
    });
    expect(findAttribute('User', 'password')?.attribute).toMatchObject({
      mutability: 'writeOnly',
      returned: 'never',
    });
    expect(findAttribute('User', 'groups')?.attribute).toMatchObject({
      mutability: 'readOnly',
      multiValued: true,
    });
    expect(findAttribute('User', 'id')?.attribute).toMatchObject({ returned: 'always', caseExact: true });
    expect(findAttribute('User', 'emails.type')?.target.canonicalValues).toEqual(['work', 'home', 'other']);
  });

  it('declares the connector User extension read-only, with the fixed URN', () => {
    expect(connectorUserSchema.id).toBe('urn:ietf:params:scim:schemas:extension:scim-connector:2.0:User');
    const byName = Object.fromEntries(connectorUserSchema.attributes.map((a) => [a.name, a]));
    expect(Object.keys(byName).sort()).toEqual([
      'blockedReasons',
      'driftDetectedAt',
      'lastSyncedAt',
      'platformStatus',
      'syncError',
    ]);
    for (const attribute of connectorUserSchema.attributes) expect(attribute.mutability).toBe('readOnly');
    expect(byName.blockedReasons).toMatchObject({ type: 'string', multiValued: true });
    expect(byName.lastSyncedAt).toMatchObject({ type: 'dateTime' });
    expect(byName.driftDetectedAt).toMatchObject({ type: 'dateTime', mutability: 'readOnly' });
  });

  it('declares the Group roles extension with {value, display, type, primary}', () => {
    const roles = findAttribute('Group', { uri: CONNECTOR_GROUP_SCHEMA, attr: 'roles' });
    expect(CONNECTOR_GROUP_SCHEMA).toBe('urn:ietf:params:scim:schemas:extension:scim-connector:2.0:Group');
    expect(roles?.extension).toBe(true);
    expect(roles?.attribute.multiValued).toBe(true);
    expect(roles?.attribute.subAttributes?.map((sub) => sub.name)).toEqual([
      'value',
      'display',
      'type',
      'primary',
    ]);
  });

  it('gives every attribute a description and sub-attributes only to complex attributes', () => {
    const walk = (attribute: AttributeDefinition): void => {
      expect(attribute.description, attribute.name).not.toBe('');
      expect(attribute.subAttributes !== undefined, attribute.name).toBe(attribute.type === 'complex');
      attribute.subAttributes?.forEach(walk);
    };
    for (const schema of schemas) schema.attributes.forEach(walk);
  });

  it('wires the extensions to their resource types', () => {
    expect(resourceTypes.map((type) => type.name)).toEqual(['User', 'Group']);
    expect(getResourceType('User').extensions.map((ext) => ext.schema.id)).toEqual([
      ENTERPRISE_USER_SCHEMA,
      CONNECTOR_USER_SCHEMA,
    ]);
    expect(getResourceType('Group').schema.id).toBe(CORE_GROUP_SCHEMA);
  });
});

describe('findAttribute', () => {
  it('matches names case-insensitively and returns the canonical declaration', () => {
    const found = findAttribute('User', { attr: 'USERNAME' });
    expect(found?.attribute.name).toBe('userName');
    expect(found?.extension).toBe(false);
    expect(findAttribute('User', { attr: 'Name', sub: 'GIVENNAME' })?.target.name).toBe('givenName');
    expect(findAttribute('Group', 'Members')?.attribute.name).toBe('members');
  });

  it('accepts dotted sub-attribute paths', () => {
    const found = findAttribute('User', 'name.familyName');
    expect(found?.attribute.name).toBe('name');
    expect(found?.sub?.name).toBe('familyName');
    expect(found?.target).toBe(found?.sub);
  });

  it('resolves extension URNs given in uri or as a prefix of the name (Entra enterprise paths)', () => {
    const viaUri = findAttribute('User', { uri: ENTERPRISE_USER_SCHEMA, attr: 'employeeNumber' });
    expect(viaUri).toMatchObject({ extension: true, schema: enterpriseUserSchema });
    const prefixed = findAttribute('User', `${ENTERPRISE_USER_SCHEMA.toUpperCase()}:Manager.Value`);
    expect(prefixed?.schema.id).toBe(ENTERPRISE_USER_SCHEMA);
    expect(prefixed?.attribute.name).toBe('manager');
    expect(prefixed?.sub?.name).toBe('value');
    for (const name of ['department', 'organization']) {
      expect(findAttribute('User', `${ENTERPRISE_USER_SCHEMA}:${name}`)?.attribute.name).toBe(name);
    }
  });

  it('accepts the core URN prefix, including for common attributes', () => {
    expect(findAttribute('User', `${CORE_USER_SCHEMA}:userName`)?.attribute.name).toBe('userName');
    expect(findAttribute('User', { uri: CORE_USER_SCHEMA, attr: 'externalId' })?.attribute.name).toBe(
      'externalId',
    );
    expect(findAttribute('Group', `${CORE_GROUP_SCHEMA}:members.value`)?.sub?.name).toBe('value');
  });

  it('finds unqualified extension attributes after the core ones', () => {
    expect(findAttribute('User', 'department')?.schema.id).toBe(ENTERPRISE_USER_SCHEMA);
    expect(findAttribute('User', 'roles')?.schema.id).toBe(CORE_USER_SCHEMA);
    expect(findAttribute('Group', 'roles')?.schema.id).toBe(CONNECTOR_GROUP_SCHEMA);
  });

  it('returns undefined for unknown names, sub-attributes and schemas', () => {
    expect(findAttribute('User', 'nosuch')).toBeUndefined();
    expect(findAttribute('User', 'name.nosuch')).toBeUndefined();
    expect(findAttribute('User', 'userName.value')).toBeUndefined();
    expect(findAttribute('User', 'urn:example:custom:User:thing')).toBeUndefined();
    expect(findAttribute('User', { uri: CORE_GROUP_SCHEMA, attr: 'displayName' })).toBeUndefined();
    expect(findAttribute('Group', 'userName')).toBeUndefined();
    expect(findAttribute('User', { uri: ENTERPRISE_USER_SCHEMA, attr: 'userName' })).toBeUndefined();
  });
});

describe('facet helpers', () => {
  it('isCaseExact follows the declaration (false when unknown)', () => {
    expect(isCaseExact('User', { attr: 'id' })).toBe(true);
    expect(isCaseExact('User', { attr: 'externalId' })).toBe(true);
    expect(isCaseExact('User', { attr: 'userName' })).toBe(false);
    expect(isCaseExact('User', { attr: 'emails', sub: 'value' })).toBe(false);
    expect(isCaseExact('User', { attr: 'meta', sub: 'location' })).toBe(true);
    expect(isCaseExact('User', { attr: 'unknown' })).toBe(false);
  });

  it('isMultiValued is true when the path can reach several values', () => {
    expect(isMultiValued('User', { attr: 'emails' })).toBe(true);
    expect(isMultiValued('User', { attr: 'emails', sub: 'value' })).toBe(true);
    expect(isMultiValued('User', { attr: 'name', sub: 'givenName' })).toBe(false);
    expect(isMultiValued('User', { uri: CONNECTOR_USER_SCHEMA, attr: 'blockedReasons' })).toBe(true);
    expect(isMultiValued('Group', 'members.value')).toBe(true);
    expect(isMultiValued('User', 'userName')).toBe(false);
  });

  it('looks up schemas and resource types case-insensitively', () => {
    expect(getSchema(ENTERPRISE_USER_SCHEMA.toLowerCase())?.id).toBe(ENTERPRISE_USER_SCHEMA);
    expect(getSchema('urn:nope')).toBeUndefined();
    expect(findSchema('User', CONNECTOR_USER_SCHEMA.toUpperCase())).toMatchObject({ extension: true });
    expect(findSchema('User', CORE_USER_SCHEMA)).toMatchObject({ extension: false });
    expect(findSchema('Group', ENTERPRISE_USER_SCHEMA)).toBeUndefined();
    expect(findResourceType('users')?.name).toBe('User');
    expect(findResourceType('/Groups')?.name).toBe('Group');
    expect(findResourceType('Roles')).toBeUndefined();
  });
});
