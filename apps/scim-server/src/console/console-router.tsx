/**
 * The compliance console (issue 12), served at /console: server-rendered pages (Preact to string), htmx for search
 * as you type, Pico CSS, all from node_modules. Signed-in sessions, CSRF on every POST, a strict CSP, and every
 * action audited with the console as its origin (triggers `console.retry`, `console.resync`, `console.preview`).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PlatformParts } from '@scim-connector/platform';
import { formatRoleName } from '@scim-connector/role-grammar';
import type { UserExtensionHook } from '@scim-connector/scim';
import type { Store } from '@scim-connector/store';
import { type SyncEngine, TRIGGERS } from '@scim-connector/sync';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import type { Logger } from 'pino';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { AdminInputError, dateTime } from '../admin/admin-query.ts';
import { createTokenVerifier } from '../auth.ts';
import { isDatabaseUnavailable } from '../database-outage.ts';
import type { RulesHolder } from '../sync/rules-holder.ts';
import { assetRoutes } from './assets.ts';
import {
  type AuditFilter,
  allAudit,
  auditPage,
  groupGrants,
  overviewData,
  parkedEntry,
  userNamesOf,
} from './console-data.ts';
import { csvLine } from './csv.ts';
import { findUserByName, listGroups, PAGE_SIZE } from './directory-queries.ts';
import { loadProposal, RULE_FILE_NAMES, type RuleFileName } from './impact-preview.ts';
import type { PreviewJobs } from './preview/preview-job.ts';
import { createStoreDecider } from './preview/store-decider.ts';
import { oneOf, positiveInt, QueryError, readQuery, text } from './query-params.ts';
import { isSignedIn, safeReturnPath, sessionTools, signIn, signOut } from './session.ts';
import { allUsers, readUserFilters, readUserPageQuery, userListPage } from './user-listing.ts';
import { AuditPage, type AuditQuery, OUTCOMES } from './views/audit.tsx';
import { GroupPage, GroupsPage } from './views/groups.tsx';
import type { PageContext } from './views/layout.tsx';
import { OverviewPage } from './views/overview.tsx';
import { RulesPage } from './views/rules.tsx';
import { PreviewResultPage, RulesPreviewPage } from './views/rules-preview.tsx';
import { MessagePage, SignInPage } from './views/sign-in.tsx';
import { type ActionNotice, UserPage } from './views/user.tsx';
import { UsersPage } from './views/users.tsx';

export const CONSOLE_MOUNT = '/console';

/** The audit entry of a rules impact preview concerns every user, not one: it is filed under this user id. */
export const PREVIEW_AUDIT_USER = '*';

/** Only this server's own files; no inline script or style; forms post to the console only. */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  // Pico draws its form icons as data: SVG images.
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** CSV exports stop after this many rows (bounded work per request); the last line says so when they do. */
export const MAX_EXPORT_ROWS = 100_000;
const MEMBERS_SHOWN = 500;
const NOTICES: readonly ActionNotice[] = ['retried', 'not-parked', 'resync-queued'];

export interface ConsoleOptions {
  store: Store;
  engine: SyncEngine;
  /** The platform plugin's parts: the rules impact preview reads the catalogue through them. */
  platform: PlatformParts;
  /** The rules impact preview's background job, one at a time (preview/preview-job.ts). */
  previewJobs: PreviewJobs;
  rules: RulesHolder;
  /** Platform status and block reasons for a page of users (the SCIM extension's hook). */
  userStates: UserExtensionHook;
  adminToken: string;
  logger: Logger;
  /** Mark cookies Secure (the server is reached over HTTPS: PUBLIC_URL starts with https:). */
  secureCookies: boolean;
}

type Handler = (req: Request, res: Response) => Promise<void>;

