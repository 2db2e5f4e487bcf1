/** Counting what a cycle did, by outcome, in the shape the CLI's `simulate --json` summary also uses. */
import type { Outcome } from '@scim-connector/governance';
import type { SyncSummary, UserSyncResult } from './types.ts';

export function emptySummary(): SyncSummary {
  return {
    claimed: 0,
    created: 0,
    updated: 0,
    deactivated: 0,
    blocked: 0,
    unchanged: 0,
    deferred: 0,
    parked: 0,
    skipped: 0,
  };
}

const OUTCOME_COUNTER: Record<Outcome, keyof SyncSummary> = {
  create: 'created',
  update: 'updated',
  deactivate: 'deactivated',
  block: 'blocked',
  none: 'unchanged',
};

export function countResult(summary: SyncSummary, result: UserSyncResult): void {
  switch (result.status) {
    case 'synced':
      summary[OUTCOME_COUNTER[result.decision.outcome]] += 1;
      return;
    case 'skipped':
      summary.skipped += 1;
      return;
    case 'deferred':
      summary.deferred += 1;
      return;
    case 'parked':
      summary.parked += 1;
      return;
    case 'failed':
      return;
  }
}
