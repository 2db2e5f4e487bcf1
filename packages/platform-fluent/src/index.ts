export { createFluentClient, type FluentClient, type FluentClientDeps } from './client.ts';
export { fluentCodeOf, parseRetryAfter } from './errors.ts';
export type { HttpRequest, HttpResponse, HttpTransport } from './http/transport.ts';
export { TransportError } from './http/transport.ts';
export {
  ENTERPRISE_USER_URN,
  pickPreferredValue,
  type ScimMultiValued,
  type ScimUserLike,
} from './mapping.ts';
export {
  FLUENT_USER_TYPES,
  type FluentConnection,
  type FluentOptions,
  type FluentOptionsInput,
  type FluentPluginOptions,
  optionsSchema,
  type ProfileDefaults,
  type RetryOptions,
  resolveOptions,
} from './options.ts';
export { fluentPlugin, fluentPlugin as default, ROLE_MAPPING_SETTING } from './plugin.ts';
export { FLUENT_MAX_LENGTH, ProfileFieldError } from './profile-limits.ts';
export type { Clock, Logger } from './runtime.ts';
