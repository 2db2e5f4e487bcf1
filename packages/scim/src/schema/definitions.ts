/**
 * The one declaration of every resource this server knows (RFC 7643 sections 4, 8.7), plus the connector's two
 * extensions. Validation (JSON Schemas), output shaping and the discovery documents are all derived from here, so a
 * change to an attribute is made in this file only.
 */
import {
  type AttributeDefinition,
  attribute,
  complex,
  type ResourceTypeDefinition,
  type SchemaDefinition,
} from './types.ts';
import {
  CONNECTOR_GROUP_SCHEMA,
  CONNECTOR_USER_SCHEMA,
  CORE_GROUP_SCHEMA,
  CORE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA,
} from './urns.ts';

/**
 * The standard sub-attributes of a multi-valued attribute (RFC 7643 section 2.4): value, display, type, primary.
 * `valueOptions` refines `value` (its type, case-exactness, whether required, reference types).
 */
function multiValuedAttribute(
  name: string,
  description: string,
  typeCanonicalValues: readonly string[] | undefined,
  valueOptions: {
    type?: AttributeDefinition['type'];
    caseExact?: boolean;
    required?: boolean;
    referenceTypes?: readonly string[];
  } = {},
): AttributeDefinition {
  const { type: valueType = 'string', ...valueFacets } = valueOptions;
  return complex(
    name,
    [
      attribute('value', valueType, { description: `The value of the ${name} entry.`, ...valueFacets }),
      attribute('display', 'string', {
        description: 'A human-readable name, primarily used for display purposes.',
      }),
      attribute('type', 'string', {
        description: `A label indicating the ${name} entry's function.`,
        ...(typeCanonicalValues ? { canonicalValues: typeCanonicalValues } : {}),
      }),
      attribute('primary', 'boolean', {
        description: `Marks the preferred ${name} entry. At most one entry may be primary.`,
      }),
    ],
    { multiValued: true, description },
  );
}

/**
 * `id`, `externalId` and `meta` belong to every resource (RFC 7643 section 3.1). Per that section they are not
 * listed in the schema documents, but paths, filters and projection resolve them like core attributes.
 */
