/**
 * The whole server in one call: tokens, store, platform (the configured plugin, or the built-in simulator behind
 * it), the connector core (SCIM service + sync worker), the app and its listener. main.ts adds the process concerns (signals, printing); the end-to-end tests
 * start it in-process on port 0.
 */
import type { SimulatorServer } from '@scim-connector/fluent-simulator';
import { openStore, type Store } from '@scim-connector/store';
import type { Logger } from 'pino';
import { createApp, SCIM_MOUNT, scimServiceSettings } from './app.ts';
import type { ServerConfig } from './config.ts';
import { consoleRouter } from './console/console-router.tsx';
import { createHttpMetrics } from './metrics.ts';
import { listen } from './server.ts';
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
  /** The built-in simulator (PLATFORM=simulator). */
  simulator?: SimulatorServer;
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
  const store =
    options.store ??
    (await openStore(config.databaseUrl, config.databaseSchema ? { schema: config.databaseSchema } : {}));
  const cleanups: (() => Promise<void>)[] = [() => store.close()];
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const platform = await connectPlatform(config, logger.child({ component: 'platform' }));
    cleanups.push(() => platform.close());
    const metrics = createHttpMetrics();
    const sync = await createSyncRuntime({
      store,
      platform: platform.parts,
      scim: scimServiceSettings(config, logger),
      rulesDir: config.rulesDir,
      logger,
      registry: metrics.registry,
      settings: config.sync,
      ...(options.workerId ? { workerId: options.workerId } : {}),
    });
    const consoleRoutes = consoleRouter({
      store,
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
      adminRouter: sync.adminRouter,
      consoleRouter: consoleRoutes,
    });
    // The built-in simulator starts from its seed every time: push the directory to it again.
    if (platform.simulator) await store.markAllDirty('resync');
    const running = await listen(app, config.port, config.host);
    sync.start();
    let stopping: Promise<void> | undefined;
    return {
      url: running.url,
      scimUrl: `${running.url}${SCIM_MOUNT}`,
      tokens,
      store,
      sync,
      ...(platform.simulator ? { simulator: platform.simulator } : {}),
      stop() {
        stopping ??= (async () => {
          await running.stop();
          await sync.stop();
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
