/**
 * What `/readyz` reports (docs/operations.md, "Health and readiness"): the database answers a query, the rules
 * are loaded (and which version of them this process runs), and the platform check at start has passed. Ready
 * means all of them; anything else is 503 with the reasons.
 */
import type { PlatformCheckStatus } from './platform-check.ts';
import { describeProblem, type RulesHolder } from './sync/rules-holder.ts';

/** The rules this process runs, as `/readyz` and `/metrics` show them. */
export interface RulesReadiness {
  /** The rules version in the database this process loaded (0: none recorded yet). */
  version: number;
  loadedAt: string;
  /** The newest version in the database when it is newer than the one in force (a reload here failed). */
  pendingVersion?: number;
  /** Why the pending version could not be loaded. */
  problem?: string;
}

export interface ReadinessSources {
  /** Resolves when the database answers; rejects otherwise. */
  pingDatabase: () => Promise<void>;
  /** The platform check at start (platform-check.ts); absent in an app without a platform (HTTP-layer tests). */
  platform?: () => PlatformCheckStatus;
  rules?: () => RulesReadiness;
}

export interface ReadinessReport {
  ready: boolean;
  /** Why the server is not ready; empty when it is. */
  reasons: string[];
  details: {
    database: 'reachable' | 'unreachable';
    platform?: PlatformCheckStatus;
    rules?: { loaded: true } & RulesReadiness;
  };
}

export async function checkReadiness(sources: ReadinessSources): Promise<ReadinessReport> {
  const reasons: string[] = [];
  let database: 'reachable' | 'unreachable' = 'reachable';
  try {
    await sources.pingDatabase();
  } catch {
    database = 'unreachable';
    reasons.push('the database does not answer');
  }
  const details: ReadinessReport['details'] = { database };
  const platform = sources.platform?.();
  if (platform !== undefined) {
    details.platform = platform;
    if (platform.state === 'checking') reasons.push('the platform check has not finished yet');
    if (platform.state === 'failing') reasons.push(`the platform check fails: ${platform.reason}`);
  }
  const rules = sources.rules?.();
  if (rules !== undefined) {
    details.rules = { loaded: true, ...rules };
    if (rules.pendingVersion !== undefined) {
      reasons.push(
        `rules version ${rules.pendingVersion}, reloaded on another replica, cannot be loaded from this replica's rules folder`,
      );
    }
  }
  return { ready: reasons.length === 0, reasons, details };
}

/** The rules part of `/readyz` from the holder: the version in force, and a newer one that failed to load here. */
export function rulesReadiness(rules: RulesHolder): RulesReadiness {
  const state = rules.versionState();
  return {
    version: state.version,
    loadedAt: rules.loadedAt(),
    ...(state.pending
      ? {
          pendingVersion: state.pending.version,
          problem: state.pending.problems.map(describeProblem).join('\n').trim(),
        }
      : {}),
  };
}
