/**
 * The Fluent Commerce PlatformClient over HTTP: the contract's operations expressed as Fluent GraphQL calls
 * (the user, role and settings API). Token handling, retries and error classification live in the modules it wires.
 */
import type {
  ListedContextType,
  NewPlatformUser,
  PlatformClient,
  PlatformContext,
  PlatformContextPage,
  PlatformUser,
  PlatformUserChange,
  PlatformUserPage,
} from '@scim-connector/platform';
import { PlatformError } from '@scim-connector/platform';
import type { ContextType, RoleRef } from '@scim-connector/role-grammar';
import { readConnection } from './connection.ts';
import { asRecord, tryParseJson } from './errors.ts';
import { decodeUser, encodeProfile, encodeRoles, encodeUserType } from './fluent-user.ts';
import { FluentGraphQL, type Variables } from './graphql.ts';
import type { HttpTransport } from './http/transport.ts';
import { createUndiciTransport } from './http/undici-transport.ts';
import { type FluentOptions, type FluentOptionsInput, resolveOptions } from './options.ts';
import { generatePassword } from './password.ts';
import {
  FLUENT_MAX_LENGTH,
  ProfileFieldError,
  requireFluentLimits,
  requireMaxLength,
} from './profile-limits.ts';
import {
  ADD_USER_ROLES,
  CREATE_USER,
  FIND_SETTINGS,
  FIND_USERS,
  LIST_LOCATIONS,
  LIST_RETAILERS,
  LIST_ROLES,
  LIST_USERS,
  LOCATION_BY_ID,
  REMOVE_USER_ROLES,
  RETAILER_BY_ID,
  UPDATE_USER,
} from './queries.ts';
import { createRedactor } from './redact.ts';
import { type Clock, type Logger, silentLogger, systemClock } from './runtime.ts';
import { TokenManager } from './token.ts';
import { createUsernameLookups, type UsernameLookups } from './username-lookups.ts';

/** Page sizes: large enough to keep round trips few, small enough to stay far below Fluent's complexity limit. */
const USER_PAGE_SIZE = 50;
const ROLE_PAGE_SIZE = 500;
/** The most accounts one `listUsers` page asks for: users carry their role assignments, the heaviest node read. */
const MAX_LIST_PAGE_SIZE = 200;
/** The most retailers or locations one `listContexts` page asks for: small nodes, so a large page is cheap. */
const MAX_CONTEXT_PAGE_SIZE = 500;
/** A runaway cursor (a platform bug) must not loop forever. */
const MAX_PAGES = 1000;

const ACCOUNT_SETTING_CONTEXT = { contextType: 'ACCOUNT' as const, contextId: '0' };

export interface FluentClientDeps {
  /** Default: an undici Pool to `options.url`. `close()` closes the transport either way. */
  transport?: HttpTransport;
  clock?: Clock;
  /** Uniform in [0, 1), for backoff jitter. */
  random?: () => number;
  logger?: Logger;
}

export interface FluentClient extends PlatformClient {
  close(): Promise<void>;
  listContexts(
    contextType: ListedContextType,
    page: { after?: string; limit: number },
  ): Promise<PlatformContextPage>;
}

/** A graphql call: with retries (`request`) or a single try inside a caller's own retry loop (`attempt`). */
type Call = (operation: string, query: string, variables: Variables) => Promise<Record<string, unknown>>;

export function createFluentClient(input: FluentOptionsInput, deps: FluentClientDeps = {}): FluentClient {
  const options = resolveOptions(input);
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger;
  const transport =
    deps.transport ?? createUndiciTransport(options.url, { maxConnections: options.maxConnections });
  const redactConfigured = createRedactor(() => [options.password, options.clientSecret]);
  const tokens = new TokenManager(options, {
    transport,
    clock,
    logger,
    redact: redactConfigured,
    timeoutMs: options.timeoutMs,
  });
  const graphql = new FluentGraphQL({
    transport,
    tokens,
    redact: (text) => tokens.redact(text),
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    runtime: { clock, logger, random: deps.random ?? Math.random },
  });
  return new HttpFluentClient(options, graphql, transport, logger);
}

class HttpFluentClient implements FluentClient {
  readonly #options: FluentOptions;
  readonly #graphql: FluentGraphQL;
  readonly #transport: HttpTransport;
  #closing: Promise<void> | undefined;
  readonly #logger: Logger;
  readonly #request: Call;
  readonly #attempt: Call;
  readonly #lookups: UsernameLookups;

