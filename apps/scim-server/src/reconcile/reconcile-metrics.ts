/**
 * Reconciliation metrics on the app's registry: runs by result, run duration, and the current findings per kind
 * (read from the store at scrape time, so every replica reports the same numbers).
 */
import { DRIFT_KINDS, type DriftKind } from '@scim-connector/store';
import type { ReconcileEvent } from '@scim-connector/sync';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { scrapeCache } from '../scrape-cache.ts';

export interface ReconcileMetrics {
  record(event: ReconcileEvent): void;
}

export function createReconcileMetrics(
  registry: Registry,
  driftCounts: () => Promise<Record<DriftKind, number>>,
): ReconcileMetrics {
  const current = scrapeCache(driftCounts);
  new Gauge({
    name: 'scim_drift_accounts',
    help: 'Platform accounts that differ from what the IdP and the rules grant, by kind of drift.',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      const value = await current();
      for (const kind of DRIFT_KINDS) if (kind !== 'unmanaged') this.set({ kind }, value[kind]);
    },
  });
  new Gauge({
    name: 'scim_unmanaged_accounts',
    help: 'Platform accounts the connector does not manage (no directory user linked to them).',
    registers: [registry],
    async collect() {
      this.set((await current()).unmanaged);
    },
  });
  const runs = new Counter({
    name: 'scim_reconcile_runs_total',
    help: 'Reconciliation runs ended by this process, by result (finished, failed).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'scim_reconcile_duration_seconds',
    help: 'How long reconciliation runs took in this process, from start (or resumption) to end.',
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
    registers: [registry],
  });
  return {
    record(event) {
      if (event.type !== 'run-finished') return;
      runs.inc({ result: event.run.state });
      duration.observe(event.durationMs / 1000);
    },
  };
}
