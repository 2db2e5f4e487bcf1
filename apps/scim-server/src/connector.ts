/**
 * The whole server in one call: tokens, store, platform (the configured plugin, or the built-in simulator behind
 * it), the connector core (SCIM service + sync worker), the app and its listener. main.ts adds the process concerns (signals, printing); the end-to-end tests
 * start it in-process on port 0.
 */
import type { SimulatorProcess } from '@scim-connector/platform-plugins';
import { openStore, type Store } from '@scim-connector/store';
import express from 'express';
import type { Logger } from 'pino';
import { createApp, SCIM_MOUNT, scimServiceSettings } from './app.ts';
import type { ServerConfig } from './config.ts';
import { consoleRouter } from './console/console-router.tsx';
import { createPreviewJobs } from './console/preview/preview-job.ts';
import { createHttpMetrics } from './metrics.ts';
import { type PlatformCheck, secretRedactor, startPlatformCheck } from './platform-check.ts';
import { registerPlatformCheckMetric } from './platform-check-metrics.ts';
import { rulesReadiness } from './readiness.ts';
import { reconcileAdminRoutes } from './reconcile/reconcile-admin.ts';
import { createReconcileRuntime, type ReconcileRuntime } from './reconcile/reconcile-runtime.ts';
import { listen } from './server.ts';
import { registerSimulatorMetrics } from './simulator-metrics.ts';
import { appStore } from './store-adapter.ts';
import { connectPlatform } from './sync/platform-connection.ts';
import { createSyncRuntime, type SyncRuntime } from './sync/sync-runtime.ts';
import { ensureTokens, type TokenSet } from './tokens.ts';

export interface RunningConnector {
  /** e.g. `http://127.0.0.1:8080`. */
  url: string;
  scimUrl: string;
  tokens: TokenSet;
  store: Store;
  sync: SyncRuntime;
  reconcile: ReconcileRuntime;
  /** The platform check at start: the sync worker and the reconciliation schedule wait for it to pass. */
  platformCheck: PlatformCheck;
  /** The built-in simulator (PLATFORM=simulator), in a child process of its own. */
  simulator?: SimulatorProcess;
  stop(): Promise<void>;
}

export interface StartConnectorOptions {
  logger: Logger;
  /** An open store to use instead of opening DATABASE_URL (tests: a PostgreSQL schema of their own). */
  store?: Store;
  /** Leases this process holds carry this name. */
  workerId?: string;
}

