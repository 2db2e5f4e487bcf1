/**
 * The platform the sync worker talks to. PLATFORM=simulator starts the built-in Fluent simulator (seeded from
 * SIMULATOR_SEED or the default seed) and talks to it over HTTP through the Fluent plugin, exactly as it would to a
 * real account; PLATFORM=fluent points the same plugin at FLUENT_URL. Either way the plugin is loaded by the plugin
 * host, which validates its options.
 */
import { fileURLToPath } from 'node:url';
import { loadFixture, type SimulatorServer, startSimulatorServer } from '@scim-connector/fluent-simulator';
import { loadPlugin, type PlatformClient, type PluginLogger } from '@scim-connector/platform';
import type { FluentSettings, ServerConfig } from '../config.ts';

export const FLUENT_PLUGIN = '@scim-connector/platform-fluent';
/** The account name the simulator stands for when FLUENT_ACCOUNT is not set. */
export const SIMULATOR_ACCOUNT = 'SIMULATOR';
/** Bare plugin names resolve from this app's folder, wherever the process was started. */
const APP_DIR = fileURLToPath(new URL('../..', import.meta.url));

export interface PlatformConnection {
  client: PlatformClient;
  /** The built-in simulator, in simulator mode. */
  simulator?: SimulatorServer;
  close(): Promise<void>;
}

export async function connectPlatform(
  config: Pick<ServerConfig, 'platform' | 'host' | 'simulator' | 'fluent' | 'sync'>,
  logger?: PluginLogger,
): Promise<PlatformConnection> {
  const deps = logger ? { deps: { logger } } : {};
  // As many connections as the worker pushes users at once, so pushes never queue for a socket.
  const connections = Math.max(config.sync.concurrency, 1);
  if (config.platform === 'fluent') {
    const client = await loadPlugin(FLUENT_PLUGIN, pluginOptions(config.fluent, connections), {
      resolveFrom: APP_DIR,
      ...deps,
    });
    return { client, close: async () => client.close?.() };
  }

  const seed = config.simulator.seedFile ? await loadFixture(config.simulator.seedFile) : undefined;
  const simulator = await startSimulatorServer({
    port: config.simulator.port,
    host: config.host,
    ...(seed ? { seed } : {}),
    credentials: credentialsFrom(config.fluent),
  });
  try {
    const client = await loadPlugin(
      FLUENT_PLUGIN,
      pluginOptions({ ...config.fluent, ...simulator.credentials, url: simulator.url }, connections),
      { resolveFrom: APP_DIR, ...deps },
    );
    return {
      client,
      simulator,
      async close() {
        await client.close?.();
        await simulator.close();
      },
    };
  } catch (error) {
    await simulator.close();
    throw error;
  }
}

function credentialsFrom(fluent: FluentSettings) {
  return {
    ...(fluent.clientId ? { clientId: fluent.clientId } : {}),
    ...(fluent.clientSecret ? { clientSecret: fluent.clientSecret } : {}),
    ...(fluent.username ? { username: fluent.username } : {}),
    ...(fluent.password ? { password: fluent.password } : {}),
  };
}

function pluginOptions(fluent: FluentSettings, maxConnections: number): Record<string, unknown> {
  return {
    maxConnections,
    url: fluent.url,
    account: fluent.account ?? SIMULATOR_ACCOUNT,
    clientId: fluent.clientId,
    clientSecret: fluent.clientSecret,
    username: fluent.username,
    password: fluent.password,
  };
}
