/**
 * Liveness and readiness. `/healthz` says the process answers; `/readyz` says it can do its job: the database
 * answers, the rules are loaded and the platform check has passed (readiness.ts). Neither needs a token:
 * orchestrators probe them by status code. When METRICS_TOKEN is set, `/readyz` gives its details (what is
 * reachable, the platform's error, the rules version) only to a request carrying that token (issue #13).
 */
import { type Request, Router } from 'express';
import type { Logger } from 'pino';
import { DATABASE_RETRY_AFTER_SECONDS } from './database-outage.ts';
import type { ReadinessReport } from './readiness.ts';

export function healthRoutes(
  checkReady: () => Promise<ReadinessReport>,
  logger: Logger,
  mayReadDetails: (req: Request) => boolean = () => true,
): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res) => {
    const details = mayReadDetails(req);
    const report = await checkReady();
    if (report.ready) {
      res.json(details ? { status: 'ready', ...report.details } : { status: 'ready' });
      return;
    }
    logger.warn({ reasons: report.reasons }, 'readiness check failed');
    res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
    res
      .status(503)
      .json(
        details
          ? { status: 'unavailable', reasons: report.reasons, ...report.details }
          : { status: 'unavailable' },
      );
  });
  return router;
}
