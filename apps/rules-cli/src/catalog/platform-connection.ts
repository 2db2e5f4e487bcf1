/**
 * `catalog export --platform`: which platform to read, and where its options come from.
 * — `fluent` is configured as the server configures it (docs/configuration.md): PLATFORM_OPTIONS_FILE and the
 *   plugin's shorthand variables (FLUENT_URL, FLUENT_CLIENT_SECRET, ...), a variable that is set winning over the file;
 * — `simulator` starts the built-in simulator on a loopback port, seeded from `--seed` (else the default seed);
 * — a URL points the plugin at a running simulator (or any Fluent-compatible host).
 * The last two read no environment variable: their options come from `--platform-options` alone, so Fluent
 * credentials set in the shell for `--platform fluent` are never sent to whatever host a URL names.
 * Errors name options and variables, never their values, so secrets stay out of them.
 */
import { readFile } from 'node:fs/promises';
import {
  createPlatform,
  type PlatformParts,
  PluginLoadError,
  validatePluginOptions,
} from '@scim-connector/platform';
import {
  platformPlugin,
  SIMULATED_PLATFORM,
  SIMULATOR_ACCOUNT,
  startSimulatedPlatform,
} from '@scim-connector/platform-plugins';
import type { PlatformOptions } from '../input/load-platform-options.ts';

export const PLATFORM_CHOICES = 'fluent, simulator, or the URL of a running simulator';

export interface OpenedPlatform {
  parts: PlatformParts;
  /** Where the catalogue came from, for messages: never a credential. */
  description: string;
  close(): Promise<void>;
}

/** A mistake in how the platform is named or configured: exit 2, with what to change. */
export class PlatformConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlatformConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** What the command line gave besides `--platform`: the environment, and the options for simulator and URL. */
export interface PlatformSource {
  env: Env;
  /** `--platform-options`, already read and validated (input/load-platform-options.ts). */
  options?: PlatformOptions;
  /** `--seed`, for `--platform simulator`. */
  seedFile?: string;
}

export async function openPlatform(choice: string, source: PlatformSource): Promise<OpenedPlatform> {
  if (choice === 'fluent') {
    if (source.options !== undefined || source.seedFile !== undefined)
      throw new PlatformConfigError(
        '--platform fluent reads PLATFORM_OPTIONS_FILE and the FLUENT_* variables, as the server does; --platform-options and --seed are for simulator or a URL',
      );
    const parts = await create(await configuredOptions(source.env), 'fluent');
    return {
      parts,
      description: 'Fluent (PLATFORM_OPTIONS_FILE and FLUENT_* variables)',
      close: closer(parts),
    };
  }
  const options = { ...source.options };
  if (choice === 'simulator') {
    const { seedFile } = source;
    const server = await startSimulatedPlatform({ port: 0, ...(seedFile ? { seedFile } : {}) }, options);
    return {
      parts: server.parts,
      description: `the built-in simulator (${seedFile ? `seed ${seedFile}` : 'default seed'})`,
      close: () => server.close(),
    };
  }
  if (isHttpUrl(choice)) {
    if (source.seedFile !== undefined)
      throw new PlatformConfigError(
        '--seed is for --platform simulator; a running simulator has its own seed',
      );
    const parts = await create({ account: SIMULATOR_ACCOUNT, ...options, url: choice }, choice);
    return { parts, description: choice, close: closer(parts) };
  }
  throw new PlatformConfigError(`--platform must be ${PLATFORM_CHOICES}; got "${choice}"`);
}

function closer(parts: PlatformParts): () => Promise<void> {
  return async () => {
    await parts.client.close?.();
  };
}

async function create(options: Record<string, unknown>, name: string): Promise<PlatformParts> {
  try {
    return await createPlatform(platformPlugin(SIMULATED_PLATFORM), options);
  } catch (error) {
    // The host's messages name options, never values.
    if (error instanceof PluginLoadError) throw new PlatformConfigError(`${name}: ${error.message}`);
    throw error;
  }
}

/** PLATFORM_OPTIONS_FILE under the plugin's variables, validated by the plugin's schema. */
async function configuredOptions(env: Env): Promise<Record<string, unknown>> {
  const file = env.PLATFORM_OPTIONS_FILE?.trim();
  const fromFile = file ? await readOptionsFile(file) : {};
  const fromEnvironment: Record<string, string> = {};
  for (const [option, variable] of Object.entries(platformPlugin(SIMULATED_PLATFORM).optionVariables ?? {})) {
    const value = env[variable]?.trim();
    if (value) fromEnvironment[option] = value;
  }
  const options = { ...fromFile, ...fromEnvironment };
  try {
    validatePluginOptions(
      platformPlugin(SIMULATED_PLATFORM),
      structuredClone(options),
      'the platform options',
    );
  } catch (error) {
    if (error instanceof PluginLoadError) throw new PlatformConfigError(error.message);
    throw error;
  }
  return options;
}

async function readOptionsFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new PlatformConfigError(`PLATFORM_OPTIONS_FILE ${file} cannot be read (${code})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // JSON.parse quotes the text around the mistake, which may be a secret: say only that it is not JSON.
    throw new PlatformConfigError(`PLATFORM_OPTIONS_FILE ${file} is not valid JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PlatformConfigError(`PLATFORM_OPTIONS_FILE ${file} must hold a JSON object of plugin options`);
  }
  return value as Record<string, unknown>;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