export const commonAttributes: readonly AttributeDefinition[] = [
  attribute('id', 'string', {
    description: 'Unique identifier of the resource, assigned by the service provider.',
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  attribute('externalId', 'string', {
    description: "Identifier of the resource as defined by the provisioning client (the IdP's object id).",
    caseExact: true,
  }),
  complex(
    'meta',
    [
      attribute('resourceType', 'string', {
        description: 'The name of the resource type of the resource.',
        caseExact: true,
        mutability: 'readOnly',
      }),
      attribute('created', 'dateTime', {
        description: 'When the resource was added to the service provider.',
        mutability: 'readOnly',
      }),
      attribute('lastModified', 'dateTime', {
        description: 'When the resource was last modified.',
        mutability: 'readOnly',
      }),
      attribute('location', 'reference', {
        description: 'The URI of the resource.',
        caseExact: true,
        mutability: 'readOnly',
        referenceTypes: ['uri'],
      }),
      attribute('version', 'string', {
        description: 'The version (weak ETag) of the resource.',
        caseExact: true,
        mutability: 'readOnly',
      }),
    ],
    { description: 'Resource metadata.', mutability: 'readOnly' },
  ),
];

export const userSchema: SchemaDefinition = {
  id: CORE_USER_SCHEMA,
  name: 'User',
  description: 'User Account',
  attributes: [
    attribute('userName', 'string', {
      description: 'Unique identifier for the user, used to sign in; the platform username.',
      required: true,
      uniqueness: 'server',
    }),
    complex(
      'name',
      [
        attribute('formatted', 'string', { description: 'The full name, formatted for display.' }),
        attribute('familyName', 'string', { description: 'The family name (last name).' }),
        attribute('givenName', 'string', { description: 'The given name (first name).' }),
        attribute('middleName', 'string', { description: 'The middle name(s).' }),
        attribute('honorificPrefix', 'string', { description: 'The honorific prefix(es), e.g. "Ms.".' }),
        attribute('honorificSuffix', 'string', { description: 'The honorific suffix(es), e.g. "III".' }),
      ],
      { description: "The components of the user's real name." },
    ),
    attribute('displayName', 'string', { description: 'The name of the user, suitable for display.' }),
    attribute('nickName', 'string', { description: 'The casual way to address the user.' }),
    attribute('profileUrl', 'reference', {
      description: "A URI of the user's online profile.",
      referenceTypes: ['external'],
    }),
    attribute('title', 'string', { description: 'The user\'s title, e.g. "Vice President".' }),
    attribute('userType', 'string', {
      description: 'The relationship between the organization and the user.',
    }),
    attribute('preferredLanguage', 'string', { description: "The user's preferred language (RFC 7231)." }),
    attribute('locale', 'string', {
      description: "The user's default location for localisation, e.g. en-US.",
    }),
    attribute('timezone', 'string', { description: "The user's time zone (IANA), e.g. Europe/Berlin." }),
    attribute('active', 'boolean', { description: "The user's administrative status; false deactivates." }),
    attribute('password', 'string', {
      description:
        'Accepted for compatibility and discarded: the connector never stores or returns passwords.',
      mutability: 'writeOnly',
      returned: 'never',
    }),
    multiValuedAttribute('emails', 'Email addresses for the user.', ['work', 'home', 'other']),
    multiValuedAttribute('phoneNumbers', 'Phone numbers for the user.', [
      'work',
      'home',
      'mobile',
      'fax',
      'pager',
      'other',
    ]),
    multiValuedAttribute('ims', 'Instant messaging addresses for the user.', [
      'aim',
      'gtalk',
      'icq',
      'xmpp',
      'msn',
      'skype',
      'qq',
      'yahoo',
    ]),
    multiValuedAttribute('photos', 'URLs of photos of the user.', ['photo', 'thumbnail'], {
      type: 'reference',
      caseExact: true,
      referenceTypes: ['external'],
    }),
    complex(
      'addresses',
      [
        attribute('formatted', 'string', { description: 'The full mailing address, formatted for display.' }),
        attribute('streetAddress', 'string', { description: 'The full street address component.' }),
        attribute('locality', 'string', { description: 'The city or locality component.' }),
        attribute('region', 'string', { description: 'The state or region component.' }),
        attribute('postalCode', 'string', { description: 'The zip code or postal code component.' }),
        attribute('country', 'string', { description: 'The country name component (ISO 3166-1 alpha-2).' }),
        attribute('type', 'string', {
          description: "A label indicating the address's function.",
          canonicalValues: ['work', 'home', 'other'],
        }),
        attribute('primary', 'boolean', { description: 'Marks the preferred mailing address.' }),
      ],
      { multiValued: true, description: 'Physical mailing addresses for the user.' },
    ),
    complex(
      'groups',
      [
        attribute('value', 'string', { description: 'The id of the group.', mutability: 'readOnly' }),
        attribute('$ref', 'reference', {
          description: 'The URI of the group.',
          caseExact: true,
          mutability: 'readOnly',
          referenceTypes: ['User', 'Group'],
        }),
        attribute('display', 'string', { description: "The group's display name.", mutability: 'readOnly' }),
        attribute('type', 'string', {
          description: 'How the user is a member: directly or through a nested group.',
          canonicalValues: ['direct', 'indirect'],
          mutability: 'readOnly',
        }),
      ],
      {
        multiValued: true,
        mutability: 'readOnly',
        description: 'The groups the user belongs to; maintained through the Group resource, read-only here.',
      },
    ),
    multiValuedAttribute('entitlements', 'Entitlements of the user.', undefined),
    // A role entry without a name grants nothing and could only hide a mapping mistake, so `value` is required.
    multiValuedAttribute(
      'roles',
      'Role names assigned to the user directly, e.g. AGENT_134_STORE (CONTEXTTYPE_CONTEXTID_ROLE).',
      undefined,
      { required: true },
    ),
    multiValuedAttribute('x509Certificates', 'X.509 certificates of the user (DER, base64).', undefined, {
      type: 'binary',
    }),
  ],
};

export const enterpriseUserSchema: SchemaDefinition = {
  id: ENTERPRISE_USER_SCHEMA,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attribute('employeeNumber', 'string', { description: 'Identifier of the user within the organization.' }),
    attribute('costCenter', 'string', { description: 'The name of a cost center.' }),
    attribute('organization', 'string', { description: 'The name of an organization.' }),
    attribute('division', 'string', { description: 'The name of a division.' }),
    attribute('department', 'string', { description: 'The name of a department.' }),
    complex(
      'manager',
      [
        attribute('value', 'string', { description: 'The id of the SCIM resource of the manager.' }),
        attribute('$ref', 'reference', {
          description: 'The URI of the SCIM resource of the manager.',
          caseExact: true,
          referenceTypes: ['User'],
        }),
        attribute('displayName', 'string', {
          description: 'The display name of the manager.',
          mutability: 'readOnly',
        }),
      ],
      { description: "The user's manager." },
    ),
  ],
};

export const connectorUserSchema: SchemaDefinition = {
  id: CONNECTOR_USER_SCHEMA,
  name: 'ConnectorUser',
  description: 'What the connector made of the user on the commerce platform (read-only).',
  attributes: [
    attribute('platformStatus', 'string', {
      description: "The user's state on the platform as of the last sync, or why it is not there.",
      mutability: 'readOnly',
    }),
    attribute('blockedReasons', 'string', {
      description: 'Why governance blocked the last change, e.g. unresolved-role, no-roles, not-new.',
      multiValued: true,
      mutability: 'readOnly',
    }),
    attribute('lastSyncedAt', 'dateTime', {
      description: 'When the user was last pushed to or checked against the platform.',
      mutability: 'readOnly',
    }),
    attribute('driftDetectedAt', 'dateTime', {
      description:
        "When reconciliation first found the user's platform account differing from what the IdP grants; absent when in line.",
      mutability: 'readOnly',
    }),
    attribute('syncError', 'string', {
      description: 'Why the user is parked (platformStatus PARKED): the error that stopped the retries.',
      mutability: 'readOnly',
    }),
  ],
};

export const groupSchema: SchemaDefinition = {
  id: CORE_GROUP_SCHEMA,
  name: 'Group',
  description: 'Group',
  attributes: [
    attribute('displayName', 'string', {
      description: 'A human-readable name for the group; may itself be a role name.',
      required: true,
    }),
    complex(
      'members',
      [
        // RFC 7643 leaves it optional; a member without an id cannot be resolved, so it is required here.
        attribute('value', 'string', {
          description: 'The id of the member resource.',
          required: true,
          mutability: 'immutable',
        }),
        attribute('$ref', 'reference', {
          description: 'The URI of the member resource.',
          caseExact: true,
          mutability: 'immutable',
          referenceTypes: ['User', 'Group'],
        }),
        attribute('type', 'string', {
          description: 'The type of the member resource.',
          canonicalValues: ['User', 'Group'],
          mutability: 'immutable',
        }),
        attribute('display', 'string', {
          description: 'The display name of the member.',
          mutability: 'immutable',
        }),
      ],
      { multiValued: true, description: 'The members of the group (users or groups).' },
    ),
  ],
};

export const connectorGroupSchema: SchemaDefinition = {
  id: CONNECTOR_GROUP_SCHEMA,
  name: 'ConnectorGroup',
  description: 'Roles the group grants to its members on the commerce platform.',
  attributes: [
    multiValuedAttribute(
      'roles',
      'Role names every member inherits, e.g. RETAILER_199_STORE_MANAGER (CONTEXTTYPE_CONTEXTID_ROLE).',
      undefined,
      { required: true },
    ),
  ],
};

export const userResourceType: ResourceTypeDefinition = {
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: userSchema,
  extensions: [
    { schema: enterpriseUserSchema, required: false },
    { schema: connectorUserSchema, required: false },
  ],
};

export const groupResourceType: ResourceTypeDefinition = {
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: groupSchema,
  extensions: [{ schema: connectorGroupSchema, required: false }],
};

export const resourceTypes: readonly ResourceTypeDefinition[] = [userResourceType, groupResourceType];

/** Every schema, in the order /Schemas lists them. */
export const schemas: readonly SchemaDefinition[] = [
  userSchema,
  enterpriseUserSchema,
  connectorUserSchema,
  groupSchema,
  connectorGroupSchema,
];
