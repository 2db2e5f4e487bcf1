/**
 * Attribute metadata as RFC 7643 section 7 defines it. Every resource is declared once with these types
 * (definitions.ts); validation, projection and the discovery documents are derived from the declaration.
 */

export type AttributeType =
  | 'string'
  | 'boolean'
  | 'decimal'
  | 'integer'
  | 'dateTime'
  | 'binary'
  | 'reference'
  | 'complex';
export type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
export type Returned = 'always' | 'never' | 'default' | 'request';
export type Uniqueness = 'none' | 'server' | 'global';

export interface AttributeDefinition {
  readonly name: string;
  readonly type: AttributeType;
  readonly multiValued: boolean;
  readonly description: string;
  readonly required: boolean;
  readonly caseExact: boolean;
  readonly mutability: Mutability;
  readonly returned: Returned;
  readonly uniqueness: Uniqueness;
  readonly canonicalValues?: readonly string[];
  /** For `reference` attributes: `User`, `Group`, `external`, `uri`. */
  readonly referenceTypes?: readonly string[];
  /** For `complex` attributes. */
  readonly subAttributes?: readonly AttributeDefinition[];
}

export interface SchemaDefinition {
  /** The schema URN. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly attributes: readonly AttributeDefinition[];
}

export type ResourceTypeName = 'User' | 'Group';

export interface SchemaExtensionDefinition {
  readonly schema: SchemaDefinition;
  /** Whether a resource must carry this extension (RFC 7643 section 6). */
  readonly required: boolean;
}

export interface ResourceTypeDefinition {
  readonly name: ResourceTypeName;
  /** Relative to the SCIM base URL, e.g. `/Users`. */
  readonly endpoint: string;
  readonly description: string;
  readonly schema: SchemaDefinition;
  readonly extensions: readonly SchemaExtensionDefinition[];
}

/** Everything but name and type, all optional: omitted facets take RFC 7643 section 2.2's defaults. */
export type AttributeOptions = Partial<Omit<AttributeDefinition, 'name' | 'type'>>;

/**
 * Declares an attribute with RFC 7643 section 2.2 defaults (single-valued, optional, case-insensitive,
 * readWrite, returned by default, no uniqueness), so a declaration states only what differs.
 */
export function attribute(
  name: string,
  type: AttributeType,
  options: AttributeOptions = {},
): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description: '',
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

export function complex(
  name: string,
  subAttributes: readonly AttributeDefinition[],
  options: AttributeOptions = {},
): AttributeDefinition {
  return attribute(name, 'complex', { ...options, subAttributes });
}
