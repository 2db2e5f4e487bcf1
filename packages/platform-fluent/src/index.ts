export { createFluentClient, type FluentClient, type FluentClientDeps } from './client.ts';
export type { HttpRequest, HttpResponse, HttpTransport } from './http/transport.ts';
export {
  type FluentOptions,
  type FluentOptionsInput,
  optionsSchema,
  type ProfileDefaults,
  type RetryOptions,
  resolveOptions,
} from './options.ts';
export { fluentPlugin, fluentPlugin as default, ROLE_MAPPING_SETTING } from './plugin.ts';
export { FLUENT_MAX_LENGTH, ProfileFieldError } from './profile-limits.ts';
export type { Clock, Logger } from './runtime.ts';
