/**
 * The platform the sync worker talks to: the configured plugin created with its validated options. With
 * PLATFORM=simulator the built-in simulator starts first, in a child process of its own (seeded from
 * SIMULATOR_SEED or the default seed), and the plugin talks to it over HTTP, exactly as it would to a real
 * account. When that child dies it is started again from its seed, and `onSimulatorRestart` runs.
 */
import { createPlatform, type PlatformParts, type PluginLogger } from '@scim-connector/platform';
import {
  platformPlugin,
  type SimulatorProcess,
  startSimulatedPlatform,
} from '@scim-connector/platform-plugins';
import type { ServerConfig } from '../config.ts';

export interface PlatformConnection {
  parts: PlatformParts;
  /** The built-in simulator, in simulator mode. */
  simulator?: SimulatorProcess;
  close(): Promise<void>;
}

export async function connectPlatform(
  config: Pick<ServerConfig, 'platform' | 'host' | 'sync'>,
  logger?: PluginLogger,
  onSimulatorRestart?: () => void,
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
  return startSimulatedPlatform(
    {
      port: simulator.port,
      host: config.host,
      ...(simulator.seedFile ? { seedFile: simulator.seedFile } : {}),
      onWarning: (message) => logger?.warn({}, message),
      onRestart: ({ restarts, reason }) => {
        logger?.warn(
          { restarts, reason },
          'built-in simulator restarted from its seed; resyncing every user',
        );
        onSimulatorRestart?.();
      },
    },
    options,
    deps,
  );
}
