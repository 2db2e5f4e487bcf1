/**
 * The plugin's options: the JSON Schema the plugin host validates them with, and the resolved shape the client
 * works with once defaults are filled in.
 */

export interface RetryOptions {
  /** Retries after the first attempt; 0 disables retrying. */
  max: number;
  /** Base of the exponential backoff, in milliseconds. */
  baseMs: number;
  /** Upper bound of one backoff delay; a Retry-After longer than this is handed to the caller instead. */
  maxMs: number;
}

export interface ProfileDefaults {
  /** Fluent requires a timezone on create; used when the IdP sends none. */
  timezone: string;
  /** e.g. `en-AU`; when absent and the IdP sends none, users self-select in Fluent. */
  language?: string;
}

/** Where the account's API is and who the connector signs in as. */
export interface FluentConnection {
  url: string;
  account: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}

/** The connection options, in the order errors name them. */
export const CONNECTION_OPTIONS = [
  'url',
  'account',
  'clientId',
  'clientSecret',
  'username',
  'password',
] as const satisfies readonly (keyof FluentConnection)[];

/** Options as configured for the client (only the connection and credentials are required). */
export interface FluentOptionsInput extends FluentConnection {
  timeoutMs?: number;
  retries?: Partial<RetryOptions>;
  defaults?: Partial<ProfileDefaults>;
  /** Upper bound of concurrent HTTP connections to the Fluent host. */
  maxConnections?: number;
}

/**
 * Options as configured for the plugin: the connection may be left out when the host hands the plugin a client
 * of its own (the simulator in-process); otherwise every connection option is required.
 */
export type FluentPluginOptions = Partial<FluentConnection> &
  Omit<FluentOptionsInput, keyof FluentConnection>;

/** Options with every default filled in. */
export interface FluentOptions {
  url: string;
  account: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  timeoutMs: number;
  retries: RetryOptions;
  defaults: ProfileDefaults;
  maxConnections: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_RETRIES: RetryOptions = { max: 4, baseMs: 200, maxMs: 10_000 };
export const DEFAULT_PROFILE_DEFAULTS: ProfileDefaults = { timezone: 'UTC' };
export const DEFAULT_MAX_CONNECTIONS = 16;

const nonEmptyString = { type: 'string', minLength: 1 } as const;

/**
 * JSON Schema (draft 7) for {@link FluentPluginOptions}. Its defaults match {@link resolveOptions}, so options the
 * host validated (with ajv's useDefaults) and options resolved here come out the same.
 */
export const optionsSchema = {
  title: 'Fluent Commerce platform plugin options',
  type: 'object',
  additionalProperties: false,
  properties: {
    url: {
      type: 'string',
      pattern: '^https?://[^\\s/]+(/[^\\s]*)?$',
      description: 'Account API base URL, e.g. https://ACME.sandbox.api.fluentretail.com',
    },
    account: { ...nonEmptyString, description: 'Fluent account id, sent as the fluent.account header' },
    clientId: nonEmptyString,
    clientSecret: nonEmptyString,
    username: nonEmptyString,
    password: nonEmptyString,
    timeoutMs: {
      type: 'integer',
      minimum: 1,
      default: DEFAULT_TIMEOUT_MS,
      description: 'Per-request timeout in milliseconds',
    },
    retries: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        max: { type: 'integer', minimum: 0, maximum: 20, default: DEFAULT_RETRIES.max },
        baseMs: { type: 'integer', minimum: 0, default: DEFAULT_RETRIES.baseMs },
        maxMs: { type: 'integer', minimum: 0, default: DEFAULT_RETRIES.maxMs },
      },
    },
    defaults: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        timezone: {
          type: 'string',
          minLength: 1,
          maxLength: 32,
          default: DEFAULT_PROFILE_DEFAULTS.timezone,
          description: 'IANA time zone of users the IdP sends none for',
        },
        language: {
          type: 'string',
          pattern: '^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$',
          maxLength: 255,
          description: 'Language tag (e.g. en-AU) of users the IdP sends none for; unset lets users choose',
        },
      },
    },
    // No default here: when unset, the plugin sizes the pool to the connector's concurrency (resolveOptions: 16).
    maxConnections: { type: 'integer', minimum: 1, maximum: 1024 },
  },
} as const;

/** Fills in defaults. Assumes the input passed {@link optionsSchema}; strips trailing slashes from the URL. */
export function resolveOptions(input: FluentOptionsInput): FluentOptions {
  return {
    url: input.url.replace(/\/+$/, ''),
    account: input.account,
    clientId: input.clientId,
    clientSecret: input.clientSecret,
    username: input.username,
    password: input.password,
    timeoutMs: input.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retries: { ...DEFAULT_RETRIES, ...input.retries },
    defaults: { ...DEFAULT_PROFILE_DEFAULTS, ...input.defaults },
    maxConnections: input.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
  };
}
