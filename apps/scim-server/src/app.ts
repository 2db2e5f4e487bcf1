/**
 * Builds the express app from configuration and its collaborators, without listening, so tests can start it on
 * port 0 against any store. main.ts wires the real environment.
 */
import {
  createScimService,
  type JournalEntry,
  type ScimService,
  type ScimServiceOptions,
  type ScimStore,
} from '@scim-connector/scim';
import { createScimRouter, sendScimError } from '@scim-connector/scim/express';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { adminRoutes } from './admin.ts';
import { bearerAuth, bearerToken, createTokenVerifier } from './auth.ts';
import type { ServerConfig } from './config.ts';
import { CONSOLE_MOUNT } from './console/console-router.tsx';
import {
  DATABASE_RETRY_AFTER_SECONDS,
  isDatabaseUnavailable,
  recognizeDatabaseOutage,
} from './database-outage.ts';
import { healthRoutes } from './health.ts';
import { requestLogging } from './logging.ts';
import { createHttpMetrics, type HttpMetrics } from './metrics.ts';
import { rateLimitPerToken } from './rate-limit.ts';
import { checkReadiness, type ReadinessSources } from './readiness.ts';
import { securityHeaders } from './security-headers.ts';

/** What the app needs from persistence beyond the SCIM port. */
export interface AppStore {
  scim: ScimStore;
  /**
   * The journal, oldest first: entries after `afterSeq`, written at or after `since`, at most `limit`; each with
   * its sequence number (the admin route's cursor) and the time the server accepted the write.
   */
  readJournal(options?: {
    since?: string;
    afterSeq?: number;
    limit?: number;
  }): AsyncIterable<{ seq: number; at: string; entry: JournalEntry }>;
  /** Resolves when the database answers; rejects otherwise. */
  ping(): Promise<void>;
}

export interface AppOptions {
  config: Pick<ServerConfig, 'bodyLimitBytes' | 'publicUrl' | 'rateLimit'> &
    Partial<Pick<ServerConfig, 'scimLimits' | 'metricsToken' | 'journalPseudonymKey'>>;
  tokens: { scimTokens: readonly string[]; adminToken: string };
  store: AppStore;
  logger: Logger;
  /**
   * The SCIM service the connector core built (its writes wake the sync worker). Without one, the app builds a
   * service of its own over `store.scim`: the SCIM API alone, no sync (tests of the HTTP layer).
   */
  service?: ScimService;
  metrics?: HttpMetrics;
  /** Extra admin routes (the sync worker's), mounted behind the admin token. */
  adminRouter?: express.Router;
  /** The compliance console (issue 12), mounted at /console; it signs its users in with the admin token itself. */
  consoleRouter?: express.Router;
  /** What `/readyz` reports beyond the database: the platform check and the rules in force (the connector's). */
  readiness?: Omit<ReadinessSources, 'pingDatabase'>;
}

export interface ScimServerApp {
  app: express.Express;
  service: ScimService;
  metrics: HttpMetrics;
}

export const SCIM_MOUNT = '/scim/v2';

/** The SCIM service's settings as the server runs it, for whoever builds the service (the connector core). */
export function scimServiceSettings(
  config: Pick<ServerConfig, 'publicUrl'> & Partial<Pick<ServerConfig, 'scimLimits'>>,
  logger: Logger,
): Omit<ScimServiceOptions, 'store' | 'userExtension'> {
  return {
    ...(config.scimLimits ? { limits: config.scimLimits } : {}),
    // Only used when a request carries no base URL of its own; the router always supplies one.
    baseUrl: config.publicUrl ?? `http://localhost${SCIM_MOUNT}`,
    onUnexpectedError: unexpectedErrorLogger(logger),
    // A database that is away is answered 503 with Retry-After: the IdP retries instead of counting a failure.
    recognizeOutage: recognizeDatabaseOutage,
    // Tolerated input (dropped attributes, skipped member ids) is logged without values: ids and names only.
    onNotices: (notices, request) =>
      logger.warn({ method: request.method, path: request.path, notices }, 'SCIM request partly ignored'),
  };
}

const unexpectedErrorLogger = (logger: Logger) => (error: unknown) =>
  logger.error({ err: error }, 'unexpected error in a SCIM request');

export function createApp(options: AppOptions): ScimServerApp {
  const { config, logger, store } = options;
  const metrics = options.metrics ?? createHttpMetrics();
  const onUnexpectedError = unexpectedErrorLogger(logger);
  const service =
    options.service ?? createScimService({ ...scimServiceSettings(config, logger), store: store.scim });

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(securityHeaders);
  app.use(requestLogging(logger));
  app.use(metrics.middleware);

  // Hardening (issue #13): METRICS_TOKEN guards /metrics (queue depth, counts) and the details of /readyz.
  const metricsToken = config.metricsToken;
  const metricsVerifier = metricsToken ? createTokenVerifier([metricsToken]) : undefined;
  const mayReadDetails = (req: Request) =>
    metricsVerifier === undefined || metricsVerifier.verify(bearerToken(req.get('authorization')) ?? '');
  const readiness: ReadinessSources = { ...options.readiness, pingDatabase: () => store.ping() };
  app.use(healthRoutes(() => checkReadiness(readiness), logger, mayReadDetails));
  if (metricsToken) app.use('/metrics', bearerAuth([metricsToken], 'metrics'));
  app.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.end(await metrics.registry.metrics());
  });

  app.use(
    SCIM_MOUNT,
    bearerAuth(options.tokens.scimTokens, 'scim'),
    ...(config.rateLimit
      ? [rateLimitPerToken(config.rateLimit, { onLimited: () => metrics.rateLimited.inc() })]
      : []),
    createScimRouter(service, {
      bodyLimit: config.bodyLimitBytes,
      ...(config.publicUrl ? { baseUrl: config.publicUrl } : {}),
      onUnexpectedError,
    }),
  );

  const admin = express.Router();
  admin.use(
    adminRoutes(
      (options) => store.readJournal(options),
      logger,
      config.journalPseudonymKey ? { pseudonymKey: config.journalPseudonymKey } : {},
    ),
  );
  if (options.adminRouter) admin.use(options.adminRouter);
  app.use('/admin', bearerAuth([options.tokens.adminToken], 'admin'), admin);
  if (options.consoleRouter) app.use(CONSOLE_MOUNT, options.consoleRouter);

  app.use((req: Request, res: Response) => {
    sendScimError(res, 404, `Nothing at ${req.method} ${req.path}. The SCIM API is under ${SCIM_MOUNT}.`);
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const databaseAway = isDatabaseUnavailable(error);
    if (databaseAway) logger.warn({ err: error }, 'database unavailable; answered 503');
    else logger.error({ err: error }, 'unhandled error');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (databaseAway) {
      res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      sendScimError(
        res,
        503,
        'The connector cannot reach its database right now; nothing was changed. Retry later.',
      );
      return;
    }
    sendScimError(res, 500, 'The server hit an unexpected error. Retry later.');
  });
  return { app, service, metrics };
}
