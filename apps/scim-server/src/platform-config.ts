/**
 * Which platform the connector talks to, from the environment. PLATFORM names a registered plugin (`fluent`), or
 * `simulator` for the built-in simulator standing in for its platform. The plugin's options come from a JSON file
 * named by PLATFORM_OPTIONS_FILE, with the plugin's environment shorthands (FLUENT_URL, ...) over it: a variable
 * that is set wins over the file, so a file can carry the settings and the environment the secrets. The options are
 * checked against the plugin's own schema here, so a bad option stops the server before anything starts.
 */
import { readFileSync } from 'node:fs';
import { PluginLoadError, validatePluginOptions } from '@scim-connector/platform';
import {
  isPlatformName,
  PLATFORM_NAMES,
  type PlatformName,
  platformPlugin,
  SIMULATED_PLATFORM,
} from '@scim-connector/platform-plugins';
import { ConfigError } from './config-error.ts';

export interface PlatformSettings {
  /** The registered plugin that talks to the platform. */
  plugin: PlatformName;
  /** PLATFORM=simulator: the built-in simulator's listener and seed, which the plugin is pointed at. */
  simulator?: { port: number; seedFile?: string };
  /** The plugin's options, validated by its schema (defaults applied). */
  options: Record<string, unknown>;
}

export const SIMULATOR = 'simulator';

export function parsePlatformSettings(
  env: NodeJS.ProcessEnv,
  resolvePath: (path: string) => string,
  simulator: { port: number; seedFile?: string },
): PlatformSettings {
  const chosen = env.PLATFORM?.trim().toLowerCase() || SIMULATOR;
  const plugin = chosen === SIMULATOR ? SIMULATED_PLATFORM : chosen;
  if (!isPlatformName(plugin)) {
    throw new ConfigError(
      `PLATFORM must be "${SIMULATOR}" or one of the platform plugins (${PLATFORM_NAMES.join(', ')}), got "${env.PLATFORM}".`,
    );
  }
  const file = env.PLATFORM_OPTIONS_FILE?.trim() ? resolvePath(env.PLATFORM_OPTIONS_FILE.trim()) : undefined;
  const fromFile = file === undefined ? {} : readOptionsFile(file);
  const variables = platformPlugin(plugin).optionVariables ?? {};
  const fromEnvironment: Record<string, string> = {};
  const variablesUsed: string[] = [];
  for (const [option, variable] of Object.entries(variables)) {
    const value = env[variable]?.trim();
    if (!value) continue;
    fromEnvironment[option] = value;
    variablesUsed.push(variable);
  }
  const options = validOptions(
    plugin,
    { ...fromFile, ...fromEnvironment },
    describeSource(file, variablesUsed),
  );
  return chosen === SIMULATOR ? { plugin, simulator, options } : { plugin, options };
}

function readOptionsFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(`PLATFORM_OPTIONS_FILE ${file} cannot be read (${code}).`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // JSON.parse quotes the text around the mistake, which may be a secret: report the position only.
    throw new ConfigError(`PLATFORM_OPTIONS_FILE ${file} is not valid JSON${positionOf(error, text)}.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`PLATFORM_OPTIONS_FILE ${file} must hold a JSON object of plugin options.`);
  }
  return value as Record<string, unknown>;
}

function validOptions(plugin: PlatformName, options: Record<string, unknown>, source: string) {
  try {
    return validatePluginOptions(platformPlugin(plugin), options, source) as Record<string, unknown>;
  } catch (error) {
    // The host's messages name options, never values, so secrets stay out of them.
    if (error instanceof PluginLoadError) throw new ConfigError(error.message);
    throw error;
  }
}

function describeSource(file: string | undefined, variables: readonly string[]): string {
  const parts = [
    ...(file === undefined ? [] : [`PLATFORM_OPTIONS_FILE ${file}`]),
    ...(variables.length === 0 ? [] : [`the environment (${variables.join(', ')})`]),
  ];
  return parts.length === 0 ? 'the defaults' : parts.join(' and ');
}

/** ` at line L, column C` from a JSON.parse error's character position, when it gives one. */
function positionOf(error: unknown, text: string): string {
  const match = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!match) return '';
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return ` at line ${line}, column ${column}`;
}
