/**
 * `--platform-options <file>`: the platform plugin's options as a JSON object, the same document a deployment
 * names with PLATFORM_OPTIONS_FILE (docs/configuration.md), so a replay maps profiles and finds role mappings as
 * the server would. The simulated platform's plugin validates them with its own schema; each problem is placed
 * at the line and column of the offending value.
 */
import { PluginLoadError, SchemaValidationError, validatePluginOptions } from '@scim-connector/platform';
import { platformPlugin, SIMULATED_PLATFORM } from '@scim-connector/platform-plugins';
import { parseLocatedJson } from '../json/located-json.ts';
import { BadInputError, problemAt, readInputFile } from './input-problem.ts';

export type PlatformOptions = Readonly<Record<string, unknown>>;

export async function loadPlatformOptionsFile(file: string): Promise<PlatformOptions> {
  const text = await readInputFile(file, 'the platform options');
  const located = parseLocatedJson(text);
  if (!located.ok) {
    throw new BadInputError([problemAt(file, located.position, `not valid JSON: ${located.message}`)]);
  }
  const { value } = located;
  if (!isJsonObject(value)) {
    throw new BadInputError([
      problemAt(file, located.positionOf(''), 'platform options must be a JSON object of plugin options'),
    ]);
  }
  const plugin = platformPlugin(SIMULATED_PLATFORM);
  try {
    // Validated on a copy: the plugin host applies the schema's defaults in place, and validates again on create.
    validatePluginOptions(plugin, structuredClone(value), file);
  } catch (error) {
    const invalid = error instanceof PluginLoadError ? error.cause : undefined;
    if (!(invalid instanceof SchemaValidationError)) throw error;
    throw new BadInputError(
      invalid.issues.map((issue) =>
        problemAt(file, located.positionOf(issue.pointer), `platform options: ${issue.problem}`),
      ),
    );
  }
  return value;
}

function isJsonObject(value: unknown): value is PlatformOptions {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
