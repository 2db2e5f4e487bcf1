/**
 * A whole connector in one process for the sync tests, built by the connector's composition root: a real store
 * (SQLite ':memory:' or PostgreSQL), the platform plugin over the simulator's in-process client, the repository's
 * rules, the SCIM service and the sync engine. Time is a manual clock shared by store, engine and catalogue, so
 * retry times and leases pass on demand.
 */
import { fileURLToPath } from 'node:url';
import {
  createPlatformModel,
  FaultController,
  type PlatformFixture,
  type PlatformModel,
} from '@scim-connector/fluent-simulator';
import { loadRules, type RuleSet } from '@scim-connector/governance';
import type { PlatformClient, PlatformParts } from '@scim-connector/platform';
import { simulatedPlatform } from '@scim-connector/platform-plugins';
import { formatRoleName } from '@scim-connector/role-grammar';
import type { ScimResponse } from '@scim-connector/scim';
import type { OpenStoreOptions, Store } from '@scim-connector/store';
import { type ConnectorCoreOptions, createConnectorCore } from '../connector-core.ts';
import type { SyncEngine, SyncEvent } from '../types.ts';

/** Engine settings a test may change. */
export type EngineSettings = Partial<ConnectorCoreOptions['sync']>;

export const RULES_DIR = fileURLToPath(new URL('../../../../rules', import.meta.url));
export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const CONNECTOR_USER = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:User';
export const CONNECTOR_GROUP = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:Group';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/** Opens a store over an empty database with the given clock. */
export type StoreOpener = (options: OpenStoreOptions) => Promise<Store>;

export class ManualClock {
  ms = Date.parse('2025-06-01T00:00:00.000Z');
  readonly now = (): Date => new Date(this.ms);
  readonly nowMs = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

let cachedRules: RuleSet | undefined;

export async function repositoryRules(): Promise<RuleSet> {
  if (cachedRules) return cachedRules;
  const loaded = await loadRules(RULES_DIR);
  if (!loaded.ok) throw new Error(`rules folder invalid: ${JSON.stringify(loaded.problems)}`);
  cachedRules = loaded.rules;
  return cachedRules;
}

export interface HarnessOptions {
  fixture?: PlatformFixture;
  rules?: RuleSet;
  /** Wraps the platform client the engine uses (to slow it down, crash it, ...). */
  wrapPlatform?: (client: PlatformClient) => PlatformClient;
  engine?: EngineSettings;
  /** Options for the platform plugin (e.g. its profile defaults). */
  platformOptions?: Record<string, unknown>;
}

export interface Harness {
  store: Store;
  model: PlatformModel;
  faults: FaultController;
  platform: PlatformClient;
  clock: ManualClock;
  engine: SyncEngine;
  events: SyncEvent[];
  /** The rules the engine reads; replace to hot-swap. */
  rules: RuleSet;
  /** A second engine over the same store and platform, as another process would run it. */
  newEngine(options?: EngineSettings): SyncEngine;
  scim(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<ScimResponse & { json: Record<string, unknown> }>;
  /** POST /Users; returns the new id. */
  createUser(userName: string, roles?: string[], extra?: Record<string, unknown>): Promise<string>;
  createGroup(
    displayName: string,
    memberIds: string[],
    extra?: { roles?: string[]; externalId?: string },
  ): Promise<string>;
  patchUser(id: string, operations: unknown[]): Promise<void>;
  patchGroup(id: string, operations: unknown[]): Promise<void>;
  /** The platform account: status and canonical role names, sorted; undefined when there is none. */
  platformUser(username: string): { status: string; roles: string[]; id: string } | undefined;
  close(): Promise<void>;
}

export async function createHarness(openStore: StoreOpener, options: HarnessOptions = {}): Promise<Harness> {
  const clock = new ManualClock();
  const store = await openStore({ now: clock.now });
  const model = createPlatformModel(options.fixture);
  const faults = new FaultController();
  const parts = await simulatedPlatform(model, {
    faults,
    ...(options.platformOptions ? { options: options.platformOptions } : {}),
  });
  const platform: PlatformParts = options.wrapPlatform
    ? { ...parts, client: options.wrapPlatform(parts.client) }
    : parts;
  const events: SyncEvent[] = [];
  let ids = 0;
  const build = (overrides: EngineSettings = {}) =>
    createConnectorCore({
      store,
      platform,
      rules: () => harness.rules,
      now: clock.now,
      scim: {
        baseUrl: 'https://scim.test/scim/v2',
        newId: () => `id-${String(++ids).padStart(5, '0')}`,
      },
      sync: {
        workerId: `worker-${Math.random().toString(36).slice(2, 8)}`,
        batchSize: 20,
        leaseMs: 30_000,
        retry: { baseMs: 1000, maxMs: 60_000, maxAttempts: 20 },
        random: () => 0.5,
        onEvent: (event) => events.push(event),
        ...options.engine,
        ...overrides,
      },
    });
  const core = build();

  const harness: Harness = {
    store,
    model,
    faults,
    platform: platform.client,
    clock,
    events,
    rules: options.rules ?? (await repositoryRules()),
    engine: core.engine,
    newEngine: (overrides = {}) => build(overrides).engine,
    async scim(method, path, body) {
      const response = await core.service.handle({ method, path, body, query: {}, headers: {} });
      if (response.status >= 400) {
        throw new Error(
          `SCIM ${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`,
        );
      }
      return { ...response, json: (response.body ?? {}) as Record<string, unknown> };
    },
    async createUser(userName, roles = [], extra = {}) {
      const { json } = await harness.scim('POST', '/Users', {
        schemas: [CORE_USER],
        userName,
        active: true,
        name: { givenName: 'Given', familyName: 'Family' },
        emails: [{ value: userName, type: 'work', primary: true }],
        ...(roles.length > 0 ? { roles: roles.map((value) => ({ value })) } : {}),
        ...extra,
      });
      return json.id as string;
    },
    async createGroup(displayName, memberIds, extra = {}) {
      const { json } = await harness.scim('POST', '/Groups', {
        schemas: [CORE_GROUP, ...(extra.roles ? [CONNECTOR_GROUP] : [])],
        displayName,
        ...(extra.externalId ? { externalId: extra.externalId } : {}),
        members: memberIds.map((value) => ({ value })),
        ...(extra.roles ? { [CONNECTOR_GROUP]: { roles: extra.roles.map((value) => ({ value })) } } : {}),
      });
      return json.id as string;
    },
    async patchUser(id, operations) {
      await harness.scim('PATCH', `/Users/${id}`, { schemas: [PATCH_OP], Operations: operations });
    },
    async patchGroup(id, operations) {
      await harness.scim('PATCH', `/Groups/${id}`, { schemas: [PATCH_OP], Operations: operations });
    },
    platformUser(username) {
      const user = model.getUserByUsername(username);
      if (!user) return undefined;
      const roles = user.roles
        .flatMap((userRole) =>
          userRole.contexts.map((context) =>
            formatRoleName({
              contextType: context.contextType as 'ACCOUNT' | 'RETAILER' | 'AGENT',
              contextId: context.contextId,
              role: userRole.roleName,
            }),
          ),
        )
        .sort();
      return { id: user.id, status: user.status, roles };
    },
    async close() {
      await harness.engine.stop();
      await store.close();
    },
  };
  return harness;
}
