/** Schema and message URNs (RFC 7643 / RFC 7644) and the connector's own extension URNs. */
export const CORE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
/** Read-only: what governance and the sync worker made of the user (docs/architecture.md §5.4). */
export const CONNECTOR_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:User';
/** Roles a group grants its members (docs/architecture.md §5.1). */
export const CONNECTOR_GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:Group';

export const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
export const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
export const SERVICE_PROVIDER_CONFIG_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';

export const LIST_RESPONSE_MESSAGE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_MESSAGE = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const PATCH_OP_MESSAGE = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/**
 * URNs some clients send for the 2.0 schemas. OneLogin's SCIM provisioner templates use the SCIM 1.1 names
 * (`urn:scim:schemas:core:1.0`, `urn:scim:schemas:extension:enterprise:1.0`, SCIM 1.1 section 5 and section 10),
 * and its traffic shows them renumbered `2.0`. In SCIM 1.1 one core URN covered every core resource, so the core
 * aliases stand for the core schema of the resource addressed (User or Group).
 */
export const CORE_SCHEMA_ALIASES: readonly string[] = [
  'urn:scim:schemas:core:1.0',
  'urn:scim:schemas:core:2.0',
];
export const ENTERPRISE_USER_SCHEMA_ALIASES: readonly string[] = [
  'urn:scim:schemas:extension:enterprise:1.0',
  'urn:scim:schemas:extension:enterprise:2.0',
];
