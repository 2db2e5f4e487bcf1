/**
 * Drift reconciliation inside the server (docs/architecture.md, "Drift reconciliation"): the schedule, runs asked
 * for by an admin, metrics and logs. The schedule lives in the database, not in a process: every replica checks
 * once a minute (or every RECONCILE_INTERVAL, if shorter) whether the last run is older than the interval, or
 * whether a run was left unfinished by a process that died, and tries to take the lease; only its holder runs.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ReconcileRequester, ReconcileRun, Store } from '@scim-connector/store';
import {
  newRunId,
  type ReconcileEvent,
  type ReconcileResult,
  reconcile,
  type SyncEngine,
  usernameMatcher,
} from '@scim-connector/sync';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ReconcileSettings } from '../config.ts';
import { createReconcileMetrics } from './reconcile-metrics.ts';

export interface ReconcileRuntimeOptions {
  store: Store;
  engine: SyncEngine;
  settings: ReconcileSettings;
  logger: Logger;
  registry: Registry;
  /** Names this process's hold on the lease. Default: host, pid and a random suffix. */
  ownerId?: string;
}

export type StartResult =
  | { status: 'started'; runId: string; resumed: boolean }
  | { status: 'busy'; runId?: string };

export interface ReconcileRuntime {
  /** Starts (or resumes) a run in the background; answers once the run has started or the lease is taken. */
  start(requestedBy: ReconcileRequester): Promise<StartResult>;
  /** Begins the schedule check. */
  startSchedule(): void;
  /** Stops the schedule and waits for a run of this process to reach a page boundary. */
  stop(): Promise<void>;
}

const CHECK_EVERY_MS = 60_000;

export function createReconcileRuntime(options: ReconcileRuntimeOptions): ReconcileRuntime {
  const { store, engine, settings } = options;
  const log = options.logger.child({ component: 'reconcile' });
  const metrics = createReconcileMetrics(options.registry, () => store.driftCounts());
  const ownerId = options.ownerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const exclude = usernameMatcher(settings.exclude);
  let current: Promise<ReconcileResult> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const stopping = new AbortController();

  function onEvent(
    event: ReconcileEvent,
    started?: (event: ReconcileEvent & { type: 'run-started' }) => void,
  ) {
    metrics.record(event);
    switch (event.type) {
      case 'run-started':
        started?.(event);
        log.info(
          { runId: event.runId, resumed: event.resumed, mode: settings.mode },
          'reconciliation started',
        );
        return;
      case 'drift':
        // The username only: no profile data, no role holders' details beyond the kinds.
        log.warn(
          { runId: event.runId, username: event.username, kinds: event.kinds },
          'platform account drifted from what the IdP and the rules grant',
        );
        return;
      case 'platform-retry':
        log.info(event, 'platform refused a reconciliation page for now; waiting and trying again');
        return;
      case 'cursor-restart':
        log.warn(event, 'the platform refused the saved cursor; reconciliation restarts from the first page');
        return;
      case 'lease-lost':
        log.warn(event, 'reconciliation lease lost; the replica that holds it carries the run on');
        return;
      case 'run-finished':
        log.info(
          {
            runId: event.run.id,
            state: event.run.state,
            accountsRead: event.run.accountsRead,
            counts: event.run.counts,
          },
          'reconciliation finished',
        );
        return;
      default:
        return;
    }
  }

  function start(requestedBy: ReconcileRequester): Promise<StartResult> {
    if (current || stopped) return Promise.resolve({ status: 'busy' });
    return new Promise<StartResult>((resolve) => {
      const run = reconcile(
        {
          store,
          platform: engine.platform,
          judge: (userId, account) => engine.judgeAccount(userId, account),
          mode: settings.mode,
          ownerId,
          pageSize: settings.pageSize,
          ratePerSecond: settings.ratePerSecond,
          leaseMs: settings.leaseMs,
          exclude,
          signal: stopping.signal,
          onEvent: (event) =>
            onEvent(event, (started) =>
              resolve({ status: 'started', runId: started.runId, resumed: started.resumed }),
            ),
        },
        { requestedBy, runId: newRunId(new Date()) },
      );
      current = run;
      run
        .then(async (result) => {
          if (result.status === 'busy') {
            const unfinished = await store.unfinishedReconcileRun().catch(() => undefined);
            resolve(unfinished ? { status: 'busy', runId: unfinished.id } : { status: 'busy' });
          }
          if (result.status === 'done' && result.run.state === 'finished' && settings.mode === 'enforce') {
            engine.wake();
          }
        })
        .catch((error: unknown) => {
          log.error({ err: error }, 'reconciliation could not run');
          resolve({ status: 'busy' });
        })
        .finally(() => {
          current = undefined;
        });
    });
  }

  async function due(): Promise<boolean> {
    if (await store.unfinishedReconcileRun()) return true;
    if (settings.intervalMs === 0) return false;
    const [last] = await store.listReconcileRuns({ limit: 1 });
    return last === undefined || Date.now() - Date.parse(last.startedAt) >= settings.intervalMs;
  }

  async function check(): Promise<void> {
    if (stopped || current) return;
    try {
      if (await due()) await start('schedule');
    } catch (error) {
      log.error({ err: error }, 'reconciliation schedule check failed; trying again later');
    }
  }

  return {
    start,
    startSchedule() {
      const every =
        settings.intervalMs === 0 ? CHECK_EVERY_MS : Math.min(CHECK_EVERY_MS, settings.intervalMs);
      void check();
      timer = setInterval(() => void check(), every);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      // A run in flight stops at its next page boundary, unfinished: the next lease holder resumes it.
      stopping.abort();
      await current?.catch(() => undefined);
    },
  };
}

export type { ReconcileRun };
