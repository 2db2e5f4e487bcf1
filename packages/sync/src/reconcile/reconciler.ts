/**
 * A reconciliation run (docs/architecture.md, "Drift reconciliation"): pages through every platform account,
 * judges each against the directory and the current rules, and saves each page's findings with the platform
 * cursor in one commit. It streams: one page in memory at a time, whatever the platform's size.
 *
 * - One run at a time across replicas: the database lease is taken first and renewed after every page; a run
 *   that loses it stops, and the new holder resumes the same run from its saved cursor.
 * - A run killed at any point resumes from the last saved page (re-reading at most one page; findings are keyed
 *   by account, so re-reading changes nothing). A cursor the platform no longer accepts restarts from the top.
 * - The platform is read at `ratePerSecond` at most, and a transient failure (429, 5xx) waits for the backoff or
 *   the platform's Retry-After, whichever is longer, and tries the same page again: nothing is skipped.
 * - `report` mode changes nothing. `enforce` marks each drifted managed user dirty with trigger `drift` and
 *   audits what was found; the normal sync cycle then re-applies the current decision under the same governance,
 *   retries and audit as any push, so enforcement can revoke but never grant beyond what the IdP and the rules
 *   grant. Unmanaged accounts are only reported.
 */
import { randomUUID } from 'node:crypto';
import { formatUserType, type PlatformClient, type PlatformUser } from '@scim-connector/platform';
import type {
  DriftKind,
  NewDriftFinding,
  ReconcileMode,
  ReconcileRequester,
  ReconcileRun,
  Store,
} from '@scim-connector/store';
import { backoffDelay, classifyFailure } from '../failure.ts';
import type { AccountJudgement } from '../sync-user.ts';
import type { RetryPolicy } from '../types.ts';
import { driftKinds } from './compare-account.ts';

export interface ReconcilerOptions {
  store: Store;
  platform: Pick<PlatformClient, 'listUsers'>;
  judge: (userId: string, account: PlatformUser) => Promise<AccountJudgement>;
  mode: ReconcileMode;
  /** Names this process's hold on the lease. */
  ownerId: string;
  /** Accounts asked for per platform request. Default 200. */
  pageSize?: number;
  /** Platform requests per second at most; 0 for no limit. Default 5. */
  ratePerSecond?: number;
  /** How long the lease lasts without renewal; it is renewed after every page and before every retry wait. Default 2 minutes. */
  leaseMs?: number;
  /** Accounts never reported (service accounts), by username. */
  exclude?: (username: string) => boolean;
  /** Retries of one page before the run fails. */
  retry?: RetryPolicy;
  now?: () => Date;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  onEvent?: (event: ReconcileEvent) => void;
  /** Stops the run at the next page boundary, unfinished, and frees the lease for whoever resumes it. */
  signal?: AbortSignal;
}

export type ReconcileEvent =
  | { type: 'run-started'; runId: string; resumed: boolean }
  | { type: 'drift'; runId: string; username: string; userId?: string; kinds: DriftKind[] }
  | { type: 'page'; runId: string; accounts: number; findings: number }
  | { type: 'platform-retry'; runId: string; attempts: number; delayMs: number; error: string }
  | { type: 'cursor-restart'; runId: string; error: string }
  | { type: 'lease-lost'; runId: string }
  | { type: 'run-finished'; run: ReconcileRun; durationMs: number };

export type ReconcileResult =
  /** Another replica (or this one) is running reconciliation now. */
  | { status: 'busy' }
  /** The lease was lost mid-run (its holder carries the run on), or the run was stopped to be resumed later. */
  | { status: 'handed-over'; runId: string }
  | { status: 'done'; run: ReconcileRun };

const DEFAULT_PAGE_SIZE = 200;
const DEFAULT_RATE = 5;
const DEFAULT_LEASE_MS = 2 * 60_000;
const YIELD_EVERY = 8;
const DEFAULT_RETRY: RetryPolicy = { baseMs: 1000, maxMs: 60_000, maxAttempts: 10 };

/** Run ids sort by start time, so the newest-first listing is an index order. */
export function newRunId(now: Date): string {
  const time = now.getTime().toString(36).padStart(9, '0');
  return `r${time}${randomUUID().slice(0, 8)}`;
}

