/**
 * The one contract every platform plugin implements (docs/architecture.md §6). Role assignments use the role grammar's
 * RoleRef shape, so a canonical role name maps 1:1 to an assignment.
 */
import type { ContextType, RoleRef } from '@scim-connector/role-grammar';

export type PlatformUserStatus = 'ACTIVE' | 'INACTIVE';

/** Profile fields the connector manages; a plugin maps them to its platform's fields. */
export interface PlatformProfile {
  firstName?: string;
  lastName?: string;
  primaryEmail?: string;
  primaryPhone?: string;
  department?: string;
  title?: string;
  timezone?: string;
  /** e.g. `en-AU`. */
  language?: string;
}

/**
 * The account's user type, which governance decides from the effective roles (docs/architecture.md §4.1), never
 * the IdP unless the rules say so. Each level names the context it belongs to, so a retailer-level account cannot
 * be asked for without its retailer: Fluent's ADMIN (account level), RETAILER (with `primaryRetailer`, a retailer
 * id) and LOCATION (with `primaryLocation`, a location id, the AGENT context of a role).
 */
export type PlatformUserType =
  | { type: 'ADMIN' }
  | { type: 'RETAILER'; primaryRetailer: string }
  | { type: 'LOCATION'; primaryLocation: string };

/** The user type names, in the order of the union above. */
export const PLATFORM_USER_TYPES = [
  'ADMIN',
  'RETAILER',
  'LOCATION',
] as const satisfies readonly PlatformUserType['type'][];

export interface PlatformUser {
  id: string;
  username: string;
  ref: string;
  status: PlatformUserStatus;
  profile: PlatformProfile;
  /**
   * The account's type when it is one the connector decides, with its primary context; undefined for any other
   * (Fluent's API or deprecated types) or a RETAILER / LOCATION account without its primary context.
   */
  userType: PlatformUserType | undefined;
  roles: RoleRef[];
}

export interface NewPlatformUser {
  username: string;
  ref: string;
  status: PlatformUserStatus;
  profile: PlatformProfile;
  userType: PlatformUserType;
  roles: RoleRef[];
}

/** One page of `listUsers`. */
export interface PlatformUserPage {
  users: PlatformUser[];
  /** Pass as `after` for the next page; undefined on the last page. */
  nextCursor: string | undefined;
}

/** A context below the account that roles can be granted at: a retailer, or a location (role context AGENT). */
export interface PlatformContext {
  id: string;
  ref?: string;
  /** A retailer's trading name, a location's name. */
  name?: string;
  /** e.g. `ACTIVE`, `INACTIVE`. */
  status?: string;
  /** A location's retailer. */
  retailerId?: string;
  /** A location's type, e.g. `STORE`, `WAREHOUSE`. */
  type?: string;
}

/** The context types below the account; ACCOUNT itself is the one account the client is connected to. */
export type ListedContextType = Exclude<ContextType, 'ACCOUNT'>;

/** One page of `listContexts`. */
export interface PlatformContextPage {
  contexts: PlatformContext[];
  /** Pass as `after` for the next page; undefined on the last page. */
  nextCursor: string | undefined;
}

/** What `updateUser` changes: only the fields given. */
export interface PlatformUserChange {
  profile?: PlatformProfile;
  status?: PlatformUserStatus;
  userType?: PlatformUserType;
}

export interface PlatformClient {
  /** Exact, case-sensitive username match as the platform stores it; undefined when absent. */
  findUserByUsername(username: string): Promise<PlatformUser | undefined>;
  createUser(user: NewPlatformUser): Promise<PlatformUser>;
  /** Changes only the fields given; never touches roles. */
  updateUser(id: string, change: PlatformUserChange): Promise<PlatformUser>;
  /** Adding an assignment the user already has is not an error. */
  addRoles(userId: string, roles: readonly RoleRef[]): Promise<void>;
  /** Removing an assignment the user does not have is not an error. */
  removeRoles(userId: string, roles: readonly RoleRef[]): Promise<void>;
  /**
   * Every account on the platform, a page at a time (docs/architecture.md, "Drift reconciliation"). The order is
   * the platform's own and stable: a cursor stays valid while accounts are added or changed, so a run can save it
   * and resume from it. `limit` is a wish; a plugin may return fewer (never more), and an empty page only at the end.
   */
  listUsers(page: { after?: string; limit: number }): Promise<PlatformUserPage>;
  /** Every role name in the platform's catalogue. */
  listRoles(): Promise<string[]>;
  contextExists(contextType: ContextType, contextId: string): Promise<boolean>;
  /**
   * The retailers or locations of the account, a page at a time, in the platform's own stable order (for
   * `scim-rules catalog export`, docs/rules.md). Same paging promise as `listUsers`. Optional: a plugin whose
   * platform cannot list its contexts leaves it out, and the export says so.
   */
  listContexts?(
    contextType: ListedContextType,
    page: { after?: string; limit: number },
  ): Promise<PlatformContextPage>;
  /** A setting's JSON value (`lobValue`, else `value`) at a context; undefined when absent. */
  readSetting(name: string, context?: { contextType: ContextType; contextId: string }): Promise<unknown>;
  /** Releases connections and timers. */
  close?(): Promise<void>;
}

/**
 * A failure talking to the platform. `transient` errors (429, 5xx, network, timeouts) are retried with backoff;
 * permanent ones (validation, unknown role, permissions) are not.
 */
export class PlatformError extends Error {
  readonly transient: boolean;
  /** The platform's error code when it gave one, e.g. Fluent's `C0020E`. */
  readonly code: string | undefined;
  /** The platform asked us to wait this long (Retry-After), in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    options: { transient: boolean; code?: string; retryAfterMs?: number; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = 'PlatformError';
    this.transient = options.transient;
    this.code = options.code;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** What governance reads to resolve roles: each role and its context must exist (docs/architecture.md §5.1). */
export interface PlatformCatalog {
  hasRole(role: string): Promise<boolean>;
  hasContext(contextType: ContextType, contextId: string): Promise<boolean>;
}
