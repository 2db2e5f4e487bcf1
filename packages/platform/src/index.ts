export type { ContextType, RoleRef } from '@scim-connector/role-grammar';
export { type CachedCatalog, type CachedCatalogOptions, createCachedCatalog } from './cached-catalog.ts';
export * from './contract.ts';
export {
  isPlatformPlugin,
  type PlatformParts,
  type PlatformPlugin,
  type PlatformPluginDeps,
  type PluginLogger,
  type ScimUserJson,
  type SettingAddress,
} from './plugin.ts';
export {
  createPlatform,
  importPlugin,
  type LoadPluginOptions,
  loadPlugin,
  PluginLoadError,
  type PluginLoadFailure,
  validatePluginOptions,
} from './plugin-host.ts';
export {
  compileSchemaValidator,
  describePath,
  type JsonSchema,
  type SchemaIssue,
  SchemaValidationError,
} from './schema-validator.ts';
export { formatUserType } from './user-type-format.ts';
