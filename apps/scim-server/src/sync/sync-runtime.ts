/**
 * The connector core inside the server process (the composition root `createConnectorCore`: the SCIM service and
 * the sync worker over the store and the platform plugin's parts), plus the server's own concerns around it: the
 * rules holder, the metrics and logging fed by the engine's events, and the admin routes. A committed SCIM write
 * that marks users dirty wakes the worker at once, from inside the core.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { PlatformParts } from '@scim-connector/platform';
import type { ScimService, ScimServiceOptions, UserExtensionHook } from '@scim-connector/scim';
import type { Store } from '@scim-connector/store';
import { createConnectorCore, type SyncEngine, type SyncEvent } from '@scim-connector/sync';
import type { Router } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { SyncSettings } from '../config.ts';
import { createRulesHolder, type RulesHolder } from './rules-holder.ts';
import { type RulesVersionPoller, startRulesVersionPoller } from './rules-version-poller.ts';
import { syncAdminRoutes } from './sync-admin.ts';
import { createSyncMetrics, registerRulesVersionMetrics } from './sync-metrics.ts';
import { createWorkerGate, type WorkerGate } from './worker-gate.ts';

export interface SyncRuntimeOptions {
  store: Store;
  /** What the configured platform plugin created. */
  platform: PlatformParts;
  /** The SCIM service's settings (app.ts `scimServiceSettings`). */
  scim: Omit<ScimServiceOptions, 'store' | 'userExtension'>;
  rulesDir: string;
  logger: Logger;
  registry: Registry;
  settings: SyncSettings;
  /** How often to look for a rules reload made by another process on the same database (RULES_POLL_INTERVAL_MS). */
  rulesPollIntervalMs: number;
  /** Leases held by this process carry this name. Default: host, pid and a random suffix. */
  workerId?: string;
}

export interface SyncRuntime {
  /** The SCIM service; its committed dirty-marking writes wake the engine. */
  service: ScimService;
  engine: SyncEngine;
  rules: RulesHolder;
  adminRouter: Router;
  userExtension: UserExtensionHook;
  /** What holds the worker back (worker-gate.ts); the connector holds it until the platform check passes. */
  gate: WorkerGate;
  /** Follows rules reloads made by other processes (rules-version-poller.ts). */
  rulesPoller(): RulesVersionPoller | undefined;
  /** Starts following the rules version and lets the worker run once nothing else holds it. */
  start(): void;
  stop(): Promise<void>;
}

export async function createSyncRuntime(options: SyncRuntimeOptions): Promise<SyncRuntime> {
  const { store, platform, logger, settings } = options;
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const rules = await createRulesHolder(options.rulesDir, () => store.markAllDirty('rules.changed'), {
    read: async () => (await store.rulesVersion()).version,
    bump: async () => (await store.bumpRulesVersion(workerId)).version,
  });
  const metrics = createSyncMetrics(options.registry, () => store.queueStats());
  registerRulesVersionMetrics(options.registry, () => rules.versionState());
  const log = logger.child({ component: 'sync' });
  let decisionsMade = 0;
  const { service, engine, userExtension } = createConnectorCore({
    store,
    platform,
    rules: () => rules.current(),
    scim: options.scim,
    sync: {
      workerId,
      batchSize: settings.batchSize,
      concurrency: settings.concurrency,
      leaseMs: settings.leaseMs,
      retry: settings.retry,
      onEvent: (event) => {
        if (event.type === 'decision') decisionsMade++;
        metrics.record(event);
        logEvent(log, event);
      },
    },
  });
  const gate = createWorkerGate({
    start: () => engine.start({ intervalMs: settings.intervalMs }),
    stop: () => engine.stop(),
  });
  let poller: RulesVersionPoller | undefined;
  return {
    service,
    engine,
    rules,
    adminRouter: syncAdminRoutes({ store, engine, rules, logger: log }),
    userExtension,
    gate,
    rulesPoller: () => poller,
    start() {
      poller ??= startRulesVersionPoller({
        rules,
        readVersion: async () => (await store.rulesVersion()).version,
        intervalMs: options.rulesPollIntervalMs,
        decisionsMade: () => decisionsMade,
        logger: log,
        onChange: () => {
          if (rules.versionState().pending) void gate.hold('rules-behind');
          else void gate.release('rules-behind');
          engine.wake();
        },
      });
      void gate.release('not-started');
    },
    async stop() {
      await poller?.stop();
      await gate.close();
    },
  };
}

/** Decisions and failures go to the log by user id and user name; never profile data or roles' holders' details. */
function logEvent(log: Logger, event: SyncEvent): void {
  switch (event.type) {
    case 'decision': {
      // Not the decision itself: its explanation's facts carry the user's profile data.
      const fields = pick(event, ['userId', 'userName', 'trigger', 'outcome', 'reasons']);
      if (event.outcome === 'block') log.info(fields, 'sync blocked by governance');
      else log.debug(fields, 'sync decision');
      return;
    }
    case 'push-ok':
      log.debug(event, 'sync push done');
      return;
    case 'retry':
      log.info(event, 'sync push failed; will retry');
      return;
    case 'parked':
      log.warn(event, 'sync gave up on a user; parked until an admin retries (POST /admin/sync/retry)');
      return;
    case 'catalog-invalidated':
      log.info(event, 'platform reported an unknown role; role catalogue refreshed');
      return;
    case 'lease-lost':
      log.warn(event, 'a push outlasted its lease before a renewal; another worker may have taken the user');
      return;
    case 'link-unreadable':
      log.warn(
        event,
        "the user's stored platform link is unreadable; synced as a user the connector never linked",
      );
      return;
    case 'drift-seen':
      log.warn(event, "the platform account differed from the connector's last push (changed by hand)");
      return;
    case 'worker-error':
      log.error(event, 'sync worker error; retrying');
      return;
    default:
      return;
  }
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  const picked = {} as Pick<T, K>;
  for (const key of keys) picked[key] = value[key];
  return picked;
}
