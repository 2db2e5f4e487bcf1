/**
 * The one composition root of the connector's core: the SCIM service and the sync engine over one store, one
 * platform (the parts its plugin created) and one rule set, on one clock. The server, the rules CLI's replay, the
 * sync tests and the benchmarks all build the connector here, so they run the same wiring (docs/architecture.md,
 * data flow): a SCIM write commits with its dirty marks, the commit wakes the engine, the engine decides and pushes.
 */
import type { RuleSet } from '@scim-connector/governance';
import type { PlatformParts } from '@scim-connector/platform';
import {
  createScimService,
  type ScimService,
  type ScimServiceOptions,
  type UserExtensionHook,
} from '@scim-connector/scim';
import type { Store } from '@scim-connector/store';
import { connectorStatus } from './connector-status.ts';
import { createSyncEngine } from './sync-engine.ts';
import type { SyncEngine, SyncEngineOptions } from './types.ts';
import { wakeOnCommit } from './wake-on-commit.ts';

export interface ConnectorCoreOptions {
  store: Store;
  /** What the platform plugin created (`PlatformPlugin.create`). */
  platform: PlatformParts;
  /** The current rules; read once per user decided. */
  rules: () => RuleSet;
  /** The clock of the engine, its catalogue and caches, and the store's timestamps' reader. Default: wall time. */
  now?: () => Date;
  /** The SCIM service's own settings (base URL, ids, error and notice hooks). */
  scim: Omit<ScimServiceOptions, 'store' | 'userExtension'>;
  /** The sync engine's settings (worker id, batch size, concurrency, leases, retry, events). */
  sync: Omit<SyncEngineOptions, 'store' | 'platform' | 'rules' | 'now'>;
}

export interface ConnectorCore {
  /** Handles SCIM requests; each committed write that marks users dirty wakes the engine. */
  service: ScimService;
  engine: SyncEngine;
  /** The connector's view of users on their SCIM resources (docs/architecture.md §5.4): status, block reasons. */
  userExtension: UserExtensionHook;
}

export function createConnectorCore(options: ConnectorCoreOptions): ConnectorCore {
  const { store } = options;
  const engine = createSyncEngine({
    ...options.sync,
    store,
    platform: options.platform,
    rules: options.rules,
    ...(options.now ? { now: options.now } : {}),
  });
  const userExtension: UserExtensionHook = (userIds) => connectorStatus(store, userIds);
  const service = createScimService({
    ...options.scim,
    store: wakeOnCommit(store, () => engine.wake()),
    userExtension,
  });
  return { service, engine, userExtension };
}
