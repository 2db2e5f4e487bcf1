/**
 * The two servers the throughput benchmark compares, both listening on 127.0.0.1 port 0 in this process: the
 * real app (createApp around the connector core over a real store, logging at `info` as in production, to
 * /dev/null) and the bare app. The core's sync engine is built but never started: this measures SCIM alone.
 */
import { fileURLToPath } from 'node:url';
import { createPlatformModel } from '@scim-connector/fluent-simulator';
import { loadRules } from '@scim-connector/governance';
import { simulatedPlatform } from '@scim-connector/platform-plugins';
import type { Store } from '@scim-connector/store';
import { createConnectorCore } from '@scim-connector/sync';
import { pino } from 'pino';
import { createApp, scimServiceSettings } from '../../src/app.ts';
import type { ServerConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logging.ts';
import { listen, type RunningServer } from '../../src/server.ts';
import { appStore } from '../../src/store-adapter.ts';
import { generateToken } from '../../src/tokens.ts';
import { type BareApp, createBareApp } from './bare-app.ts';

export interface Target {
  url: string;
  token: string;
  stop(): Promise<void>;
}

const RULES_DIR = fileURLToPath(new URL('../../../../rules', import.meta.url));

export async function startScimTarget(store: Store): Promise<Target> {
  const token = generateToken();
  const config: Pick<ServerConfig, 'bodyLimitBytes' | 'publicUrl'> = { bodyLimitBytes: 1024 * 1024 };
  const logger = createLogger('info', pino.destination({ dest: '/dev/null', sync: true }));
  const rules = await loadRules(RULES_DIR);
  if (!rules.ok)
    throw new Error(`the repository's rules folder is invalid: ${JSON.stringify(rules.problems)}`);
  // As in the server: the SCIM service comes from the connector core, so every user representation carries the
  // connector extension (read from the links) and every write goes through the wake-on-commit store port.
  const { service } = createConnectorCore({
    store,
    platform: await simulatedPlatform(createPlatformModel()),
    rules: () => rules.rules,
    scim: scimServiceSettings(config, logger),
    sync: { workerId: 'throughput-bench' },
  });
  const { app } = createApp({
    config,
    tokens: { scimTokens: [token], adminToken: generateToken() },
    store: appStore(store),
    logger,
    service,
  });
  return toTarget(await listen(app, 0, '127.0.0.1'), token);
}

export async function startBareTarget(): Promise<Target & BareApp> {
  const bare = createBareApp();
  const token = generateToken();
  return { ...bare, ...toTarget(await listen(bare.app, 0, '127.0.0.1'), token) };
}

function toTarget(running: RunningServer, token: string): Target {
  return { url: running.url, token, stop: () => running.stop() };
}