export function consoleRouter(options: ConsoleOptions): Router {
  const { store, engine, rules, logger } = options;
  const mount = CONSOLE_MOUNT;
  const verifier = createTokenVerifier([options.adminToken]);
  const session = sessionTools({
    adminToken: options.adminToken,
    mount,
    secureCookies: options.secureCookies,
  });
  const data = { store, rules, userStates: options.userStates };
  const router = Router();

  router.use((_req, res, next) => {
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    next();
  });
  router.use(assetRoutes());
  router.use(...session.middleware);
  router.use(express.urlencoded({ extended: false, limit: '512kb', parameterLimit: 20 }));
  router.use(session.csrfProtection);

  const ctxOf = (req: Request, res: Response): PageContext => ({
    mount,
    csrf: session.csrfToken(req, res),
    path: `${req.baseUrl}${req.path}`.replace(/\/$/, '') || mount,
  });
  const send = (res: Response, status: number, page: VNode) => {
    res
      .status(status)
      .type('html')
      .send(`<!doctype html>${renderToString(page)}`);
  };
  const message = (res: Response, status: number, title: string, text: string) =>
    send(res, status, <MessagePage title={title} message={text} mount={mount} />);

  // ------------------------------------------------------------------------------------ sign-in and out

  router.get('/sign-in', (req, res) => {
    const next = safeReturnPath(req.query.next, mount);
    if (isSignedIn(req)) {
      res.redirect(303, next);
      return;
    }
    send(res, 200, <SignInPage mount={mount} csrf={session.csrfToken(req, res)} next={next} />);
  });

  router.post('/sign-in', (req, res) => {
    const body = req.body as Record<string, unknown>;
    const next = safeReturnPath(body.next, mount);
    const token = typeof body.token === 'string' ? body.token : '';
    if (!verifier.verify(token)) {
      logger.warn({ ip: req.ip }, 'console sign-in refused: wrong admin token');
      send(
        res,
        401,
        <SignInPage
          mount={mount}
          csrf={session.csrfToken(req, res)}
          next={next}
          error="That is not the admin token. Check ADMIN_TOKEN or the token file in the data folder."
        />,
      );
      return;
    }
    signIn(req);
    logger.info({ ip: req.ip }, 'console sign-in');
    res.redirect(303, next);
  });

  router.post('/sign-out', (req, res) => {
    signOut(req);
    res.redirect(303, `${mount}/sign-in`);
  });

  // Everything below needs a signed-in session. A page asked for before sign-in comes back after it (deep links).
  router.use((req, res, next) => {
    if (isSignedIn(req)) {
      next();
      return;
    }
    const back = `${mount}/sign-in?next=${encodeURIComponent(req.originalUrl)}`;
    if (req.get('HX-Request')) {
      res.setHeader('HX-Redirect', back);
      res.status(401).end();
      return;
    }
    if (req.method === 'GET') res.redirect(303, back);
    else message(res, 401, 'Signed out', 'Your session has ended. Sign in again and repeat the action.');
  });

  const route = (handler: Handler) => (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).catch(next);
  };

  // ------------------------------------------------------------------------------------------- pages

  router.get(
    '/',
    route(async (req, res) => {
      readQuery(req, []);
      send(res, 200, <OverviewPage ctx={ctxOf(req, res)} data={await overviewData(data)} />);
    }),
  );

  router.get(
    '/users',
    route(async (req, res) => {
      const page = await userListPage(store, readUserPageQuery(req.query));
      send(res, 200, <UsersPage ctx={ctxOf(req, res)} page={page} />);
    }),
  );

  router.get(
    '/users.csv',
    route(async (req, res) => {
      const filters = readUserFilters(req.query);
      const users = allUsers(store, filters, MAX_EXPORT_ROWS);
      // The first chunk is read before the headers go out: a bad filter (an unknown group) is still a 400.
      const first = await users.next();
      res.status(200).type('text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', 'attachment; filename="users.csv"');
      res.write(
        csvLine([
          'id',
          'userName',
          'displayName',
          'idpActive',
          'platformStatus',
          'blockedReasons',
          'parkedError',
          'lastDecisionAt',
        ]),
      );
      for (let next = first; !next.done; next = await users.next()) {
        const user = next.value;
        const line = csvLine([
          user.id,
          user.userName,
          user.displayName,
          user.active,
          user.platformStatus,
          user.blockedReasons.join(' '),
          user.parkedError,
          user.lastDecisionAt,
        ]);
        if (!res.write(line)) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end();
    }),
  );

  router.get(
    '/users/:id',
    route(async (req, res) => {
      const q = readQuery(req, ['done']);
      const notice =
        q.done === undefined ? undefined : oneOf<ActionNotice>(q.done, 'done', NOTICES, 'retried');
      const id = String(req.params.id);
      let inspection: Awaited<ReturnType<SyncEngine['inspectUser']>>;
      try {
        inspection = await engine.inspectUser(id);
      } catch (error) {
        if (isDatabaseUnavailable(error)) throw error;
        logger.warn({ err: error, userId: id }, 'console user inspection failed');
        message(
          res,
          502,
          'Platform unreachable',
          `Could not read the user's platform account: ${messageOf(error)}. Retry later.`,
        );
        return;
      }
      if (!inspection) {
        message(res, 404, 'No such user', `No user with id "${id}" in the directory (live or deleted).`);
        return;
      }
      const [audit, parked] = await Promise.all([
        store.listAudit({ userId: id, limit: 50 }),
        parkedEntry(store, id),
      ]);
      const platformRoles = (inspection.platform.account?.roles ?? []).map(formatRoleName).sort();
      send(
        res,
        200,
        <UserPage
          ctx={ctxOf(req, res)}
          data={{
            inspection,
            platformRoles,
            audit,
            parked: parked
              ? { parkedAt: parked.parkedAt, ...(parked.lastError ? { lastError: parked.lastError } : {}) }
              : undefined,
            ...(notice ? { notice } : {}),
          }}
        />,
      );
    }),
  );

  /** A console action on one user: do it, audit it with the console as origin, wake the worker, show the user. */
  const userAction = (
    trigger: 'console.retry' | 'console.resync',
    act: (id: string) => Promise<ActionNotice>,
  ) =>
    route(async (req, res) => {
      const id = String(req.params.id);
      const state = await store.getDirectoryState(id);
      if (!state.user) {
        message(res, 404, 'No such user', `No user with id "${id}" in the directory (live or deleted).`);
        return;
      }
      const notice = await act(id);
      await store.appendAudit({
        userId: id,
        trigger,
        outcome: 'none',
        reasons: ['console'],
        changes: { action: notice, origin: 'console' },
        explanation: { origin: 'console', action: trigger },
        at: new Date().toISOString(),
      });
      engine.wake();
      logger.info({ userId: id, action: trigger, result: notice }, 'console action');
      res.redirect(303, `${mount}/users/${encodeURIComponent(id)}?done=${notice}`);
    });

  router.post(
    '/users/:id/retry',
    userAction('console.retry', async (id) => ((await store.unpark(id)) ? 'retried' : 'not-parked')),
  );
  router.post(
    '/users/:id/resync',
    userAction('console.resync', async (id) => {
      await store.markDirty([id], 'resync');
      return 'resync-queued';
    }),
  );

  /** The audit page's query as typed (for the form and links), and the filter it asks the store for. */
  const auditQuery = async (
    req: Request,
  ): Promise<{ query: AuditQuery; filter: AuditFilter; unknownUser: boolean }> => {
    const q = readQuery(req, ['user', 'outcome', 'trigger', 'since', 'until', 'before']);
    const query: AuditQuery = {
      user: text(q.user, 'user'),
      outcome: oneOf(q.outcome, 'outcome', ['', ...OUTCOMES], ''),
      trigger: oneOf(q.trigger, 'trigger', ['', ...TRIGGERS], ''),
      since: text(q.since, 'since'),
      until: text(q.until, 'until'),
      ...(q.before !== undefined
        ? { before: positiveInt(q.before, 'before', 1, Number.MAX_SAFE_INTEGER) }
        : {}),
    };
    const since = query.since ? dateTime(query.since, 'since') : undefined;
    const until = query.until ? dateTime(query.until, 'until') : undefined;
    if (since !== undefined && until !== undefined && since >= until)
      throw new QueryError(`until (${query.until}) must be after since (${query.since}).`);
    const filter: AuditFilter = {
      ...(query.outcome ? { outcome: query.outcome } : {}),
      ...(query.trigger ? { trigger: query.trigger } : {}),
      ...(since !== undefined ? { since } : {}),
      ...(until !== undefined ? { until } : {}),
      ...(query.before !== undefined ? { before: query.before } : {}),
    };
    if (!query.user) return { query, filter, unknownUser: false };
    const byName = await findUserByName(store, query.user);
    if (byName) return { query, filter: { ...filter, userId: byName.id }, unknownUser: false };
    const state = await store.getDirectoryState(query.user);
    return state.user
      ? { query, filter: { ...filter, userId: query.user }, unknownUser: false }
      : { query, filter, unknownUser: true };
  };

  router.get(
    '/audit',
    route(async (req, res) => {
      const { query, filter, unknownUser } = await auditQuery(req);
      const page = unknownUser ? { entries: [] } : await auditPage(store, filter);
      const userNames = await userNamesOf(
        store,
        page.entries.map((e) => e.userId),
      );
      send(
        res,
        unknownUser ? 404 : 200,
        <AuditPage
          ctx={ctxOf(req, res)}
          query={query}
          triggers={TRIGGERS}
          data={{ ...page, userNames, unknownUser }}
        />,
      );
    }),
  );

  router.get(
    '/audit.csv',
    route(async (req, res) => {
      const { query, filter, unknownUser } = await auditQuery(req);
      if (unknownUser) throw new QueryError(`No user with id or userName "${query.user}".`);
      res.status(200).type('text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', 'attachment; filename="audit.csv"');
      res.write(csvLine(['seq', 'at', 'userId', 'trigger', 'outcome', 'reasons', 'changes']));
      const entries = allAudit(store, filter, MAX_EXPORT_ROWS);
      for await (const entry of entries) {
        const line = csvLine([
          entry.seq,
          entry.at,
          entry.userId,
          entry.trigger,
          entry.outcome,
          entry.reasons.join(' '),
          entry.changes,
        ]);
        if (!res.write(line)) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end();
    }),
  );

  router.get(
    '/groups',
    route(async (req, res) => {
      const q = readQuery(req, ['search', 'page']);
      const search = text(q.search, 'search');
      const page = positiveInt(q.page, 'page', 1, 100_000);
      const result = await listGroups(store, { search, startIndex: (page - 1) * PAGE_SIZE + 1 });
      send(
        res,
        200,
        <GroupsPage
          ctx={ctxOf(req, res)}
          search={search}
          page={page}
          total={result.totalResults}
          groups={result.items}
          pageSize={PAGE_SIZE}
        />,
      );
    }),
  );

  router.get(
    '/groups/:id',
    route(async (req, res) => {
      readQuery(req, []);
      const group = await store.getGroup(String(req.params.id), { members: true });
      if (!group) {
        message(res, 404, 'No such group', `No group with id "${String(req.params.id)}".`);
        return;
      }
      const members = group.members ?? [];
      const shown = members.slice(0, MEMBERS_SHOWN);
      // The store keeps a member's display only when the IdP sent one; the userName is what people search for.
      const names = await userNamesOf(
        store,
        shown.filter((m) => m.type === 'User').map((m) => m.value),
      );
      send(
        res,
        200,
        <GroupPage
          ctx={ctxOf(req, res)}
          group={group}
          grants={groupGrants(group, rules)}
          members={shown.map((m) => ({ ...m, display: names.get(m.value) ?? m.display ?? m.value }))}
          memberCount={members.length}
        />,
      );
    }),
  );

  const rulesPage = (req: Request, res: Response, reloaded?: Parameters<typeof RulesPage>[0]['reloaded']) =>
    send(
      res,
      reloaded && !reloaded.ok ? 400 : 200,
      <RulesPage
        ctx={ctxOf(req, res)}
        folder={path.basename(rules.dir)}
        rules={rules.current()}
        loadedAt={rules.loadedAt()}
        lastReload={rules.lastReload()}
        {...(reloaded ? { reloaded } : {})}
      />,
    );

  router.get(
    '/rules',
    route(async (req, res) => {
      readQuery(req, []);
      rulesPage(req, res);
    }),
  );

  router.post(
    '/rules/reload',
    route(async (req, res) => {
      const result = await rules.reload();
      logger.info(
        result.ok ? { markedUsers: result.markedUsers } : { problems: result.problems.length },
        result.ok ? 'rules reloaded from the console' : 'rules reload from the console rejected',
      );
      if (result.ok) engine.wake();
      rulesPage(req, res, result);
    }),
  );

  const { previewJobs } = options;
  const fileOf = (value: unknown) =>
    oneOf<RuleFileName>(
      typeof value === 'string' ? value : undefined,
      'file',
      RULE_FILE_NAMES,
      'governance.json',
    );
  const latestPreview = () => {
    const latest = previewJobs.latest();
    return latest ? { latest } : {};
  };

  router.get(
    '/rules/preview',
    route(async (req, res) => {
      const q = readQuery(req, ['file']);
      const file = fileOf(q.file);
      const current = await readFile(path.join(rules.dir, file), 'utf8').catch(() => '');
      send(
        res,
        200,
        <RulesPreviewPage
          ctx={ctxOf(req, res)}
          files={RULE_FILE_NAMES}
          file={file}
          text={current}
          {...latestPreview()}
        />,
      );
    }),
  );

  router.post(
    '/rules/preview',
    route(async (req, res) => {
      const body = req.body as Record<string, unknown>;
      const file = fileOf(body.file);
      const text = typeof body.text === 'string' ? body.text : '';
      const form = (status: number, extra: Partial<Parameters<typeof RulesPreviewPage>[0]>) =>
        send(
          res,
          status,
          <RulesPreviewPage
            ctx={ctxOf(req, res)}
            files={RULE_FILE_NAMES}
            file={file}
            text={text}
            {...latestPreview()}
            {...extra}
          />,
        );
      const running = previewJobs.latest();
      if (running?.state === 'running') {
        form(409, { running });
        return;
      }
      const proposal = await loadProposal(rules.dir, file, text);
      if (!proposal.ok) {
        form(400, { problems: proposal.problems });
        return;
      }
      const started = await previewJobs.start({
        file,
        decider: createStoreDecider({
          platform: options.platform,
          inForce: rules.current(),
          proposed: proposal.rules,
        }),
        expected: (await store.userCounts()).total,
      });
      if (!started.ok) {
        form(409, { running: started.running });
        return;
      }
      // Who previewed what: the file and a digest of the text (the text itself may be long; the digest matches
      // the file later committed, if it is the same).
      await store.appendAudit({
        userId: PREVIEW_AUDIT_USER,
        trigger: 'console.preview',
        outcome: 'none',
        reasons: ['console'],
        changes: { action: 'rules-preview', origin: 'console', file, previewId: started.job.id },
        explanation: {
          origin: 'console',
          action: 'console.preview',
          file,
          sha256: createHash('sha256').update(text).digest('hex'),
        },
        at: started.job.startedAt,
      });
      logger.info({ file, previewId: started.job.id }, 'rules impact preview started from the console');
      res.redirect(303, `${mount}/rules/preview/result`);
    }),
  );

  router.get(
    '/rules/preview/result',
    route(async (req, res) => {
      readQuery(req, []);
      const job = previewJobs.latest();
      if (!job) {
        message(res, 404, 'No preview yet', 'No rules impact preview has run since the server started.');
        return;
      }
      send(res, 200, <PreviewResultPage ctx={ctxOf(req, res)} job={job} />);
    }),
  );

  router.get(
    '/rules/preview/changes.csv',
    route(async (req, res) => {
      readQuery(req, []);
      const csv = previewJobs.csvFile();
      if (!csv) {
        message(
          res,
          404,
          'No finished preview',
          'There is no finished rules impact preview to download; start one, and wait for it to finish.',
        );
        return;
      }
      res.type('text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', 'attachment; filename="rules-preview-changed-users.csv"');
      await new Promise<void>((resolve, reject) => {
        const stream = createReadStream(csv);
        stream.on('error', reject);
        res.on('close', () => {
          stream.destroy();
          resolve();
        });
        stream.pipe(res);
      });
    }),
  );

  router.use((req, res) => message(res, 404, 'Not found', `Nothing at ${req.originalUrl} in the console.`));
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) {
      logger.error({ err: error }, 'console response failed midway');
      res.destroy();
      return;
    }
    if (error instanceof QueryError || error instanceof AdminInputError) {
      message(res, 400, 'Bad request', error.message);
      return;
    }
    if (isCsrfError(error)) {
      message(
        res,
        403,
        'Request refused',
        'The form was stale or not sent from the console. Reload the page and try again.',
      );
      return;
    }
    if (isDatabaseUnavailable(error)) {
      next(error);
      return;
    }
    logger.error({ err: error }, 'console page failed');
    message(res, 500, 'Something went wrong', 'The console hit an unexpected error. Retry later.');
  });
  return router;
}

function isCsrfError(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EBADCSRFTOKEN'
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
