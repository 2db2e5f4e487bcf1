/**
 * Liveness and readiness. `/healthz` says the process answers; `/readyz` says it can do its job, which means
 * the database answers. Neither needs a token: orchestrators probe them, and they reveal nothing.
 */
import { Router } from 'express';
import type { Logger } from 'pino';
import { DATABASE_RETRY_AFTER_SECONDS } from './database-outage.ts';

export function healthRoutes(checkReady: () => Promise<void>, logger: Logger): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    try {
      await checkReady();
      res.json({ status: 'ready', database: 'reachable' });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });
  return router;
}
