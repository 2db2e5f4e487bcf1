/**
 * One replay: the server's own parts, built by the same composition root (`createConnectorCore`). The SCIM service
 * (apply logic, journal, dirty marks) over an in-memory SQLite store, and the sync engine (the server's cycle:
 * governance decision, platform push, link, audit) against the platform plugin over the simulator's in-process
 * client seeded from a fixture. Each request is handled, then the engine drains, so the decisions a request caused
 * are known before the next one is applied.
 */
import type { Decision, Outcome, RuleSet, Trigger } from '@scim-connector/governance';
import type { PlatformUserType } from '@scim-connector/platform';
import {
  createPlatformModel,
  type PlatformFixture,
  type PlatformModel,
  simulatedPlatform,
  toPlatformUser,
} from '@scim-connector/platform-plugins';
import { formatRoleName } from '@scim-connector/role-grammar';
import type { ScimResponse } from '@scim-connector/scim';
import { openStore, type Store } from '@scim-connector/store';
import {
  createConnectorCore,
  type SyncEngine,
  type SyncEvent,
  type UserInspection,
} from '@scim-connector/sync';
import { type PlaceholderLookup, substituteBody, substitutePath } from './placeholders.ts';
import type { ReplayRequest } from './replay-request.ts';

const BASE_URL = 'http://scim-rules.invalid/scim/v2';
/** The simulated catalogue never changes during a replay; one listing serves it all. */
const CATALOG_TTL_MS = 24 * 60 * 60 * 1000;
const SYNC_BATCH_SIZE = 100;
/** Logical time a replayed request takes (see ReplayClock). */
const REQUEST_STEP_MS = 1;

export interface DecisionRecord {
  userId: string;
  userName: string;
  trigger: Trigger;
  outcome: Outcome;
  reasons: string[];
  /** Reasons of every block event that fired, also beside a deactivation (what was withheld, and why). */
  blockedReasons: string[];
}

/** A decision as it happened during one request: governance's whole decision, and whether it was pushed. */
export interface AppliedDecision extends DecisionRecord {
  decision: Decision;
  /** A platform call was made (false for block and none, for changes already in place, for a refused push). */
  changed: boolean;
}

/** The platform refused a push (the server would park the user and show it in /admin/sync). */
export interface PushFailure {
  userId: string;
  userName: string | undefined;
  error: string;
}

export interface ScimRejection {
  status: number;
  scimType?: string;
  detail: string;
}

export interface AppliedRequest {
  /** The SCIM response status. */
  status: number;
  /** A 4xx answer: the request was refused, as the server would have refused it. */
  rejection?: ScimRejection;
  /** A 5xx answer: the service itself failed on this request. */
  failure?: string;
  decisions: AppliedDecision[];
  pushFailures: PushFailure[];
}

export interface PlatformUserState {
  username: string;
  status: 'ACTIVE' | 'INACTIVE';
  /** Canonical role names, sorted. */
  roles: string[];
  /** The account's user type with its primary context; null when it has none the connector decides. */
  userType: PlatformUserType | null;
}

export interface ReplaySession {
  /** Handles the request and drains the sync queue. Throws UnresolvedPlaceholder or DuplicateRecordedId. */
  apply(request: ReplayRequest): Promise<AppliedRequest>;
  /** Every account on the simulated platform, by username. */
  platformUsers(): PlatformUserState[];
  /** The account with this username (exactly, else ignoring case). */
  platformUser(username: string): PlatformUserState | undefined;
  /** The directory id of the user with this userName now (case-insensitive), if any. */
  userId(userName: string): string | undefined;
  /** What the server's admin API shows for a user: roles with sources, the decision governance would make now. */
  inspect(userId: string): Promise<UserInspection | undefined>;
  close(): Promise<void>;
}

export class DuplicateRecordedId extends Error {
  constructor(readonly id: string) {
    super(
      `the recorded id "${id}" was already assigned earlier in this log; each POST creates a new resource`,
    );
    this.name = 'DuplicateRecordedId';
  }
}

export interface ReplaySessionOptions {
  rules: RuleSet;
  /** The platform to start from; default the simulator's default seed. */
  fixture?: PlatformFixture;
  /**
   * The platform plugin's options (`--platform-options`), as a deployment's PLATFORM_OPTIONS_FILE sets them: its
   * profile defaults and where it keeps role mappings decide as they would in the server. Default: none.
   */
  platformOptions?: Readonly<Record<string, unknown>>;
}

