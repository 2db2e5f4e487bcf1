import { describe, expect, it } from 'vitest';
import { ScimError } from '../errors.ts';
import { schemas } from './definitions.ts';
import {
  resourceTypeDocumentById,
  resourceTypesListResponse,
  schemaDocumentById,
  schemasListResponse,
  serviceProviderConfig,
} from './discovery.ts';
import { findAttribute } from './registry.ts';
import {
  CONNECTOR_GROUP_SCHEMA,
  CONNECTOR_USER_SCHEMA,
  CORE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA,
} from './urns.ts';

const BASE = 'https://connector.example.com/scim/v2/';

/** Every path in `value` that holds null or undefined. */
function nullPaths(value: unknown, path = '$'): string[] {
  if (value === null || value === undefined) return [path];
  if (Array.isArray(value)) return value.flatMap((item, index) => nullPaths(item, `${path}[${index}]`));
  if (typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => nullPaths(inner, `${path}.${key}`));
  }
  return [];
}

describe('/Schemas', () => {
  const list = schemasListResponse(BASE);

  it('is a ListResponse of every declared schema with integer counts', () => {
    expect(list.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:ListResponse']);
    expect(list.totalResults).toBe(schemas.length);
    expect(list.itemsPerPage).toBe(schemas.length);
    expect(list.startIndex).toBe(1);
    expect(list.Resources.map((doc) => doc.id)).toEqual([
      CORE_USER_SCHEMA,
      ENTERPRISE_USER_SCHEMA,
      CONNECTOR_USER_SCHEMA,
      'urn:ietf:params:scim:schemas:core:2.0:Group',
      CONNECTOR_GROUP_SCHEMA,
    ]);
  });

  it('contains no null values anywhere (Entra rejects them)', () => {
    expect(nullPaths(list)).toEqual([]);
    expect(nullPaths(resourceTypesListResponse(BASE))).toEqual([]);
    expect(nullPaths(serviceProviderConfig(BASE))).toEqual([]);
  });

  it('describes userName exactly as Entra documents it', () => {
    const user = schemaDocumentById(CORE_USER_SCHEMA, BASE);
    const attributes = user.attributes as Record<string, unknown>[];
    expect(attributes.find((a) => a.name === 'userName')).toEqual({
      name: 'userName',
      type: 'string',
      multiValued: false,
      description: expect.any(String),
      required: true,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'server',
    });
    expect(user.meta).toEqual({
      resourceType: 'Schema',
      location: `https://connector.example.com/scim/v2/Schemas/${CORE_USER_SCHEMA}`,
    });
  });

  it('is generated from the declarations (sub-attributes, canonical and reference types)', () => {
    const user = schemaDocumentById(CORE_USER_SCHEMA.toUpperCase(), BASE);
    const attributes = user.attributes as Record<string, unknown>[];
    const declared = findAttribute('User', 'emails')?.attribute;
    const emails = attributes.find((a) => a.name === 'emails') as Record<string, unknown>;
    expect((emails.subAttributes as unknown[]).length).toBe(declared?.subAttributes?.length);
    const type = (emails.subAttributes as Record<string, unknown>[]).find((a) => a.name === 'type');
    expect(type?.canonicalValues).toEqual(['work', 'home', 'other']);
    const profileUrl = attributes.find((a) => a.name === 'profileUrl');
    expect(profileUrl?.referenceTypes).toEqual(['external']);
    expect(attributes.some((a) => a.name === 'id')).toBe(false);
  });

  it('serves the connector extension as read-only', () => {
    const doc = schemaDocumentById(CONNECTOR_USER_SCHEMA, BASE);
    const attributes = doc.attributes as Record<string, unknown>[];
    expect(attributes.map((a) => [a.name, a.mutability])).toEqual([
      ['platformStatus', 'readOnly'],
      ['blockedReasons', 'readOnly'],
      ['lastSyncedAt', 'readOnly'],
      ['driftDetectedAt', 'readOnly'],
      ['syncError', 'readOnly'],
    ]);
  });

  it('answers an unknown schema id with a 404 naming the known ones', () => {
    const error = (() => {
      try {
        schemaDocumentById('urn:example:nope', BASE);
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).status).toBe(404);
    expect((error as ScimError).detail).toContain(CORE_USER_SCHEMA);
  });
});

describe('/ResourceTypes', () => {
  it('lists User and Group with their extensions', () => {
    const list = resourceTypesListResponse(BASE);
    expect(list.totalResults).toBe(2);
    const [user, group] = list.Resources;
    expect(user).toEqual({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account',
      schema: CORE_USER_SCHEMA,
      schemaExtensions: [
        { schema: ENTERPRISE_USER_SCHEMA, required: false },
        { schema: CONNECTOR_USER_SCHEMA, required: false },
      ],
      meta: {
        resourceType: 'ResourceType',
        location: 'https://connector.example.com/scim/v2/ResourceTypes/User',
      },
    });
    expect(group?.schemaExtensions).toEqual([{ schema: CONNECTOR_GROUP_SCHEMA, required: false }]);
  });

  it('serves a single resource type by name and 404s otherwise', () => {
    expect(resourceTypeDocumentById('group', BASE).endpoint).toBe('/Groups');
    expect(() => resourceTypeDocumentById('Users', BASE)).toThrow(/Resource type "Users" is not served/);
  });
});

describe('/ServiceProviderConfig', () => {
  it('advertises what the server supports', () => {
    const config = serviceProviderConfig('http://127.0.0.1:8080/scim/v2');
    expect(config).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
      filter: { supported: true, maxResults: 200 },
      changePassword: { supported: false },
      sort: { supported: true },
      etag: { supported: true },
      meta: {
        resourceType: 'ServiceProviderConfig',
        location: 'http://127.0.0.1:8080/scim/v2/ServiceProviderConfig',
      },
    });
    expect(config.authenticationSchemes).toEqual([
      expect.objectContaining({ type: 'oauthbearertoken', primary: true }),
    ]);
    expect('documentationUri' in config).toBe(false);
  });

  it('takes maxResults and documentationUri as options', () => {
    const config = serviceProviderConfig(BASE, {
      maxResults: 50,
      documentationUri: 'https://docs.example.com',
    });
    expect(config.filter).toEqual({ supported: true, maxResults: 50 });
    expect(config.documentationUri).toBe('https://docs.example.com');
  });
});
