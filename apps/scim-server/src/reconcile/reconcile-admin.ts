/**
 * The reconciliation side of the admin API (mounted under /admin behind the admin token; docs/admin-api.md):
 * - `POST /reconcile`: starts a run (202 with its id), or resumes the unfinished one; 409 while one is running.
 * - `GET /reconcile?limit=&cursor=`: runs, newest first. `GET /reconcile/{id}`: one run's state and progress.
 * - `GET /drift?kind=&limit=&cursor=`: the current drifted and unmanaged accounts with their differences.
 * - `GET /drift.csv?kind=`: the same as CSV for auditors, every finding, read a page at a time.
 * Every route answers 400 to a parameter it does not know or a value it cannot take.
 */
import {
  DRIFT_KINDS,
  type DriftFinding,
  type DriftKind,
  type ReconcileRun,
  type Store,
} from '@scim-connector/store';
import { type Request, type Response, Router } from 'express';
import type { ReconcileRuntime } from './reconcile-runtime.ts';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;
const CSV_PAGE = 500;

export function reconcileAdminRoutes(store: Store, runtime: ReconcileRuntime): Router {
  const router = Router();

  router.post('/reconcile', async (req, res) => {
    if (!onlyParams(req, res, [])) return;
    const result = await runtime.start('admin');
    if (result.status === 'busy') {
      res.status(409).json({
        error:
          'A reconciliation run is in progress (here or on another replica); follow it with GET /admin/reconcile.',
        ...(result.runId !== undefined && { runId: result.runId }),
      });
      return;
    }
    res
      .status(202)
      .location(`/admin/reconcile/${encodeURIComponent(result.runId)}`)
      .json({ runId: result.runId, resumed: result.resumed });
  });

  router.get('/reconcile', async (req, res) => {
    if (!onlyParams(req, res, ['limit', 'cursor'])) return;
    const limit = limitParam(req, res);
    const cursor = textParam(req, res, 'cursor');
    if (limit === undefined || cursor === null) return;
    const runs = await store.listReconcileRuns({
      limit: limit + 1,
      ...(cursor !== undefined && { before: cursor }),
    });
    const page = runs.slice(0, limit);
    res.json({
      items: page.map(presentRun),
      nextCursor: runs.length > limit ? (page.at(-1)?.id ?? null) : null,
    });
  });

  router.get('/reconcile/:id', async (req: Request<{ id: string }>, res: Response) => {
    if (!onlyParams(req, res, [])) return;
    const run = await store.getReconcileRun(req.params.id);
    if (!run) {
      res.status(404).json({ error: `No reconciliation run with id "${req.params.id}".` });
      return;
    }
    res.json(presentRun(run));
  });

  router.get('/drift', async (req, res) => {
    if (!onlyParams(req, res, ['kind', 'limit', 'cursor'])) return;
    const limit = limitParam(req, res);
    const kind = kindParam(req, res);
    const cursor = textParam(req, res, 'cursor');
    if (limit === undefined || kind === null || cursor === null) return;
    const findings = await store.listDriftFindings({
      limit: limit + 1,
      ...(kind !== undefined && { kind }),
      ...(cursor !== undefined && { after: cursor }),
    });
    const page = findings.slice(0, limit);
    res.json({
      items: page.map(presentFinding),
      nextCursor: findings.length > limit ? (page.at(-1)?.platformUsername ?? null) : null,
    });
  });

  router.get('/drift.csv', async (req, res) => {
    if (!onlyParams(req, res, ['kind'])) return;
    const kind = kindParam(req, res);
    if (kind === null) return;
    res.status(200).type('text/csv; charset=utf-8').attachment('drift.csv');
    res.write(`${CSV_COLUMNS.join(',')}\r\n`);
    let after: string | undefined;
    for (;;) {
      const page = await store.listDriftFindings({
        limit: CSV_PAGE,
        ...(kind !== undefined && { kind }),
        ...(after !== undefined && { after }),
      });
      if (page.length > 0) res.write(page.map(csvRow).join(''));
      if (page.length < CSV_PAGE) break;
      after = page.at(-1)?.platformUsername;
    }
    res.end();
  });

  return router;
}