export async function openReplaySession(options: ReplaySessionOptions): Promise<ReplaySession> {
  const model = createPlatformModel(options.fixture);
  const clock = new ReplayClock();
  const store = await openStore('sqlite::memory:', { now: clock.now });
  // The plugin with the deployment's options, or its defaults as `pnpm start` runs it against the simulator.
  const platform = await simulatedPlatform(model, { options: options.platformOptions ?? {} });
  const names = new NameIndex();
  const ids = new SequentialIds();
  const assignedIds = new Set<string>();
  let recordedId: string | undefined;
  let current: { decisions: AppliedDecision[]; pushFailures: PushFailure[] } = {
    decisions: [],
    pushFailures: [],
  };
  /** What the service reported about its own failure on the current request (a 500's real cause). */
  let unexpected: string | undefined;

  const { service, engine } = createConnectorCore({
    store,
    platform,
    rules: () => options.rules,
    now: clock.now,
    scim: {
      baseUrl: BASE_URL,
      newId: () => recordedId ?? ids.next((id) => !assignedIds.has(id)),
      onUnexpectedError: (error) => {
        unexpected = error instanceof Error ? error.message : String(error);
      },
    },
    sync: {
      catalogTtlMs: CATALOG_TTL_MS,
      workerId: 'scim-rules',
      // One user at a time, so decisions come out in the order the queue hands them over, run after run.
      concurrency: 1,
      batchSize: SYNC_BATCH_SIZE,
      // Nothing in-process is transient: a refused push is reported at once instead of waiting for a retry.
      retry: { maxAttempts: 1 },
      onEvent: (event) => record(event),
    },
  });

  function record(event: SyncEvent): void {
    if (event.type === 'decision') {
      const { userId, userName, trigger, outcome, reasons, decision } = event;
      current.decisions.push({
        userId,
        userName,
        trigger,
        outcome,
        reasons: [...reasons],
        blockedReasons: [...decision.blockedReasons],
        decision,
        changed: false,
      });
    } else if (event.type === 'push-ok') {
      const pushed = current.decisions.findLast((entry) => entry.userId === event.userId);
      if (pushed) pushed.changed = event.changed;
    } else if (event.type === 'parked') {
      current.pushFailures.push({
        userId: event.userId,
        userName: names.userNameOf(event.userId),
        error: event.error,
      });
    }
  }

  return {
    async apply(request) {
      const path = substitutePath(request.path, names);
      const body = request.body === undefined ? undefined : substituteBody(request.body, names);
      if (request.recordedId !== undefined) {
        if (assignedIds.has(request.recordedId)) throw new DuplicateRecordedId(request.recordedId);
      }
      current = { decisions: [], pushFailures: [] };
      unexpected = undefined;
      clock.advance(REQUEST_STEP_MS);
      recordedId = request.recordedId;
      let response: ScimResponse;
      try {
        response = await service.handle({ method: request.method, path, body });
      } finally {
        recordedId = undefined;
      }
      if (response.status < 300) await names.learn(store, request.method, path, response);
      if (request.method === 'POST' && response.status === 201) {
        const id = idOf(response.body);
        if (id !== undefined) assignedIds.add(id);
      }
      // A refused or failed request wrote nothing, so it marked nobody dirty: no cycle to run.
      if (response.status < 400) await syncDirtyUsers(engine);
      const applied: AppliedRequest = { status: response.status, ...current };
      if (response.status >= 500) applied.failure = unexpected ?? errorDetail(response.body);
      else if (response.status >= 400) applied.rejection = rejectionOf(response);
      return applied;
    },
    platformUsers: () =>
      model
        .listUsers()
        .map((user) => platformState(model, user.username))
        .filter((user): user is PlatformUserState => user !== undefined)
        .sort((a, b) => compareText(a.username, b.username)),
    platformUser: (username) => platformState(model, username) ?? platformStateIgnoringCase(model, username),
    userId: (userName) => names.userId(userName),
    inspect: (userId) => engine.inspectUser(userId),
    async close() {
      await engine.stop();
      await store.close();
    },
  };
}

/**
 * Time in a replay is logical: it starts at the wall-clock time the session opens and moves on by a fixed step per
 * request, standing still while a request and its sync cycle run. So nothing a replay decides can depend on how
 * fast the machine is: leases never expire mid-cycle, queue order among users marked by one request is by id,
 * and cache lifetimes (catalogue, role-mapping setting) end after the same requests on every run.
 */
