/**
 * The side effects the client needs beyond HTTP — time, waiting, randomness, logging — behind small interfaces so
 * tests can run token expiry and backoff without real waiting.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { PluginLogger } from '@scim-connector/platform';

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The part of the host's (pino-style) logger the client uses; secrets are never passed to it. */
export type Logger = Pick<PluginLogger, 'debug' | 'info' | 'warn'>;

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => delay(ms),
};

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
};
