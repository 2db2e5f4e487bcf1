/**
 * The sync side of the admin API (mounted under /admin behind the admin token):
 * - `GET /users/{id}`: directory record, effective roles with their sources, what would be decided now, the last
 *   decision acted on (with its explanation in the audit log), and the platform account.
 * - `GET /users/by-username/{userName}`: the same view, found by the IdP's userName (case-insensitive, as SCIM
 *   compares userName: RFC 7643 section 4.1.1), so an admin can look a user up without knowing the SCIM id.
 * - `GET /audit?userId=&limit=&beforeSeq=`: audit entries, newest first.
 * - `GET /sync`: queue statistics and parked users. `POST /sync/retry` (`{"userId"}` or everyone): unpark.
 * - `POST /rules/reload`: validate and swap the rules; 400 listing the problems keeps the old ones.
 */
import { formatRoleName } from '@scim-connector/role-grammar';
import { parseFilter } from '@scim-connector/scim';
import type { Store } from '@scim-connector/store';
import type { SyncEngine, UserInspection } from '@scim-connector/sync';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../database-outage.ts';
import type { RulesHolder } from './rules-holder.ts';

const DEFAULT_AUDIT_LIMIT = 50;
const MAX_AUDIT_LIMIT = 1000;
const PARKED_SHOWN = 500;
/** Longer than any userName an IdP sends; bounds the lookup's work. */
const MAX_USERNAME_LENGTH = 1024;

export interface SyncAdminOptions {
  store: Store;
  engine: SyncEngine;
  rules: RulesHolder;
  logger: Logger;
}

export function syncAdminRoutes({ store, engine, rules, logger }: SyncAdminOptions): Router {
  const router = Router();
  router.use(express.json({ limit: '16kb', type: ['application/json', 'application/*+json'] }));

  const inspect = async (userId: string, res: Response, next: NextFunction): Promise<void> => {
    let inspection: UserInspection | undefined;
    try {
      inspection = await engine.inspectUser(userId);
    } catch (error) {
      // The directory, not the platform, is away: the app's error handler answers 503.
      if (isDatabaseUnavailable(error)) {
        next(error);
        return;
      }
      logger.warn({ err: error, userId }, 'admin user inspection failed');
      res.status(502).json({
        error: `Could not read the user's platform state: ${messageOf(error)}. The directory record is unchanged; retry later.`,
      });
      return;
    }
    if (!inspection) {
      res.status(404).json({ error: `No user with id "${userId}" in the directory (live or deleted).` });
      return;
    }
    const [lastAudit] = await store.listAudit({ userId, limit: 1 });
    // The account's last drift finding (docs/architecture.md, "Drift reconciliation"), or null when in line.
    const drift = (await store.driftFindingOfUser(userId)) ?? null;
    res.json({ ...presentInspection(inspection, lastAudit?.explanation), drift });
  };

  router.get(
    '/users/by-username/:userName',
    async (req: Request<{ userName: string }>, res: Response, next: NextFunction) => {
      const { userName } = req.params;
      if (userName.length > MAX_USERNAME_LENGTH) {
        res.status(400).json({ error: `userName is longer than ${MAX_USERNAME_LENGTH} characters.` });
        return;
      }
      // A SCIM string literal is a JSON string (RFC 7644 section 3.4.2.2), so JSON.stringify quotes it safely.
      const parsed = parseFilter(`userName eq ${JSON.stringify(userName)}`);
      if (!parsed.ok) {
        res.status(400).json({ error: `"${userName}" is not a userName the directory can look up.` });
        return;
      }
      const found = await store.listUsers({ filter: parsed.value, startIndex: 1, count: 1 });
      const [user] = found.items;
      if (!user) {
        res.status(404).json({ error: `No live user with userName "${userName}" in the directory.` });
        return;
      }
      await inspect(user.id, res, next);
    },
  );

  router.get('/users/:id', (req: Request<{ id: string }>, res: Response, next: NextFunction) =>
    inspect(req.params.id, res, next),
  );

  router.get('/audit', async (req, res) => {
    const limit = intParam(req.query.limit, 'limit', DEFAULT_AUDIT_LIMIT, MAX_AUDIT_LIMIT);
    const beforeSeq = intParam(req.query.beforeSeq, 'beforeSeq', undefined, Number.MAX_SAFE_INTEGER);
    if (typeof limit === 'string' || typeof beforeSeq === 'string') {
      res.status(400).json({ error: typeof limit === 'string' ? limit : beforeSeq });
      return;
    }
    const userId =
      typeof req.query.userId === 'string' && req.query.userId !== '' ? req.query.userId : undefined;
    const entries = await store.listAudit({
      limit: limit ?? DEFAULT_AUDIT_LIMIT,
      ...(userId !== undefined ? { userId } : {}),
      ...(beforeSeq !== undefined ? { beforeSeq } : {}),
    });
    res.json({ entries });
  });

  router.get('/sync', async (_req, res) => {
    const [queue, parked] = await Promise.all([
      store.queueStats(),
      store.listParked({ limit: PARKED_SHOWN }),
    ]);
    res.json({ queue, parked });
  });

  router.post('/sync/retry', async (req, res) => {
    const userId = (req.body as { userId?: unknown } | undefined)?.userId ?? req.query.userId;
    if (userId !== undefined && (typeof userId !== 'string' || userId === '')) {
      res
        .status(400)
        .json({ error: 'userId must be a non-empty string; omit it to retry every parked user.' });
      return;
    }
    const unparked = userId === undefined ? await store.unparkAll() : (await store.unpark(userId)) ? 1 : 0;
    engine.wake();
    res.json({ unparked });
  });

  router.post('/rules/reload', async (_req, res) => {
    const result = await rules.reload();
    if (!result.ok) {
      logger.warn(
        { problems: result.problems.length },
        'rules reload rejected; the previous rules stay in force',
      );
      res.status(400).json({
        error: `The rules folder ${rules.dir} has ${result.problems.length} problem(s); the previous rules stay in force.`,
        problems: result.problems,
      });
      return;
    }
    logger.info({ markedUsers: result.markedUsers }, 'rules reloaded; every user marked for a resync');
    engine.wake();
    res.json({ reloaded: true, markedUsers: result.markedUsers });
  });
  return router;
}

function presentInspection(inspection: UserInspection, lastExplanation: unknown) {
  const { directory, platform } = inspection;
  return {
    id: inspection.userId,
    userName: directory.user.userName,
    directory: {
      active: directory.user.active,
      deleted: directory.deleted,
      resource: directory.user.resource,
      groups: directory.groups,
    },
    effectiveRoles: inspection.effectiveRoles.map((role) => ({ name: role.name, sources: role.sources })),
    unresolved: inspection.unresolved,
    lastDecision: inspection.lastDecision
      ? { ...inspection.lastDecision, explanation: lastExplanation ?? null }
      : null,
    currentDecision: inspection.currentDecision,
    platform: {
      exists: platform.exists,
      linked: platform.linked,
      createdByConnector: platform.createdByConnector,
      account: platform.account
        ? {
            id: platform.account.id,
            username: platform.account.username,
            status: platform.account.status,
            roles: platform.account.roles.map(formatRoleName).sort(),
            profile: platform.account.profile,
          }
        : null,
      link: platform.link ?? null,
    },
  };
}

/** A query integer, or an error message naming the parameter. */
function intParam(
  value: unknown,
  name: string,
  fallback: number | undefined,
  max: number,
): number | undefined | string {
  if (value === undefined || value === '') return fallback;
  const n = typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > max)
    return `${name} must be an integer from 1 to ${max}, got "${String(value)}".`;
  return n;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