export async function reconcile(
  options: ReconcilerOptions,
  request: { requestedBy: ReconcileRequester; runId?: string },
): Promise<ReconcileResult> {
  const { store } = options;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const now = options.now ?? (() => new Date());
  const emit = (event: ReconcileEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A failing listener (metrics, logging) must not fail the run.
    }
  };
  if (!(await store.acquireReconcileLease(options.ownerId, leaseMs))) return { status: 'busy' };
  const started = performance.now();
  let run: ReconcileRun | undefined;
  try {
    const unfinished = await store.unfinishedReconcileRun();
    run =
      unfinished ??
      (await store.startReconcileRun({
        id: request.runId ?? newRunId(now()),
        mode: options.mode,
        requestedBy: request.requestedBy,
      }));
    emit({ type: 'run-started', runId: run.id, resumed: unfinished !== undefined });
    const completed = await readAllPages(options, run, leaseMs, emit);
    if (completed === 'stopped') {
      await store.releaseReconcileLease(options.ownerId);
      return { status: 'handed-over', runId: run.id };
    }
    if (completed === 'lease-lost') {
      emit({ type: 'lease-lost', runId: run.id });
      return { status: 'handed-over', runId: run.id };
    }
    const finished = await store.finishReconcileRun(run.id, { state: 'finished' });
    emit({ type: 'run-finished', run: finished, durationMs: performance.now() - started });
    await store.releaseReconcileLease(options.ownerId);
    return { status: 'done', run: finished };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (run === undefined) {
      await store.releaseReconcileLease(options.ownerId);
      throw error;
    }
    const failed = await store.finishReconcileRun(run.id, { state: 'failed', error: message });
    emit({ type: 'run-finished', run: failed, durationMs: performance.now() - started });
    await store.releaseReconcileLease(options.ownerId);
    return { status: 'done', run: failed };
  }
}

async function readAllPages(
  options: ReconcilerOptions,
  run: ReconcileRun,
  leaseMs: number,
  emit: (event: ReconcileEvent) => void,
): Promise<'done' | 'lease-lost' | 'stopped'> {
  const { store } = options;
  const mode = run.mode;
  // A run whose last page is saved has no cursor but has read accounts: only the finish is left.
  if (run.cursor === undefined && run.accountsRead > 0) return 'done';
  const gate = rateGate(options.ratePerSecond ?? DEFAULT_RATE, options.sleep ?? delay);
  let cursor = run.cursor;
  let restarted = false;
  for (;;) {
    await gate();
    if (options.signal?.aborted) return 'stopped';
    const page = await readPage(options, run.id, cursor, emit, !restarted, leaseMs);
    if (page === 'cursor-rejected') {
      restarted = true;
      cursor = undefined;
      continue;
    }
    const findings = await judgePage(options, page.users, run.id, emit);
    await store.saveReconcilePage({
      runId: run.id,
      cursor: page.nextCursor,
      accountsRead: page.users.length,
      findings: findings.drifted,
      inLine: findings.inLine,
    });
    if (mode === 'enforce') await enforce(store, findings.drifted, options.now ?? (() => new Date()));
    emit({ type: 'page', runId: run.id, accounts: page.users.length, findings: findings.drifted.length });
    if (page.nextCursor === undefined) return 'done';
    cursor = page.nextCursor;
    if (!(await store.acquireReconcileLease(options.ownerId, leaseMs))) return 'lease-lost';
  }
}

async function readPage(
  options: ReconcilerOptions,
  runId: string,
  cursor: string | undefined,
  emit: (event: ReconcileEvent) => void,
  mayRestart: boolean,
  leaseMs: number,
): Promise<Awaited<ReturnType<PlatformClient['listUsers']>> | 'cursor-rejected'> {
  const retry = options.retry ?? DEFAULT_RETRY;
  const sleep = options.sleep ?? delay;
  const limit = options.pageSize ?? DEFAULT_PAGE_SIZE;
  for (let attempts = 1; ; attempts++) {
    try {
      return await options.platform.listUsers({ limit, ...(cursor !== undefined && { after: cursor }) });
    } catch (error) {
      const failure = classifyFailure(error);
      if (!failure.transient && cursor !== undefined && mayRestart) {
        // A saved cursor from before a restart (or a platform upgrade) may be refused: start over, once.
        emit({ type: 'cursor-restart', runId, error: failure.message });
        return 'cursor-rejected';
      }
      if (!failure.transient || attempts >= retry.maxAttempts) throw error;
      const delayMs = backoffDelay(attempts, retry, options.random ?? Math.random, failure.retryAfterMs);
      emit({ type: 'platform-retry', runId, attempts, delayMs, error: failure.message });
      await options.store.noteReconcileError(runId, failure.message);
      // A long Retry-After must not cost the lease: hold it for the wait and the attempt after it.
      await options.store.acquireReconcileLease(options.ownerId, delayMs + leaseMs);
      await sleep(delayMs);
    }
  }
}