  constructor(options: FluentOptions, graphql: FluentGraphQL, transport: HttpTransport, logger: Logger) {
    this.#options = options;
    this.#graphql = graphql;
    this.#transport = transport;
    this.#logger = logger;
    this.#request = (operation, query, variables) => graphql.request(operation, query, variables);
    this.#attempt = (operation, query, variables) => graphql.attempt(operation, query, variables);
    this.#lookups = createUsernameLookups({
      findOne: (username) => this.#findUser(username, this.#request),
      findPage: async (usernames, first) =>
        readConnection(
          await this.#request('findUserByUsername', FIND_USERS, { username: usernames, first }),
          'users',
          'findUserByUsername',
        ),
      decode: (node) => decodeUser(node, 'findUserByUsername'),
    });
  }

  /** Look-ups started in the same turn share one request (username-lookups.ts). */
  findUserByUsername(username: string): Promise<PlatformUser | undefined> {
    return this.#lookups.find(username);
  }

  /**
   * createUser is not idempotent: a retry after a timeout may find the first attempt did create the account. So
   * every retry first looks the username up and adopts the account it finds rather than failing as a duplicate.
   */
  async createUser(user: NewPlatformUser): Promise<PlatformUser> {
    const input = this.#createUserInput(user);
    const created = await this.#graphql.withRetry('createUser', async (attempt) => {
      if (attempt > 0) {
        const existing = await this.#findUser(user.username, this.#attempt);
        if (existing !== undefined) {
          this.#logger.info(
            { userId: existing.id },
            'Fluent createUser had succeeded before the retry; adopting it',
          );
          return existing;
        }
      }
      const data = await this.#graphql.attempt('createUser', CREATE_USER, { input });
      return decodeUser(data.createUser, 'createUser');
    });
    // CreateUserInput has no status: Fluent creates users ACTIVE, so INACTIVE takes a second call.
    if (user.status === 'INACTIVE' && created.status !== 'INACTIVE') {
      return this.updateUser(created.id, { status: 'INACTIVE' });
    }
    return created;
  }

  async updateUser(id: string, change: PlatformUserChange): Promise<PlatformUser> {
    const input: Record<string, unknown> = { id };
    if (change.profile !== undefined)
      Object.assign(input, encodeProfile(requireFluentLimits(change.profile)));
    // UpdateUserInput takes type, primaryRetailer and primaryLocation: Fluent lets a user's type change.
    if (change.userType !== undefined) Object.assign(input, encodeUserType(change.userType));
    if (change.status !== undefined) input.status = change.status;
    const data = await this.#request('updateUser', UPDATE_USER, { input });
    return decodeUser(data.updateUser, 'updateUser');
  }

  async addRoles(userId: string, roles: readonly RoleRef[]): Promise<void> {
    if (roles.length === 0) return;
    await this.#request('addRoles', ADD_USER_ROLES, { input: { id: userId, roles: encodeRoles(roles) } });
  }

  async removeRoles(userId: string, roles: readonly RoleRef[]): Promise<void> {
    if (roles.length === 0) return;
    await this.#request('removeRoles', REMOVE_USER_ROLES, {
      input: { user: { id: userId }, roles: encodeRoles(roles) },
    });
  }

  async listUsers(page: { after?: string; limit: number }): Promise<PlatformUserPage> {
    const first = Math.max(1, Math.min(MAX_LIST_PAGE_SIZE, Math.floor(page.limit)));
    const data = await this.#request('listUsers', LIST_USERS, { first, after: page.after });
    const { nodes, nextCursor } = readConnection(data, 'users', 'listUsers');
    return { users: nodes.map((node) => decodeUser(node, 'listUsers')), nextCursor };
  }

  async listRoles(): Promise<string[]> {
    const names = new Set<string>();
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const data = await this.#request('listRoles', LIST_ROLES, { first: ROLE_PAGE_SIZE, after });
      const { nodes, nextCursor } = readConnection(data, 'roles', 'listRoles');
      for (const node of nodes) {
        const name = asRecord(node)?.name;
        if (typeof name === 'string') names.add(name);
      }
      if (nextCursor === undefined) break;
      after = nextCursor;
    }
    return [...names];
  }

  /** ACCOUNT is the configured account (or `0`, as Fluent settings address it); others are looked up by id. */
  async contextExists(contextType: ContextType, contextId: string): Promise<boolean> {
    if (contextType === 'ACCOUNT') return contextId === '0' || contextId === this.#options.account;
    // Fluent ids are numeric; asking for anything else would only earn a validation error.
    if (!/^\d+$/.test(contextId)) return false;
    const [query, field] =
      contextType === 'RETAILER' ? [RETAILER_BY_ID, 'retailer'] : [LOCATION_BY_ID, 'location'];
    const data = await this.#request(`contextExists(${contextType})`, query, { id: contextId });
    return asRecord(data[field]) !== undefined;
  }

  async listContexts(
    contextType: ListedContextType,
    page: { after?: string; limit: number },
  ): Promise<PlatformContextPage> {
    const first = Math.max(1, Math.min(MAX_CONTEXT_PAGE_SIZE, Math.floor(page.limit)));
    const [query, field] =
      contextType === 'RETAILER' ? [LIST_RETAILERS, 'retailers'] : [LIST_LOCATIONS, 'locations'];
    const operation = `listContexts(${contextType})`;
    const data = await this.#request(operation, query, { first, after: page.after });
    const { nodes, nextCursor } = readConnection(data, field, operation);
    return { contexts: nodes.flatMap((node) => decodeContext(node)), nextCursor };
  }

  async readSetting(
    name: string,
    context: { contextType: ContextType; contextId: string } = ACCOUNT_SETTING_CONTEXT,
  ): Promise<unknown> {
    const data = await this.#request('readSetting', FIND_SETTINGS, {
      name: [name],
      context: [context.contextType],
      contextId: [settingContextId(context)],
      first: 10,
    });
    // The name filter accepts `%` wildcards, so keep only the exact match.
    const setting = readConnection(data, 'settings', 'readSetting')
      .nodes.map(asRecord)
      .find((node) => node?.name === name);
    return setting === undefined ? undefined : settingValue(setting);
  }

  /** Idempotent: shutdown paths (signals, test teardown) may close a client more than once. */
  close(): Promise<void> {
    this.#closing ??= this.#transport.close();
    return this.#closing;
  }

  /**
   * `users(username: [...])` may treat `%` as a wildcard, so pages are scanned for the exact username.
   *
   * "No account" is an answer only when Fluent said the last page was the last. A scan that cannot reach the end
   * (more pages promised without an edge to continue from, or the page cap reached) fails instead: the sync engine
   * reads "no account" for a linked user as "the platform lost it" (docs/architecture.md §6.2), so a deactivation
   * would be recorded as done while the account stayed active. Failing keeps the push queued, retried and visible.
   */
  async #findUser(username: string, call: Call): Promise<PlatformUser | undefined> {
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const data = await call('findUserByUsername', FIND_USERS, {
        username: [username],
        first: USER_PAGE_SIZE,
        after,
      });
      const { nodes, nextCursor, hasMore } = readConnection(data, 'users', 'findUserByUsername');
      const match = nodes.find((node) => asRecord(node)?.username === username);
      if (match !== undefined) return decodeUser(match, 'findUserByUsername');
      if (nextCursor === undefined) {
        if (!hasMore) return undefined;
        // A page read while accounts change can come back like this; a retry usually reads a whole one.
        throw new PlatformError(
          'Fluent findUserByUsername reported more pages but sent no edges to continue from',
          { transient: true },
        );
      }
      after = nextCursor;
    }
    throw new PlatformError(
      `Fluent findUserByUsername found no exact match in ${MAX_PAGES} pages of wildcard matches`,
      { transient: false },
    );
  }

  #createUserInput(user: NewPlatformUser): Record<string, unknown> {
    requireMaxLength('username', user.username, FLUENT_MAX_LENGTH.username);
    requireMaxLength('ref', user.ref, FLUENT_MAX_LENGTH.ref);
    // The plugin's profile mapping applied the defaults already; a caller with a bare profile gets them here.
    const { defaults } = this.#options;
    const profile = requireFluentLimits({
      ...user.profile,
      timezone: user.profile.timezone ?? defaults.timezone,
      language: user.profile.language ?? defaults.language,
    });
    if (profile.primaryEmail === undefined) {
      throw new ProfileFieldError(
        'primaryEmail',
        `Fluent requires a primary email to create user "${user.username}"; the identity provider sent none. ` +
          'Map an email attribute (emails[type eq "work"].value) at the identity provider.',
      );
    }
    const input: Record<string, unknown> = {
      ref: user.ref,
      username: user.username,
      password: generatePassword(),
      ...encodeProfile(profile),
      ...encodeUserType(user.userType),
    };
    if (user.roles.length > 0) input.roles = encodeRoles(user.roles);
    return input;
  }
}

