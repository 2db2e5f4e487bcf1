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
