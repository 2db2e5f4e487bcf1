/**
 * What a platform plugin module exports (design section 5): a name, a JSON Schema for its options, and a factory.
 * Like a Fastify plugin, it receives only its own validated options and what the host hands it.
 */
import type { PlatformClient } from './contract.ts';
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
}

export interface PlatformPlugin<Options = Record<string, unknown>> {
  /** Short name used in logs and error messages, e.g. `fluent`. */
  name: string;
  /** JSON Schema (draft 7) of the options object; defaults in it are applied before `create` runs. */
  optionsSchema: JsonSchema;
  create(options: Options, deps: PlatformPluginDeps): PlatformClient | Promise<PlatformClient>;
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