/** A retailer or location node; one without an id is not a context roles can be granted at, so it is skipped. */
function decodeContext(node: unknown): PlatformContext[] {
  const record = asRecord(node);
  const id = record?.id;
  if (record === undefined || (typeof id !== 'string' && typeof id !== 'number')) return [];
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const retailerId = asRecord(record.retailer)?.id;
  const context: PlatformContext = { id: String(id) };
  const fields = {
    ref: text(record.ref),
    name: text(record.tradingName) ?? text(record.name),
    status: text(record.status),
    type: text(record.type),
    retailerId:
      typeof retailerId === 'string' || typeof retailerId === 'number' ? String(retailerId) : undefined,
  };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) context[key as keyof typeof fields] = value;
  }
  return [context];
}

/** Settings take an Int contextId; the account is addressed as 0. */
function settingContextId(context: { contextType: ContextType; contextId: string }): number {
  const id = Number(context.contextId);
  if (Number.isInteger(id)) return id;
  if (context.contextType === 'ACCOUNT') return 0;
  throw new PlatformError(
    `Fluent settings are addressed by a numeric contextId; "${context.contextId}" is not one`,
    { transient: false },
  );
}

/** `lobValue` (JSON, sometimes delivered as a string) when present, else `value`, parsed when typed JSON. */
function settingValue(setting: Record<string, unknown>): unknown {
  const { lobValue, value, valueType } = setting;
  if (lobValue !== undefined && lobValue !== null) {
    return typeof lobValue === 'string' ? (tryParseJson(lobValue) ?? lobValue) : lobValue;
  }
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' && (valueType === 'JSON' || valueType === 'LOB')) {
    return tryParseJson(value) ?? value;
  }
  return value;
}
