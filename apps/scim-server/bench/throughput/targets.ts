/**
 * The two servers the throughput benchmark compares, both listening on 127.0.0.1 port 0 in this process: the
 * real app (createApp over a real store, logging at `info` as in production, to /dev/null) and the bare app.
 */
import type { Store } from '@scim-connector/store';
import { connectorStatus } from '@scim-connector/sync';
import { pino } from 'pino';
import { createApp } from '../../src/app.ts';
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

export async function startScimTarget(store: Store): Promise<Target> {
  const token = generateToken();
  const { app } = createApp({
    config: { bodyLimitBytes: 1024 * 1024 },
    tokens: { scimTokens: [token], adminToken: generateToken() },
    store: appStore(store),
    logger: createLogger('info', pino.destination({ dest: '/dev/null', sync: true })),
    // As in the server: every user representation carries the connector extension, read from the links.
    userExtension: (userIds) => connectorStatus(store, userIds),
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
