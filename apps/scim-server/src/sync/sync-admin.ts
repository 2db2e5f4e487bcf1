/**
 * The sync side of the admin API (mounted under /admin behind the admin token; docs/admin-api.md):
 * - `GET /users`: a page of users with their platform status, block reasons and parking (list-users.ts).
 * - `GET /users/{id}`: directory record, effective roles with their sources, what would be decided now, the last
 *   decision acted on (with its explanation in the audit log), the platform account and its last drift finding.
 * - `GET /users/by-username/{userName}`: the same view, found by the IdP's userName (case-insensitive).
 * - `GET /audit`: audit entries, newest first, filtered and paged with a cursor.
 * - `GET /sync`: queue statistics and parked users. `POST /sync/retry` (`userId`, `userName`, or everyone).
 * - `POST /rules/reload`: validate and swap the rules; 400 listing the problems keeps the old ones.
 * Every route refuses unknown query parameters (admin-query.ts).
 */
import { formatRoleName } from '@scim-connector/role-grammar';
import type { Store } from '@scim-connector/store';
import { AUDIT_OUTCOMES, type SyncEngine, TRIGGERS, type UserInspection } from '@scim-connector/sync';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import type { Logger } from 'pino';
import { accessReportRoutes } from '../admin/access-report.ts';
import {
  AdminInputError,
  boundedText,
  cursorOf,
  dateTime,
  encodeCursor,
  integer,
  oneOf,
  parseQuery,
  sendInputError,
} from '../admin/admin-query.ts';
import { listUsers, USER_LIST_PARAMS } from '../admin/user-list.ts';
import { isDatabaseUnavailable } from '../database-outage.ts';
import type { RulesHolder } from './rules-holder.ts';

const DEFAULT_AUDIT_LIMIT = 50;
const MAX_AUDIT_LIMIT = 1000;
const PARKED_SHOWN = 500;
/** A userName or id is at most this long in a query (SCIM imposes no limit; this bounds a lookup's work). */
const MAX_NAME_LENGTH = 512;

const AUDIT_PARAMS = {
  user: boundedText(MAX_NAME_LENGTH),
  outcome: oneOf(AUDIT_OUTCOMES),
  trigger: oneOf(TRIGGERS),
  since: dateTime,
  until: dateTime,
  limit: integer(1, MAX_AUDIT_LIMIT),
  cursor: cursorOf('audit', (value) => (Number.isSafeInteger(value.seq) ? Number(value.seq) : undefined)),
  // Kept from the first version of the route: `userId` is `user` by id only, `beforeSeq` a bare cursor.
  userId: boundedText(MAX_NAME_LENGTH),
  beforeSeq: integer(1, Number.MAX_SAFE_INTEGER),
};

const RETRY_PARAMS = { userId: boundedText(MAX_NAME_LENGTH), userName: boundedText(MAX_NAME_LENGTH) };

export interface SyncAdminOptions {
  store: Store;
  engine: SyncEngine;
  rules: RulesHolder;
  logger: Logger;
}

/** Wraps a handler: a client's mistake is its 400/404, anything else goes to the app's error handler. */
function handled(
  handler: (req: Request<Record<string, string>>, res: Response) => Promise<void>,
): (req: Request<Record<string, string>>, res: Response, next: NextFunction) => Promise<void> {
  return async (req, res, next) => {
    try {
      await handler(req, res);
    } catch (error) {
      if (!sendInputError(res, error)) next(error);
    }
  };
}

