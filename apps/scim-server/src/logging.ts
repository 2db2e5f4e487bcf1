/**
 * Structured logging with pino. One line per request: request id, method, path, status, latency. Bodies are
 * never logged (they carry passwords and personal data), and anything that could hold a secret is redacted as
 * a second line of defence in case a future log call passes headers along.
 */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { type DestinationStream, type Logger, pino } from 'pino';
import type { LogLevel } from './config.ts';

export type { Logger } from 'pino';

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'password',
  '*.password',
  'token',
  '*.token',
  'scimToken',
  'adminToken',
  '*.scimToken',
  '*.adminToken',
];

export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { app: 'scim-server' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Accept a caller's request id when it looks like one (so logs can be correlated across hops), else mint one. */
function requestIdFrom(req: Request): string {
  const given = req.get('x-request-id');
  return given && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

export function requestLogging(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const requestId = requestIdFrom(req);
    res.setHeader('X-Request-Id', requestId);
    res.on('finish', () => {
      const latencyMs = Number(process.hrtime.bigint() - started) / 1e6;
      const status = res.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      // The path only: query strings can carry filter values (user names, e-mail addresses). originalUrl, since
      // mounted routers rewrite req.url while they run.
      const path = req.originalUrl.split('?')[0];
      logger[level](
        { requestId, method: req.method, path, status, latencyMs: Math.round(latencyMs * 10) / 10 },
        'request',
      );
    });
    next();
  };
}