function presentRun(run: ReconcileRun) {
  return {
    id: run.id,
    mode: run.mode,
    requestedBy: run.requestedBy,
    state: run.state,
    startedAt: run.startedAt,
    updatedAt: run.updatedAt,
    finishedAt: run.finishedAt ?? null,
    progress: {
      accountsRead: run.accountsRead,
      accountsTotal: run.state === 'finished' ? run.accountsRead : null,
      accountsExpected: run.accountsExpected ?? null,
    },
    counts: run.counts ?? null,
    errors: run.errors,
    lastError: run.lastError ?? null,
  };
}

function presentFinding(finding: DriftFinding) {
  return {
    platformUsername: finding.platformUsername,
    platformUserId: finding.platformUserId,
    userId: finding.userId ?? null,
    kinds: finding.kinds,
    differences: finding.differences,
    detectedAt: finding.detectedAt,
    seenAt: finding.seenAt,
    runId: finding.runId,
  };
}

export const CSV_COLUMNS = [
  'platform_username',
  'platform_user_id',
  'user_id',
  'kinds',
  'extra_roles',
  'missing_roles',
  'status_expected',
  'status_actual',
  'profile_fields',
  'detected_at',
  'seen_at',
  'run_id',
  // Appended after run_id: consumers read the columns by position (docs/admin-api.md).
  'user_type_expected',
  'user_type_actual',
];

export function csvRow(finding: DriftFinding): string {
  const differences = (finding.differences ?? {}) as {
    extraRoles?: string[];
    missingRoles?: string[];
    status?: { expected: string; actual: string } | string | null;
    profileFields?: string[];
  };
  const status = typeof differences.status === 'object' ? differences.status : null;
  const cells = [
    finding.platformUsername,
    finding.platformUserId,
    finding.userId ?? '',
    finding.kinds.join(' '),
    (differences.extraRoles ?? []).join(' '),
    (differences.missingRoles ?? []).join(' '),
    status?.expected ?? '',
    status?.actual ?? (typeof differences.status === 'string' ? differences.status : ''),
    (differences.profileFields ?? []).join(' '),
    finding.detectedAt,
    finding.seenAt,
    finding.runId,
    finding.userType?.expected ?? '',
    finding.userType?.actual ?? '',
  ];
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * RFC 4180 quoting; a cell a spreadsheet would run as a formula (a username chosen by whoever made the account by
 * hand) is prefixed with an apostrophe, so opening the file never executes it.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function onlyParams(req: Request, res: Response, allowed: readonly string[]): boolean {
  const unknown = Object.keys(req.query).filter((name) => !allowed.includes(name));
  if (unknown.length === 0) return true;
  res.status(400).json({
    error: `Unknown query parameter(s) ${unknown.map((name) => `"${name}"`).join(', ')}; this route takes ${
      allowed.length === 0 ? 'none' : allowed.join(', ')
    }.`,
  });
  return false;
}

/** The limit, or undefined after answering 400. */
function limitParam(req: Request, res: Response): number | undefined {
  const value = req.query.limit;
  if (value === undefined) return DEFAULT_LIMIT;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_LIMIT) {
    res
      .status(400)
      .json({ error: `limit must be an integer from 1 to ${MAX_LIMIT}, got "${String(value)}".` });
    return undefined;
  }
  return n;
}

/** The value, undefined when absent, or null after answering 400. */
function textParam(req: Request, res: Response, name: string): string | undefined | null {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '' || value.length > 512) {
    res.status(400).json({ error: `${name} must be a single non-empty value of at most 512 characters.` });
    return null;
  }
  return value;
}

function kindParam(req: Request, res: Response): DriftKind | undefined | null {
  const value = textParam(req, res, 'kind');
  if (value === undefined || value === null) return value;
  const kind = DRIFT_KINDS.find((candidate) => candidate === value);
  if (kind === undefined) {
    res.status(400).json({ error: `kind must be one of ${DRIFT_KINDS.join(', ')}, got "${value}".` });
    return null;
  }
  return kind;
}
