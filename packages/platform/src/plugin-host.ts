/**
 * The plugin host: turns a configured specifier (a package name or a module path) plus raw options into a ready
 * platform (its client, profile mapping and settings), with an error that says exactly which step failed and what to do about it.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  isPlatformPlugin,
  missingPluginMembers,
  type PlatformParts,
  type PlatformPlugin,
  type PlatformPluginDeps,
} from './plugin.ts';
import { compileSchemaValidator, SchemaValidationError } from './schema-validator.ts';

export type PluginLoadFailure =
  | 'not-found'
  | 'load-failed'
  | 'not-a-plugin'
  | 'invalid-options'
  | 'create-failed';

export class PluginLoadError extends Error {
  readonly reason: PluginLoadFailure;
  readonly specifier: string;

  constructor(reason: PluginLoadFailure, specifier: string, message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'PluginLoadError';
    this.reason = reason;
    this.specifier = specifier;
  }
}

export interface LoadPluginOptions {
  deps?: PlatformPluginDeps;
  /** Directory bare package names are resolved from (the app that configures the plugin); default: cwd. */
  resolveFrom?: string;
}

/** Imports a plugin module and checks its shape, without creating a client. */
export async function importPlugin(
  specifier: string,
  options: Pick<LoadPluginOptions, 'resolveFrom'> = {},
): Promise<PlatformPlugin<unknown>> {
  const url = locateModule(specifier, options.resolveFrom ?? process.cwd());
  let moduleNamespace: Record<string, unknown>;
  try {
    moduleNamespace = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    if (url === specifier && isModuleNotFound(error, specifier)) throw notFound(specifier, error);
    throw new PluginLoadError(
      'load-failed',
      specifier,
      `Platform plugin "${specifier}" was found but failed to load: ${errorMessage(error)}`,
      error,
    );
  }
  const candidates = [moduleNamespace.default, moduleNamespace.plugin, moduleNamespace];
  const plugin = candidates.find(isPlatformPlugin);
  if (plugin) return plugin;
  const missing = missingPluginMembers(moduleNamespace.default ?? moduleNamespace.plugin ?? moduleNamespace);
  throw new PluginLoadError(
    'not-a-plugin',
    specifier,
    `Module "${specifier}" is not a platform plugin: it must export { name, optionsSchema, create } as its ` +
      `default export or as "plugin" (missing: ${missing.join(', ')})`,
  );
}

/**
 * Checks options against the plugin's schema (applying its defaults) and returns them. `source` names where they
 * came from (an options file) in the error. The messages name options, never their values, so no secret leaks.
 */
export function validatePluginOptions(
  plugin: PlatformPlugin<unknown>,
  options: unknown,
  source?: string,
): unknown {
  const validate = compileSchemaValidator<unknown>(
    plugin.optionsSchema,
    `options for platform plugin "${plugin.name}"${source === undefined ? '' : ` in ${source}`}`,
    describeOption,
  );
  try {
    return validate(options ?? {});
  } catch (error) {
    if (!(error instanceof SchemaValidationError)) throw error;
    throw new PluginLoadError('invalid-options', plugin.name, error.message, error);
  }
}

/** Imports the plugin, validates its options and creates its parts. */
export async function loadPlugin(
  specifier: string,
  options: unknown,
  loadOptions: LoadPluginOptions = {},
): Promise<PlatformParts> {
  const plugin = await importPlugin(specifier, loadOptions);
  return createPlatform(plugin, options, loadOptions.deps, specifier);
}

/** Validates the options of a plugin already at hand (a registered one) and creates its parts. */
export async function createPlatform(
  plugin: PlatformPlugin<unknown>,
  options: unknown,
  deps: PlatformPluginDeps = {},
  specifier = plugin.name,
): Promise<PlatformParts> {
  const validOptions = validatePluginOptions(plugin, options);
  try {
    return await plugin.create(validOptions, deps);
  } catch (error) {
    throw new PluginLoadError(
      'create-failed',
      specifier,
      `Platform plugin "${plugin.name}" could not start: ${errorMessage(error)}`,
      error,
    );
  }
}

/**
 * A module URL to import. Paths are resolved against `baseDir` and must exist; package names are resolved from
 * `baseDir` when possible, otherwise left bare for the runtime to resolve (packages that only export `import`).
 */
function locateModule(specifier: string, baseDir: string): string {
  if (specifier.startsWith('file:')) return requireFile(specifier, fileURLToPath(specifier));
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    return requireFile(specifier, isAbsolute(specifier) ? specifier : resolve(baseDir, specifier));
  }
  try {
    return pathToFileURL(createRequire(join(baseDir, 'package.json')).resolve(specifier)).href;
  } catch {
    return specifier;
  }
}

function requireFile(specifier: string, path: string): string {
  if (!existsSync(path)) throw notFound(specifier, undefined, `no file at ${path}`);
  return pathToFileURL(path).href;
}

function notFound(specifier: string, cause: unknown, detail?: string): PluginLoadError {
  return new PluginLoadError(
    'not-found',
    specifier,
    `Platform plugin "${specifier}" was not found (${detail ?? 'no installed package or module has that name'}); ` +
      'check the plugin name in the configuration and that its package is installed',
    cause,
  );
}

function isModuleNotFound(error: unknown, specifier: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const message = String((error as { message?: unknown }).message ?? '');
  // Only the specifier itself being absent counts; a plugin whose own dependency is missing "failed to load".
  return [`'${specifier}'`, `"${specifier}"`, `url ${specifier} `].some((quoted) => message.includes(quoted));
}

function describeOption(pointer: string): string {
  return pointer === '' ? 'the options' : `option "${pointer.slice(1).replaceAll('/', '.')}"`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
