/**
 * The SCIM service's own request/response shapes: plain values, no HTTP framework, so the express router, the
 * tests and the rules CLI (replaying sync-event logs in-process) all drive the same code.
 */
import type { ScimLimits } from '../limits.ts';
import type { ScimStore } from '../store/port.ts';
import type { NoticeHandler } from './warnings.ts';

export interface ScimRequest {
  method: string;
  /** Relative to the SCIM base URL, e.g. `/Users/2819c223`; a query string, if left on, is ignored. */
  path: string;
  /** Query parameters, first value of each. */
  query?: Readonly<Record<string, string | undefined>>;
  /** Request headers; names are matched case-insensitively. */
  headers?: Readonly<Record<string, string | undefined>>;
  /** The parsed JSON body, undefined when there was none. */
  body?: unknown;
  /** Overrides the service's `baseUrl` for this request (e.g. derived from the HTTP Host header). */
  baseUrl?: string;
}

export interface ScimResponse {
  status: number;
  headers: Record<string, string>;
  /** A JSON value; undefined for 204 and 304. */
  body?: unknown;
}

/** What the sync worker made of a user, shown in the read-only User extension (docs/architecture.md §5.4). */
export interface UserExtensionState {
  platformStatus?: string;
  blockedReasons?: string[];
  lastSyncedAt?: string;
  syncError?: string;
  /** Since when reconciliation has found the user's platform account drifted (docs/architecture.md, "Drift reconciliation"). */
  driftDetectedAt?: string;
}

/** Supplies the connector extension for a batch of users; users absent from the map get no extension. */
export type UserExtensionHook = (userIds: readonly string[]) => Promise<Map<string, UserExtensionState>>;

export interface ScimServiceOptions {
  store: ScimStore;
  /** The absolute SCIM base URL, e.g. `https://scim.example.com/scim/v2`, for `meta.location` and `Location`. */
  baseUrl: string;
  userExtension?: UserExtensionHook;
  /** Called with errors that are not the client's fault (answered 500), for logging. */
  onUnexpectedError?: (error: unknown, request: ScimRequest) => void;
  /** Receives what writes tolerated instead of failing (dropped attributes, skipped member ids), for logging. */
  onNotices?: NoticeHandler;
  /** Caps on the work of one write request (operations per PATCH, values per attribute); defaults otherwise. */
  limits?: ScimLimits;
  /** Id generator for new resources; random UUIDs by default. */
  newId?: () => string;
  /**
   * Recognises errors that mean the store's backing service is away for a while (a database restarting). They are
   * answered 503 with `Retry-After` instead of 500, so the IdP retries later instead of recording a failure.
   */
  recognizeOutage?: (error: unknown) => TemporaryOutage | undefined;
}

/** A 503 answer: what the client reads, and when to retry. */
export interface TemporaryOutage {
  detail: string;
  retryAfterSeconds: number;
}

export interface ScimService {
  handle(request: ScimRequest): Promise<ScimResponse>;
}
