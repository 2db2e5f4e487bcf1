export {
  createFluentClient,
  type FluentClient,
  type FluentClientDeps,
  ROLE_MAPPING_SETTING,
} from './client.ts';
export { fluentCodeOf, parseRetryAfter } from './errors.ts';
export type { HttpRequest, HttpResponse, HttpTransport } from './http/transport.ts';
export { TransportError } from './http/transport.ts';
export {
  ENTERPRISE_USER_URN,
  mapScimUserToProfile,
  pickPreferredValue,
  type ScimMultiValued,
  type ScimUserLike,
} from './mapping.ts';
export {
  DEFAULT_PROFILE_DEFAULTS,
  FLUENT_USER_TYPES,
  type FluentOptions,
  type FluentOptionsInput,
  type MappingSource,
  optionsSchema,
  type ProfileDefaults,
  type RetryOptions,
  resolveOptions,
} from './options.ts';
export { fluentPlugin, fluentPlugin as default } from './plugin.ts';
export { FLUENT_MAX_LENGTH, ProfileFieldError } from './profile-limits.ts';
export type { Clock, Logger } from './runtime.ts';
