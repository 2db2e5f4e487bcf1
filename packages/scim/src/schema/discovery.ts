/**
 * The discovery documents (RFC 7643 sections 5-7, RFC 7644 section 4), generated from the declarations: every
 * attribute listed in /Schemas is the one normalisation and projection use. No document carries a null value
 * (Entra ID rejects them).
 */
import { notFound } from '../errors.ts';
import { resourceTypes, schemas } from './definitions.ts';
import { findResourceType, getSchema } from './registry.ts';
import type { AttributeDefinition, ResourceTypeDefinition, SchemaDefinition } from './types.ts';
import {
  LIST_RESPONSE_MESSAGE,
  RESOURCE_TYPE_SCHEMA,
  SCHEMA_SCHEMA,
  SERVICE_PROVIDER_CONFIG_SCHEMA,
} from './urns.ts';

export type DiscoveryDocument = Record<string, unknown>;

export interface ListResponse<T> {
  schemas: [typeof LIST_RESPONSE_MESSAGE];
  totalResults: number;
  itemsPerPage: number;
  startIndex: number;
  Resources: T[];
}

export interface ServiceProviderConfigOptions {
  /** The filter `maxResults` (also the largest page the server returns). Default 200. */
  maxResults?: number;
  /** Where humans read about this server; omitted when not given. */
  documentationUri?: string;
}

const DEFAULT_MAX_RESULTS = 200;

function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

function listResponse<T>(resources: T[]): ListResponse<T> {
  return {
    schemas: [LIST_RESPONSE_MESSAGE],
    totalResults: resources.length,
    itemsPerPage: resources.length,
    startIndex: 1,
    Resources: resources,
  };
}

/** An attribute as RFC 7643 section 7 describes it; facets that do not apply are omitted, never null. */
function attributeDocument(attribute: AttributeDefinition): DiscoveryDocument {
  return {
    name: attribute.name,
    type: attribute.type,
    multiValued: attribute.multiValued,
    description: attribute.description,
    required: attribute.required,
    ...(attribute.canonicalValues ? { canonicalValues: [...attribute.canonicalValues] } : {}),
    caseExact: attribute.caseExact,
    mutability: attribute.mutability,
    returned: attribute.returned,
    uniqueness: attribute.uniqueness,
    ...(attribute.referenceTypes ? { referenceTypes: [...attribute.referenceTypes] } : {}),
    ...(attribute.subAttributes ? { subAttributes: attribute.subAttributes.map(attributeDocument) } : {}),
  };
}

export function schemaDocument(schema: SchemaDefinition, baseUrl: string): DiscoveryDocument {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(attributeDocument),
    meta: { resourceType: 'Schema', location: `${trimBase(baseUrl)}/Schemas/${schema.id}` },
  };
}

/** `GET /Schemas`. */
export function schemasListResponse(baseUrl: string): ListResponse<DiscoveryDocument> {
  return listResponse(schemas.map((schema) => schemaDocument(schema, baseUrl)));
}

/** `GET /Schemas/{id}`; the URN matches case-insensitively. Throws ScimError 404 for an unknown URN. */
export function schemaDocumentById(id: string, baseUrl: string): DiscoveryDocument {
  const schema = getSchema(id);
  if (!schema) {
    throw notFound(
      `Schema "${id}" is not served here; known schemas: ${schemas.map((s) => s.id).join(', ')}.`,
    );
  }
  return schemaDocument(schema, baseUrl);
}

export function resourceTypeDocument(type: ResourceTypeDefinition, baseUrl: string): DiscoveryDocument {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: type.name,
    name: type.name,
    endpoint: type.endpoint,
    description: type.description,
    schema: type.schema.id,
    schemaExtensions: type.extensions.map((extension) => ({
      schema: extension.schema.id,
      required: extension.required,
    })),
    meta: { resourceType: 'ResourceType', location: `${trimBase(baseUrl)}/ResourceTypes/${type.name}` },
  };
}

/** `GET /ResourceTypes`. */
export function resourceTypesListResponse(baseUrl: string): ListResponse<DiscoveryDocument> {
  return listResponse(resourceTypes.map((type) => resourceTypeDocument(type, baseUrl)));
}

/** `GET /ResourceTypes/{name}` (`User` or `Group`, any case). Throws ScimError 404 otherwise. */
export function resourceTypeDocumentById(name: string, baseUrl: string): DiscoveryDocument {
  const type = findResourceType(name);
  if (!type || type.name.toLowerCase() !== name.toLowerCase()) {
    throw notFound(`Resource type "${name}" is not served here; known resource types: User, Group.`);
  }
  return resourceTypeDocument(type, baseUrl);
}

/** `GET /ServiceProviderConfig` (RFC 7643 section 5). */
export function serviceProviderConfig(
  baseUrl: string,
  options: ServiceProviderConfigOptions = {},
): DiscoveryDocument {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    ...(options.documentationUri ? { documentationUri: options.documentationUri } : {}),
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: options.maxResults ?? DEFAULT_MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description:
          'Authentication with the bearer token configured as SCIM_TOKEN (Authorization: Bearer ...).',
        specUri: 'https://www.rfc-editor.org/info/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${trimBase(baseUrl)}/ServiceProviderConfig` },
  };
}
