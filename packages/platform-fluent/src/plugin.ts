/**
 * The plugin object the host loads (docs/architecture.md §6): name, options schema, the FLUENT_* shorthands, and a
 * factory that returns everything the connector takes from Fluent — the client, the SCIM-user-to-Fluent-profile
 * mapping with the configured defaults, and the setting Fluent keeps logical-role mappings in.
 */
import type { PlatformParts, PlatformPlugin, ScimUserJson } from '@scim-connector/platform';
import { createFluentClient } from './client.ts';
import { mapScimUserToProfile } from './mapping.ts';
import {
  CONNECTION_OPTIONS,
  DEFAULT_PROFILE_DEFAULTS,
  type FluentConnection,
  type FluentOptionsInput,
  type FluentPluginOptions,
  optionsSchema,
} from './options.ts';

/**
 * The Fluent setting holding logical-role mapping rules, at the account (context ACCOUNT, id 0). Fluent's own SCIM
 * connector reads the same key (Fluent's fc-connector-scim documentation, "dynamic role mapping").
 */
export const ROLE_MAPPING_SETTING = 'fc.connect.scim-connector.provisioning.pipeline.config';

/** The environment variables deployments set the connection with (docs/configuration.md). */
const OPTION_VARIABLES = {
  url: 'FLUENT_URL',
  account: 'FLUENT_ACCOUNT',
  clientId: 'FLUENT_CLIENT_ID',
  clientSecret: 'FLUENT_CLIENT_SECRET',
  username: 'FLUENT_USERNAME',
  password: 'FLUENT_PASSWORD',
} as const satisfies Record<(typeof CONNECTION_OPTIONS)[number], string>;

export const fluentPlugin = {
  name: '@scim-connector/platform-fluent',
  optionsSchema,
  optionVariables: OPTION_VARIABLES,
  create(options: FluentPluginOptions, deps): PlatformParts {
    const defaults = { ...DEFAULT_PROFILE_DEFAULTS, ...options.defaults };
    const client =
      deps.client ??
      createFluentClient(
        // Configured connections win; otherwise one per call the connector makes at once.
        { ...withConnection(options), maxConnections: options.maxConnections ?? deps.concurrency },
        deps.logger === undefined ? {} : { logger: deps.logger },
      );
    return {
      client,
      mapProfile: (scimUser: ScimUserJson) => mapScimUserToProfile(scimUser, defaults),
      roleMappingSetting: { name: ROLE_MAPPING_SETTING },
    };
  },
} satisfies PlatformPlugin<FluentPluginOptions>;

/** The options with their connection, or an error naming every connection option that is missing. */
function withConnection(options: FluentPluginOptions): FluentOptionsInput {
  const missing = CONNECTION_OPTIONS.filter((name) => options[name] === undefined);
  if (missing.length > 0) {
    throw new Error(
      `to connect to Fluent it needs the option${missing.length > 1 ? 's' : ''} ` +
        `${missing.map((name) => `"${name}" (${OPTION_VARIABLES[name]})`).join(', ')}: the account's API URL, ` +
        'the account id, and the API client and user credentials from Fluent. Or use PLATFORM=simulator.',
    );
  }
  return options as FluentConnection & FluentPluginOptions;
}
