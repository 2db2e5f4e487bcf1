/**
 * The built-in Fluent simulator standing in for Fluent: the Fluent plugin, with the options it was configured
 * with, pointed at the simulator — over HTTP for the server (`PLATFORM=simulator`), or handed the simulator's
 * in-process client for the rules CLI and fast tests. Either way the plugin maps profiles and names its settings,
 * so a simulated run decides exactly as a run against Fluent would.
 */
import {
  createInProcessClient,
  type FaultController,
  type PlatformModel,
  type SimulatorProcess,
  type SimulatorProcessOptions,
  startSimulatorProcess,
} from '@scim-connector/fluent-simulator';
import { createPlatform, type PlatformParts, type PlatformPluginDeps } from '@scim-connector/platform';
import { PLATFORM_PLUGINS } from './registry.ts';

/** The account name the simulator stands for when the options name none. */
export const SIMULATOR_ACCOUNT = 'SIMULATOR';

/** The registered plugin the simulator stands in for. */
export const SIMULATED_PLATFORM = 'fluent' as const satisfies keyof typeof PLATFORM_PLUGINS;

type Options = Readonly<Record<string, unknown>>;

/** The Fluent plugin over the simulator's in-process client: no sockets, the same model and faults. */
export function simulatedPlatform(
  model: PlatformModel,
  settings: { options?: Options; faults?: FaultController } = {},
): Promise<PlatformParts> {
  const client = createInProcessClient(model, settings.faults ? { faults: settings.faults } : {});
  return createPlatform(PLATFORM_PLUGINS.fluent, { ...settings.options }, { client });
}

export interface SimulatedPlatformServer {
  parts: PlatformParts;
  /** The simulator, in a child process of its own. */
  simulator: SimulatorProcess;
  close(): Promise<void>;
}

/**
 * Starts the simulator in a child process on `server.port` (simulator-process.ts in the simulator package) and
 * connects the Fluent plugin to it over HTTP. Credentials set in the options are the ones the simulator accepts
 * (the others are generated); the URL is the simulator's.
 */
export async function startSimulatedPlatform(
  server: Pick<SimulatorProcessOptions, 'port' | 'host' | 'seedFile' | 'onRestart' | 'onWarning'>,
  options: Options,
  deps: PlatformPluginDeps = {},
): Promise<SimulatedPlatformServer> {
  const simulator = await startSimulatorProcess({ ...server, credentials: credentialsIn(options) });
  try {
    const parts = await createPlatform(
      PLATFORM_PLUGINS.fluent,
      { account: SIMULATOR_ACCOUNT, ...options, ...simulator.credentials, url: simulator.url },
      deps,
    );
    return {
      parts,
      simulator,
      async close() {
        await parts.client.close?.();
        await simulator.close();
      },
    };
  } catch (error) {
    await simulator.close();
    throw error;
  }
}

function credentialsIn(options: Options): SimulatorProcessOptions['credentials'] {
  const credentials: Record<string, string> = {};
  for (const name of ['clientId', 'clientSecret', 'username', 'password'] as const) {
    const value = options[name];
    if (typeof value === 'string') credentials[name] = value;
  }
  return credentials;
}
