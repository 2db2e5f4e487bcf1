/**
 * The platform the sync worker talks to: the configured plugin created with its validated options. With
 * PLATFORM=simulator the built-in simulator starts first (seeded from SIMULATOR_SEED or the default seed) and the
 * plugin talks to it over HTTP, exactly as it would to a real account.
 */
import { loadFixture, type SimulatorServer } from '@scim-connector/fluent-simulator';
import { createPlatform, type PlatformParts, type PluginLogger } from '@scim-connector/platform';
import { platformPlugin, startSimulatedPlatform } from '@scim-connector/platform-plugins';
import type { ServerConfig } from '../config.ts';

export interface PlatformConnection {
  parts: PlatformParts;
  /** The built-in simulator, in simulator mode. */
  simulator?: SimulatorServer;
  close(): Promise<void>;
}

export const SIMULATOR_HOST = '127.0.0.1';

export async function connectPlatform(
  config: Pick<ServerConfig, 'platform' | 'host' | 'sync'>,
  logger?: PluginLogger,
): Promise<PlatformConnection> {
  const { plugin, options, simulator } = config.platform;
  const deps = {
    ...(logger ? { logger } : {}),
    // As many connections as the worker pushes users at once, so pushes never queue for a socket.
    concurrency: Math.max(config.sync.concurrency, 1),
  };
  if (simulator === undefined) {
    const parts = await createPlatform(platformPlugin(plugin), options, deps);
    return { parts, close: async () => parts.client.close?.() };
  }
  const seed = simulator.seedFile ? await loadFixture(simulator.seedFile) : undefined;
  const simulated = await startSimulatedPlatform(
    // Loopback only, whatever HOST is: the simulator accepts any platform call and must not be reachable from outside.
    { port: simulator.port, host: SIMULATOR_HOST, ...(seed ? { seed } : {}) },
    options,
    deps,
  );
  return simulated;
}
