/**
 * Liveness and readiness. `/healthz` says the process answers; `/readyz` says it can do its job, which means
 * the database answers. Neither needs a token: orchestrators probe them by status code. When METRICS_TOKEN is set,
 * `/readyz` gives its details (what is reachable) only to a request carrying that token (issue #13).
 */
import { type Request, Router } from 'express';
import type { Logger } from 'pino';
import { DATABASE_RETRY_AFTER_SECONDS } from './database-outage.ts';

export function healthRoutes(
  checkReady: () => Promise<void>,
  logger: Logger,
  mayReadDetails: (req: Request) => boolean = () => true,
): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res) => {
    const details = mayReadDetails(req);
    try {
      await checkReady();
      res.json(details ? { status: 'ready', database: 'reachable' } : { status: 'ready' });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      res
        .status(503)
        .json(details ? { status: 'unavailable', database: 'unreachable' } : { status: 'unavailable' });
    }
  });
  return router;
}