class ReplayClock {
  #ms = Date.now();
  readonly now = (): Date => new Date(this.#ms);
  advance(ms: number): void {
    this.#ms += ms;
  }
}

/**
 * Ids for resources the log does not give one: the same on every run, in creation order. The sync queue hands
 * over users marked together (a group's members) in id order, so random ids would shuffle those decisions from
 * run to run. UUID-shaped, as the server's are; one the log already used is skipped (`free`), and a later recorded
 * id that matches one is refused as a duplicate.
 */
class SequentialIds {
  #next = 1;
  next(free: (id: string) => boolean): string {
    for (;;) {
      const id = `00000000-0000-4000-8000-${(this.#next++).toString(16).padStart(12, '0')}`;
      if (free(id)) return id;
    }
  }
}

/**
 * The engine's own cycle until the queue is empty. `runOnce` rather than `drain`: after a request that touched
 * one user, a claim that finds a full batch is the only way to know there may be more, so a short batch ends
 * the loop without the extra empty claim `drain` makes (one transaction less per request).
 */
async function syncDirtyUsers(engine: SyncEngine): Promise<void> {
  for (;;) {
    const summary = await engine.runOnce();
    if (summary.claimed < SYNC_BATCH_SIZE) return;
  }
}

function platformState(model: PlatformModel, username: string): PlatformUserState | undefined {
  const user = model.getUserByUsername(username);
  if (user === undefined) return undefined;
  const account = toPlatformUser(user);
  return {
    username: account.username,
    status: account.status,
    roles: account.roles.map(formatRoleName).sort(),
    userType: account.userType ?? null,
  };
}

/** The platform matches usernames exactly; logs and tests may spell a userName as the IdP does, in another case. */
function platformStateIgnoringCase(model: PlatformModel, username: string): PlatformUserState | undefined {
  const wanted = username.toLowerCase();
  const user = model.listUsers().find((candidate) => candidate.username.toLowerCase() === wanted);
  return user && platformState(model, user.username);
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function idOf(body: unknown): string | undefined {
  const id = typeof body === 'object' && body !== null ? (body as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

function errorDetail(body: unknown): string {
  const detail =
    typeof body === 'object' && body !== null ? (body as { detail?: unknown }).detail : undefined;
  return typeof detail === 'string' ? detail : 'the SCIM service failed without a detail';
}

function rejectionOf(response: ScimResponse): ScimRejection {
  const body = (typeof response.body === 'object' && response.body !== null ? response.body : {}) as {
    scimType?: unknown;
  };
  const rejection: ScimRejection = { status: response.status, detail: errorDetail(response.body) };
  if (typeof body.scimType === 'string') rejection.scimType = body.scimType;
  return rejection;
}

/**
 * userName -> id and displayName -> id as the log goes (both case-insensitive, like the attributes), learnt from
 * the service's answers, for placeholders; and id -> userName, to name users in push failures.
 */
class NameIndex implements PlaceholderLookup {
  private readonly users = new Map<string, string>();
  private readonly userNames = new Map<string, string>();
  private readonly groups = new Map<string, string>();
  private readonly groupNames = new Map<string, string>();

  userId(userName: string): string | undefined {
    return this.users.get(userName.toLowerCase());
  }

  groupId(displayName: string): string | undefined {
    return this.groups.get(displayName.toLowerCase());
  }

  userNameOf(id: string): string | undefined {
    return this.userNames.get(id);
  }

  async learn(store: Store, method: string, path: string, response: ScimResponse): Promise<void> {
    const [, collection, encodedId] = path.split('?')[0]?.split('/') ?? [];
    const isUsers = collection?.toLowerCase() === 'users';
    const id = encodedId === undefined ? idOf(response.body) : safeDecode(encodedId);
    if (id === undefined || collection === undefined) return;
    if (method === 'DELETE') {
      if (isUsers) forget(this.users, this.userNames, id);
      else forget(this.groups, this.groupNames, id);
      return;
    }
    if (isUsers) {
      const userName = nameIn(response.body, 'userName') ?? (await store.getUser(id))?.userName;
      if (userName !== undefined) remember(this.users, this.userNames, id, userName);
    } else {
      const displayName =
        nameIn(response.body, 'displayName') ?? (await store.getGroup(id, { members: false }))?.displayName;
      if (displayName !== undefined) remember(this.groups, this.groupNames, id, displayName);
    }
  }
}

function remember(byName: Map<string, string>, byId: Map<string, string>, id: string, name: string): void {
  const previous = byId.get(id);
  if (previous !== undefined && byName.get(previous.toLowerCase()) === id)
    byName.delete(previous.toLowerCase());
  byName.set(name.toLowerCase(), id);
  byId.set(id, name);
}

function forget(byName: Map<string, string>, byId: Map<string, string>, id: string): void {
  const previous = byId.get(id);
  if (previous !== undefined && byName.get(previous.toLowerCase()) === id)
    byName.delete(previous.toLowerCase());
  // The id -> name entry stays: a deleted user's decisions and failures are still reported by name.
}

function nameIn(body: unknown, attribute: string): string | undefined {
  const value =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[attribute] : undefined;
  return typeof value === 'string' ? value : undefined;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
