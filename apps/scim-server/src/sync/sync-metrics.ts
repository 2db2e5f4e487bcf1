/**
 * The sync worker's Prometheus metrics, on the app's registry: queue depth and parked users (read from the store
 * at scrape time), pushes by outcome, platform latency per operation, retries and users parked.
 */
import type { QueueStats } from '@scim-connector/store';
import type { SyncEvent } from '@scim-connector/sync';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { scrapeCache } from '../scrape-cache.ts';

export interface SyncMetrics {
  /** Feed every sync engine event here. */
  record(event: SyncEvent): void;
}

export function createSyncMetrics(registry: Registry, queueStats: () => Promise<QueueStats>): SyncMetrics {
  const currentStats = scrapeCache(queueStats);
  const queueGauge = (name: string, help: string, pick: (stats: QueueStats) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(pick(await currentStats()));
      },
    });
  queueGauge('scim_sync_queue_depth', 'Users waiting for a push (parked users excluded).', (s) => s.depth);
  queueGauge('scim_sync_queue_in_flight', 'Users leased to a worker right now.', (s) => s.inFlight);
  queueGauge('scim_sync_queue_deferred', 'Users waiting for a retry after a failure.', (s) => s.deferred);
  queueGauge('scim_sync_parked_users', 'Users parked after failing; see GET /admin/sync.', (s) => s.parked);

  const pushes = new Counter({
    name: 'scim_sync_pushes_total',
    help: 'Sync decisions carried out, by outcome (create, update, deactivate, block, none) and result.',
    labelNames: ['outcome', 'result'] as const,
    registers: [registry],
  });
  const platformLatency = new Histogram({
    name: 'scim_platform_request_duration_seconds',
    help: 'Platform calls made by the sync worker, by operation and result.',
    labelNames: ['operation', 'result'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const retries = new Counter({
    name: 'scim_sync_retries_total',
    help: 'Pushes put back for a retry after a transient failure.',
    registers: [registry],
  });
  const parked = new Counter({
    name: 'scim_sync_parked_total',
    help: 'Users parked since the server started (permanent failure or too many attempts).',
    registers: [registry],
  });

  return {
    record(event) {
      switch (event.type) {
        case 'push-ok':
          pushes.inc({ outcome: event.outcome, result: 'ok' });
          return;
        case 'push-failed':
          pushes.inc({ outcome: 'unknown', result: event.transient ? 'transient-error' : 'permanent-error' });
          return;
        case 'platform-call':
          platformLatency.observe(
            { operation: event.operation, result: event.ok ? 'ok' : 'error' },
            event.durationMs / 1000,
          );
          return;
        case 'retry':
          retries.inc();
          return;
        case 'parked':
          parked.inc();
          return;
        default:
          return;
      }
    },
  };
}

/** The rules version this process runs, and a newer one it could not load (0 when none): one per replica. */
export function registerRulesVersionMetrics(
  registry: Registry,
  state: () => { version: number; pending?: { version: number } },
): void {
  new Gauge({
    name: 'scim_rules_version',
    help: 'The rules version (recorded in the database by each reload) this process runs.',
    registers: [registry],
    collect() {
      this.set(state().version);
    },
  });
  new Gauge({
    name: 'scim_rules_version_pending',
    help: 'A newer rules version this process could not load from its rules folder (0: none); its worker waits.',
    registers: [registry],
    collect() {
      this.set(state().pending?.version ?? 0);
    },
  });
}