interface PageFindings {
  drifted: (NewDriftFinding & { kinds: DriftKind[] })[];
  inLine: string[];
}

async function judgePage(
  options: ReconcilerOptions,
  accounts: readonly PlatformUser[],
  runId: string,
  emit: (event: ReconcileEvent) => void,
): Promise<PageFindings> {
  const considered = accounts.filter((account) => !options.exclude?.(account.username));
  const owners = await options.store.directoryUsersByUserName(considered.map((account) => account.username));
  const result: PageFindings = { drifted: [], inLine: [] };
  for (const [index, account] of considered.entries()) {
    // Judging reads the database for every account; on SQLite those reads are synchronous. Handing the event
    // loop back every few accounts keeps SCIM requests answered promptly while a run goes on.
    if (index % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
    const userId = owners.get(account.username);
    const judgement: AccountJudgement =
      userId === undefined ? { kind: 'unmanaged' } : await options.judge(userId, account);
    const finding = findingOf(account, judgement);
    if (finding === undefined) {
      result.inLine.push(account.username);
      continue;
    }
    result.drifted.push(finding);
    emit({
      type: 'drift',
      runId,
      username: account.username,
      kinds: finding.kinds,
      ...(finding.userId !== undefined && { userId: finding.userId }),
    });
  }
  return result;
}

function findingOf(
  account: PlatformUser,
  judgement: AccountJudgement,
): (NewDriftFinding & { kinds: DriftKind[] }) | undefined {
  const base = { platformUsername: account.username, platformUserId: account.id };
  if (judgement.kind === 'unmanaged') {
    return {
      ...base,
      ...(judgement.userId !== undefined && { userId: judgement.userId }),
      kinds: ['unmanaged'],
      differences: { status: account.status, roles: account.roles.length },
    };
  }
  const kinds = driftKinds(judgement.differences);
  if (kinds.length === 0) return undefined;
  const { extraRoles, missingRoles, status, profileFields } = judgement.differences;
  const typeDifference = judgement.differences.userType;
  // As the admin CSV shows them (formatUserType); null: a type the connector does not decide (Fluent's API).
  const userType = typeDifference && {
    expected: formatUserType(typeDifference.expected),
    actual: typeDifference.actual === undefined ? null : formatUserType(typeDifference.actual),
  };
  return {
    ...base,
    userId: judgement.userId,
    kinds,
    differences: { outcome: judgement.outcome, extraRoles, missingRoles, status, profileFields, userType },
  };
}

/** Managed drifted users go back through the sync cycle; the audit says what was found and why they were marked. */
async function enforce(
  store: Store,
  drifted: readonly (NewDriftFinding & { kinds: DriftKind[] })[],
  now: () => Date,
): Promise<void> {
  const managed = drifted.filter(
    (finding) => finding.userId !== undefined && !finding.kinds.includes('unmanaged'),
  );
  if (managed.length === 0) return;
  for (const finding of managed) {
    await store.appendAudit({
      userId: finding.userId as string,
      trigger: 'drift',
      outcome: 'drift-found',
      reasons: finding.kinds,
      changes: { found: finding.differences, action: 'marked for the sync cycle to re-apply the decision' },
      explanation: { platformUsername: finding.platformUsername },
      at: now().toISOString(),
    });
  }
  await store.markDirty(
    managed.map((finding) => finding.userId as string),
    'drift',
  );
}

/** Spaces calls at least 1/rate seconds apart. */
function rateGate(ratePerSecond: number, sleep: (ms: number) => Promise<void>): () => Promise<void> {
  if (ratePerSecond <= 0) return async () => {};
  const spacing = 1000 / ratePerSecond;
  let next = 0;
  return async () => {
    const wait = next - performance.now();
    if (wait > 0) await sleep(wait);
    next = Math.max(performance.now(), next) + spacing;
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
