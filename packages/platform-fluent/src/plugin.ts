/**
 * The plugin object the host loads by package name (design section 5): name, options schema, factory.
 */
import type { PlatformPlugin } from '@scim-connector/platform';
import { createFluentClient, type FluentClient } from './client.ts';
import { type FluentOptionsInput, optionsSchema } from './options.ts';

export const fluentPlugin = {
  name: '@scim-connector/platform-fluent',
  optionsSchema,
  create(options: FluentOptionsInput, deps): FluentClient {
    return createFluentClient(options, deps.logger === undefined ? {} : { logger: deps.logger });
  },
} satisfies PlatformPlugin<FluentOptionsInput>;
