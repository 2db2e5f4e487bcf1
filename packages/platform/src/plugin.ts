/**
 * What a platform plugin module exports (docs/architecture.md §6): a name, a JSON Schema for its options, and a
 * factory. Like a Fastify plugin, it receives only its own validated options and what the host hands it. What it
 * creates is everything the connector needs from that platform, so no platform's specifics live outside its plugin: the
 * client, the mapping of a SCIM user to the platform's profile (the plugin's configured defaults applied there, once),
 * and where the platform keeps logical-role mappings, if it keeps them anywhere.
 */
import type { ContextType } from '@scim-connector/role-grammar';
import type { PlatformClient, PlatformProfile } from './contract.ts';
import type { JsonSchema } from './schema-validator.ts';

/** The subset of a pino logger a plugin may use; pino's Logger satisfies it. */
export interface PluginLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface PlatformPluginDeps {
  logger?: PluginLogger;
  /** How many platform calls the connector makes at once; a plugin may size its connection pool to it. */
  concurrency?: number;
  /**
   * Talk to the platform through this client instead of opening a connection of the plugin's own: a local stand-in
   * for the same platform (the Fluent simulator's in-process client, for the rules CLI and fast tests). The plugin
   * still maps profiles and names its settings, and needs no connection options then.
   */
  client?: PlatformClient;
}

/** A SCIM User resource as JSON (RFC 7643 section 4.1); attribute names are case-insensitive. */
export type ScimUserJson = Readonly<Record<string, unknown>>;

/** A setting on the platform: its name and the context it is kept at (the plugin's default context if absent). */
export interface SettingAddress {
  name: string;
  context?: { contextType: ContextType; contextId: string };
}

/** Everything the connector takes from one configured platform. */
export interface PlatformParts {
  client: PlatformClient;
  /**
   * A SCIM user's profile as the platform stores it, with the plugin's configured defaults for what the IdP left
   * out. It must be exactly what the platform would keep, since the sync compares it with the account to decide
   * whether an update is due. Throws a permanent PlatformError for data the platform cannot take.
   */
  mapProfile(scimUser: ScimUserJson): PlatformProfile;
  /** Where the platform keeps logical-role mapping rules (read when the rules take them from the platform). */
  roleMappingSetting?: SettingAddress;
}

export interface PlatformPlugin<Options = Record<string, unknown>> {
  /** Short name used in logs and error messages, e.g. `fluent`. */
  name: string;
  /** JSON Schema (draft 7) of the options object; defaults in it are applied before `create` runs. */
  optionsSchema: JsonSchema;
  /**
   * Environment variables that set top-level options, e.g. `{url: 'FLUENT_URL'}`: shorthands a deployment can use
   * instead of (or over) an options file.
   */
  optionVariables?: Readonly<Record<string, string>>;
  create(options: Options, deps: PlatformPluginDeps): PlatformParts | Promise<PlatformParts>;
}

/** Which of the plugin's required members a value lacks; empty when it is a plugin. */
export function missingPluginMembers(value: unknown): string[] {
  if (typeof value !== 'object' || value === null) return ['name', 'optionsSchema', 'create'];
  const candidate = value as Record<string, unknown>;
  const missing: string[] = [];
  if (typeof candidate.name !== 'string' || candidate.name === '') missing.push('name');
  if (typeof candidate.optionsSchema !== 'object' || candidate.optionsSchema === null)
    missing.push('optionsSchema');
  if (typeof candidate.create !== 'function') missing.push('create');
  return missing;
}

export function isPlatformPlugin(value: unknown): value is PlatformPlugin<unknown> {
  return missingPluginMembers(value).length === 0;
}
