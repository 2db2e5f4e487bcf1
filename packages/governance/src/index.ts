export { lowersUserType, sameUserType } from './decide/drift.ts';
export {
  type CreateGovernanceOptions,
  createGovernance,
  type Governance,
  NO_USER_TYPE,
} from './decide/governance.ts';
export { type GroupRolesIndex, indexGroupRoles } from './resolve/group-index.ts';
export { type ReviewOptions, type ReviewResult, reviewRulesFolder } from './review/review-rules.ts';
export {
  DEFAULT_OPTIONS,
  DEFAULT_PRIVILEGED_ROLES,
  DEFAULT_USER_TYPES,
} from './rules-folder/governance-file.ts';
export { loadRules, RULE_FILES } from './rules-folder/load-rules.ts';
export {
  escapePointerSegment,
  type LocatedJson,
  type LocatedJsonResult,
  locatePointer,
  parseLocatedJson,
  positionAt,
  type TextPosition,
} from './rules-folder/located-json.ts';
export {
  NO_ROLE_MAPPINGS,
  roleMappingsFromSetting,
} from './rules-folder/role-mappings-file.ts';
export { type SchemaName, schemaPath } from './rules-folder/schemas.ts';
export { withRoleMappings } from './rules-folder/with-role-mappings.ts';
export { createStaticCatalog, type StaticCatalogData } from './static-catalog.ts';
export type * from './types.ts';