export async function startConnector(
  config: ServerConfig,
  options: StartConnectorOptions,
): Promise<RunningConnector> {
  const { logger } = options;
  const tokens = await ensureTokens({
    dataDir: config.dataDir,
    ...(config.scimTokens ? { scimTokens: config.scimTokens } : {}),
    ...(config.adminToken ? { adminToken: config.adminToken } : {}),
  });
  const storeLog = logger.child({ component: 'store' });
  const store =
    options.store ??
    (await openStore(config.databaseUrl, {
      ...(config.databaseSchema && { schema: config.databaseSchema }),
      // SQLite's WAL is copied into the database file by a worker thread, not inside the commits of the one thread
      // that serves requests and pushes (docs/architecture.md, "SQLite checkpoints off the event loop").
      sqliteBackgroundCheckpoints: {
        onError: (error) => storeLog.warn({ err: error }, 'background WAL checkpoint failed'),
      },
      // A development check whose AsyncLocalStorage hooks every promise of the process: 4 to 8% of the server's
      // CPU under load. The suites of the store, the SCIM service and the sync engine keep it on
      // (docs/architecture.md, "Catching store calls inside a transaction").
      detectCallsInsideTransactions: false,
    }));
  const cleanups: (() => Promise<void>)[] = [() => store.close()];
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    // A restarted simulator is back at its seed: push the whole directory to it again, as at start.
    let resyncAfterSimulatorRestart = () => {};
    const platform = await connectPlatform(config, logger.child({ component: 'platform' }), () =>
      resyncAfterSimulatorRestart(),
    );
    cleanups.push(() => platform.close());
    const metrics = createHttpMetrics();
    if (platform.simulator) registerSimulatorMetrics(metrics.registry, platform.simulator);
    const sync = await createSyncRuntime({
      store,
      platform: platform.parts,
      scim: scimServiceSettings(config, logger),
      rulesDir: config.rulesDir,
      logger,
      registry: metrics.registry,
      settings: config.sync,
      rulesPollIntervalMs: config.rulesPollIntervalMs,
      ...(options.workerId ? { workerId: options.workerId } : {}),
    });
    cleanups.push(() => sync.stop());
    const reconcile = createReconcileRuntime({
      store,
      engine: sync.engine,
      settings: config.reconcile,
      logger,
      registry: metrics.registry,
      ...(options.workerId ? { ownerId: options.workerId } : {}),
    });
    const adminRouter = express.Router();
    adminRouter.use(sync.adminRouter, reconcileAdminRoutes(store, reconcile));
    const previewJobs = createPreviewJobs(store, (error) =>
      logger.warn({ err: error }, 'rules impact preview stopped'),
    );
    cleanups.push(() => previewJobs.close());
    const consoleRoutes = consoleRouter({
      store,
      previewJobs,
      engine: sync.engine,
      platform: platform.parts,
      rules: sync.rules,
      userStates: sync.userExtension,
      adminToken: tokens.adminToken,
      logger: logger.child({ component: 'console' }),
      secureCookies: config.publicUrl?.startsWith('https:') ?? false,
    });
    const { app } = createApp({
      config,
      tokens,
      store: appStore(store),
      logger,
      metrics,
      service: sync.service,
      adminRouter,
      consoleRouter: consoleRoutes,
      readiness: { platform: () => platformCheck.status(), rules: () => rulesReadiness(sync.rules) },
    });
    // The built-in simulator starts from its seed every time: push the directory to it again.
    if (platform.simulator) await store.markAllDirty('resync');
    resyncAfterSimulatorRestart = () => {
      store.markAllDirty('resync').then(
        () => sync.engine.wake(),
        (error: unknown) =>
          logger.error({ err: error }, 'could not mark users for a resync after the simulator restarted'),
      );
    };
    // Until the platform check passes, SCIM writes are queued but nothing is pushed (platform-check.ts).
    void sync.gate.hold('platform-check');
    const platformCheck = startPlatformCheck({
      readCatalogue: () => platform.parts.client.listRoles(),
      settings: config.platformCheck,
      logger: logger.child({ component: 'platform' }),
      redact: secretRedactor(config.platform.options),
    });
    cleanups.push(async () => platformCheck.stop());
    registerPlatformCheckMetric(metrics.registry, () => platformCheck.status());
    const running = await listen(app, config.port, config.host);
    let stopping: Promise<void> | undefined;
    sync.start();
    void platformCheck.passed.then(() => {
      if (stopping) return;
      void sync.gate.release('platform-check');
      reconcile.startSchedule();
    });
    // A platform that answers is ready as the call returns; one that does not is reported, and retried, meanwhile.
    await firstAttemptOrTimeout(platformCheck, FIRST_CHECK_WAIT_MS);
    return {
      url: running.url,
      scimUrl: `${running.url}${SCIM_MOUNT}`,
      tokens,
      store,
      sync,
      reconcile,
      platformCheck,
      ...(platform.simulator ? { simulator: platform.simulator } : {}),
      stop() {
        stopping ??= (async () => {
          await running.stop();
          await reconcile.stop();
          await cleanUp();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** How long a start waits for the first platform check before it carries on (and the check goes on behind it). */
const FIRST_CHECK_WAIT_MS = 15_000;

async function firstAttemptOrTimeout(check: PlatformCheck, waitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    check.firstAttempt,
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, waitMs);
    }),
  ]);
  clearTimeout(timer);
}