export function syncAdminRoutes({ store, engine, rules, logger }: SyncAdminOptions): Router {
  const router = Router();
  router.use(express.json({ limit: '16kb', type: ['application/json', 'application/*+json'] }));
  router.use(accessReportRoutes({ store, engine, logger }));

  router.get(
    '/users',
    handled(async (req, res) => {
      res.json(await listUsers(store, parseQuery(req.query, USER_LIST_PARAMS)));
    }),
  );

  /** The admin view of one user (404 when the directory never knew the id). */
  const inspect = async (id: string, res: Response): Promise<void> => {
    let inspection: UserInspection | undefined;
    try {
      inspection = await engine.inspectUser(id);
    } catch (error) {
      // The directory, not the platform, is away: the app's error handler answers 503.
      if (isDatabaseUnavailable(error)) throw error;
      logger.warn({ err: error, userId: id }, 'admin user inspection failed');
      res.status(502).json({
        error: `Could not read the user's platform state: ${messageOf(error)}. The directory record is unchanged; retry later.`,
      });
      return;
    }
    if (!inspection) {
      res.status(404).json({ error: `No user with id "${id}" in the directory (live or deleted).` });
      return;
    }
    const [lastAudit] = await store.listAudit({ userId: id, limit: 1 });
    // The account's last drift finding (docs/architecture.md, "Drift reconciliation"), or null when in line.
    const drift = (await store.driftFindingOfUser(id)) ?? null;
    res.json({ ...presentInspection(inspection, lastAudit?.explanation), drift });
  };

  // userName compares case-insensitively (RFC 7643 section 4.1.1); only live users have one to find.
  router.get(
    '/users/by-username/:userName',
    handled(async (req, res) => {
      parseQuery(req.query, {});
      const userName = req.params.userName ?? '';
      if (userName.length > MAX_NAME_LENGTH)
        throw new AdminInputError('userName', `userName is longer than ${MAX_NAME_LENGTH} characters.`);
      const id = await store.findUserIdByUserName(userName);
      if (id === undefined) {
        res.status(404).json({ error: `No live user with userName "${userName}" in the directory.` });
        return;
      }
      await inspect(id, res);
    }),
  );

  router.get(
    '/users/:id',
    handled(async (req, res) => {
      parseQuery(req.query, {});
      await inspect(req.params.id ?? '', res);
    }),
  );

  router.get(
    '/audit',
    handled(async (req, res) => {
      const params = parseQuery(req.query, AUDIT_PARAMS);
      if (params.user !== undefined && params.userId !== undefined)
        throw new AdminInputError('userId', 'Give user or userId, not both.');
      if (params.cursor !== undefined && params.beforeSeq !== undefined)
        throw new AdminInputError('beforeSeq', 'Give cursor or beforeSeq, not both.');
      if (params.since !== undefined && params.until !== undefined && params.since >= params.until)
        throw new AdminInputError('until', `until (${params.until}) must be after since (${params.since}).`);
      const userId =
        params.userId ??
        (params.user === undefined
          ? undefined
          : ((await store.findUserIdByUserName(params.user)) ?? params.user));
      const limit = params.limit ?? DEFAULT_AUDIT_LIMIT;
      const beforeSeq = params.cursor ?? params.beforeSeq;
      const entries = await store.listAudit({
        limit: limit + 1,
        ...(userId !== undefined && { userId }),
        ...(params.outcome !== undefined && { outcome: params.outcome }),
        ...(params.trigger !== undefined && { trigger: params.trigger }),
        ...(params.since !== undefined && { since: params.since }),
        ...(params.until !== undefined && { until: params.until }),
        ...(beforeSeq !== undefined && { beforeSeq }),
      });
      const page = entries.slice(0, limit);
      const last = page.at(-1);
      res.json({
        entries: page,
        nextCursor: entries.length > limit && last ? encodeCursor('audit', { seq: last.seq }) : null,
      });
    }),
  );

  router.get(
    '/sync',
    handled(async (req, res) => {
      parseQuery(req.query, {});
      const [queue, parked] = await Promise.all([
        store.queueStats(),
        store.listParked({ limit: PARKED_SHOWN }),
      ]);
      res.json({ queue, parked });
    }),
  );

  router.post(
    '/sync/retry',
    handled(async (req, res) => {
      const target = retryTarget(parseQuery(req.query, RETRY_PARAMS), req.body);
      if (target === undefined) {
        const unparked = await store.unparkAll();
        engine.wake();
        res.json({ unparked });
        return;
      }
      const userId = await knownUserId(store, target);
      const unparked = (await store.unpark(userId)) ? 1 : 0;
      engine.wake();
      res.json({ unparked, userId });
    }),
  );

  router.post(
    '/rules/reload',
    handled(async (req, res) => {
      parseQuery(req.query, {});
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
    }),
  );
  // A body that is not JSON, or too large, is the client's mistake (express.json gives it a 4xx status).
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const status = (error as { status?: unknown; type?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      res
        .status(status)
        .json({ error: `The request body was refused: ${messageOf(error)}.`, parameter: 'body' });
      return;
    }
    next(error);
  });
  return router;
}

type RetryTarget = { userId: string } | { userName: string };

/** Who to retry, from the query or a JSON body (`{"userId"}` or `{"userName"}`); undefined: every parked user. */
function retryTarget(query: { userId?: string; userName?: string }, body: unknown): RetryTarget | undefined {
  const fields: Record<string, unknown> = { ...query };
  if (body !== undefined && body !== null && !(typeof body === 'object' && Object.keys(body).length === 0)) {
    if (typeof body !== 'object' || Array.isArray(body))
      throw new AdminInputError(
        'body',
        'The body must be a JSON object: {"userId": ...} or {"userName": ...}.',
      );
    for (const [name, value] of Object.entries(body)) {
      if (name !== 'userId' && name !== 'userName')
        throw new AdminInputError(name, `Unknown field "${name}": the body takes userId or userName.`);
      if (typeof value !== 'string' || value === '' || value.length > MAX_NAME_LENGTH)
        throw new AdminInputError(
          name,
          `${name} must be a non-empty string of at most ${MAX_NAME_LENGTH} characters.`,
        );
      if (fields[name] !== undefined && fields[name] !== value)
        throw new AdminInputError(name, `${name} is given in both the query and the body.`);
      fields[name] = value;
    }
  }
  const { userId, userName } = fields;
  if (userId !== undefined && userName !== undefined)
    throw new AdminInputError('userName', 'Give userId or userName, not both.');
  if (typeof userId === 'string') return { userId };
  if (typeof userName === 'string') return { userName };
  return undefined;
}

/** The id of a user the directory knows (live, or deleted with a tombstone); 404 otherwise. */
async function knownUserId(store: Store, target: RetryTarget): Promise<string> {
  if ('userName' in target) {
    const id = await store.findUserIdByUserName(target.userName);
    if (id === undefined)
      throw new AdminInputError(
        'userName',
        `No user with userName "${target.userName}" in the directory.`,
        404,
      );
    return id;
  }
  const state = await store.getDirectoryState(target.userId);
  if (state.user === undefined)
    throw new AdminInputError(
      'userId',
      `No user with id "${target.userId}" in the directory (live or deleted).`,
      404,
    );
  return target.userId;
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
            userType: platform.account.userType ?? null,
          }
        : null,
      link: platform.link ?? null,
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
