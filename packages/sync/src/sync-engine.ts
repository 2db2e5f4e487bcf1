/**
 * The sync engine: drains the dirty-user queue. Each claimed user is decided and pushed on its own; the mark is
 * completed for the generation claimed, so a change that arrives during a push leaves the user pending for the
 * next round. Failures go back to the queue with a retry time, or park the user (failure.ts).
 */
import type { Trigger } from '@scim-connector/governance';
import { createCachedCatalog } from '@scim-connector/platform';
import type { ClaimedUser, PlatformLink, SyncRecord } from '@scim-connector/store';
import { backoffDelay, classifyFailure } from './failure.ts';
import { inspectUser } from './inspect-user.ts';
import { LeaseKeeper } from './lease-keeper.ts';
import { createRulesSource } from './rules-source.ts';
import { countResult, emptySummary } from './summary.ts';
import { judgeAccount, type SyncContext, syncOneUser } from './sync-user.ts';
import { timedPlatform } from './timed-platform.ts';
import { mostSignificantTrigger } from './triggers.ts';
import { TurnBatcher } from './turn-batcher.ts';
import type {
  RetryPolicy,
  SyncEngine,
  SyncEngineOptions,
  SyncEvent,
  SyncSummary,
  UserSyncResult,
} from './types.ts';
import { userAccess, usersAccess } from './user-access.ts';
import { WakeableSleep } from './wakeable-sleep.ts';
import { WorkerPool } from './worker-pool.ts';

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 1000, maxMs: 5 * 60_000, maxAttempts: 10 };
const DEFAULT_BATCH_SIZE = 50;
const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_SETTING_TTL_MS = 60_000;
const DEFAULT_CATALOG_TTL_MS = 60_000;
const DEFAULT_INTERVAL_MS = 1000;

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const batchSize = positive(options.batchSize ?? DEFAULT_BATCH_SIZE, 'batchSize');
  const concurrency = positive(options.concurrency ?? batchSize, 'concurrency');
  const leaseMs = positive(options.leaseMs ?? DEFAULT_LEASE_MS, 'leaseMs');
  const { store } = options;
  const emit = (event: SyncEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A failing listener (metrics, logging) must not fail a push.
    }
  };
  // Every platform call goes through the timed client, the catalogue's and the role-mapping setting's included,
  // so the metrics see all the platform traffic.
  const platform = timedPlatform(options.platform.client, emit);
  const catalog =
    options.catalog ??
    createCachedCatalog(platform, {
      ttlMs: options.catalogTtlMs ?? DEFAULT_CATALOG_TTL_MS,
      now: () => now().getTime(),
    });
  // The ends of pushes that finish together share one commit (docs/architecture.md, "Group commit").
  const records = new TurnBatcher({
    run: (pushes: readonly SyncRecord[]) => store.recordSyncMany(pushes),
    runOne: (push: SyncRecord) => store.recordSync(push),
    maxBatch: batchSize,
  });
  // The reads before pushes too: the users of one claim start together, so on PostgreSQL their states come in
  // one statement.
  const pushStates = new TurnBatcher({
    run: (userIds: readonly string[]) => store.getPushStates(userIds),
    runOne: (userId: string) => store.getPushState(userId),
    onBatchError: (error: unknown) => workerError(error),
    maxBatch: batchSize,
  });
  // Create intents too: the users of one claim reach their creates together, and each create waits only for
  // the commit of its own intent, whichever batch it shares.
  const createIntents = new TurnBatcher({
    run: async (links: readonly PlatformLink[]) => {
      await store.saveLinks(links);
      return links.map(() => undefined);
    },
    runOne: (link: PlatformLink) => store.saveLink(link),
    maxBatch: batchSize,
  });
  const ctx: SyncContext = {
    store,
    readPushState: (userId) => pushStates.add(userId),
    record: (push) => records.add(push),
    saveCreateIntent: (link) => createIntents.add(link),
    platform,
    catalog,
    rules: createRulesSource(options.rules, platform, {
      ttlMs: options.settingTtlMs ?? DEFAULT_SETTING_TTL_MS,
      nowMs: () => now().getTime(),
      roleMappingSetting: options.platform.roleMappingSetting,
    }),
    mapProfile: options.platform.mapProfile,
    now,
    emit,
  };
  const claim = (limit: number) => store.claimDirty({ limit, workerId: options.workerId, leaseMs });
  const pool = new WorkerPool<UserSyncResult>({ concurrency, batchSize, claim, process: processClaimed });
  const sleeper = new WakeableSleep();
  const completions = new TurnBatcher({
    run: (marks: readonly { userId: string; generation: number }[]) => store.completeDirtyMany(marks),
    maxBatch: batchSize,
  });
  const leases = new LeaseKeeper({
    inFlight: () => pool.inFlightIds,
    renew: (userIds) => store.renewLeases(userIds, { workerId: options.workerId, leaseMs }),
    onLost: (userId) => emit({ type: 'lease-lost', userId }),
    onError: (error) => workerError(error),
  });
  let loop: Promise<void> | undefined;
  let running = false;

  async function processClaimed(claimed: ClaimedUser): Promise<UserSyncResult> {
    const trigger = mostSignificantTrigger(claimed.triggers);
    const started = performance.now();
    try {
      const outcome = await syncOneUser(ctx, claimed.userId, trigger, claimed);
      if (outcome.kind === 'unknown-user') {
        // Nothing was recorded for this user, so the mark is cleared on its own (batched with others').
        await completions.add({ userId: claimed.userId, generation: claimed.generation });
        return { status: 'skipped', userId: claimed.userId, reason: 'unknown-user' };
      }
      const { decision } = outcome;
      const durationMs = performance.now() - started;
      emit({
        type: 'push-ok',
        userId: claimed.userId,
        outcome: decision.outcome,
        changed: outcome.changed,
        durationMs,
      });
      return { status: 'synced', userId: claimed.userId, userName: outcome.userName, trigger, decision };
    } catch (error) {
      return requeue(claimed, error, performance.now() - started);
    }
  }

  /** Puts a failed user back with a retry time, or parks them. */
  async function requeue(claimed: ClaimedUser, error: unknown, durationMs: number): Promise<UserSyncResult> {
    const { userId } = claimed;
    const failure = noteFailure(userId, error, durationMs);
    const attempts = claimed.attempts + 1;
    const retryable = failure.transient || failure.unknownRole;
    if (!retryable || attempts >= retry.maxAttempts) {
      const reason = retryable ? `gave up after ${attempts} attempts: ${failure.message}` : failure.message;
      await store.parkDirty(userId, { error: reason, attempts });
      // Parking is a decision too: the audit log shows it, with the error, so nobody takes silence for success.
      await store.appendAudit({
        userId,
        trigger: mostSignificantTrigger(claimed.triggers),
        outcome: 'parked',
        reasons: [retryable ? 'gave-up-retrying' : 'platform-refused'],
        changes: null,
        explanation: { error: reason, attempts },
        at: now().toISOString(),
      });
      emit({ type: 'parked', userId, attempts, error: reason });
      return { status: 'parked', userId, error: reason, attempts };
    }
    const delayMs = backoffDelay(attempts, retry, random, failure.retryAfterMs);
    const retryAt = new Date(now().getTime() + delayMs).toISOString();
    await store.deferDirty(userId, { until: retryAt, error: failure.message, attempts });
    emit({ type: 'retry', userId, attempts, delayMs, error: failure.message });
    return { status: 'deferred', userId, error: failure.message, attempts, retryAt };
  }

  function noteFailure(userId: string, error: unknown, durationMs: number) {
    const failure = classifyFailure(error);
    emit({ type: 'push-failed', userId, error: failure.message, transient: failure.transient, durationMs });
    if (failure.unknownRole) {
      // The decision used a catalogue that still had the role: refresh it, so the retry decides again.
      catalog.invalidate?.();
      ctx.rules.invalidate();
      emit({ type: 'catalog-invalidated', reason: failure.message });
    }
    return failure;
  }

  const workerError = (error: unknown) =>
    emit({ type: 'worker-error', error: error instanceof Error ? error.message : String(error) });

  async function runLoop(intervalMs: number): Promise<void> {
    while (running) {
      let claimed = 0;
      if (pool.wantsMore) {
        try {
          claimed = await pool.fill(() => {}, workerError);
        } catch (error) {
          workerError(error);
        }
      }
      if (!running) break;
      if (claimed > 0 && pool.wantsMore) continue;
      // A busy pool waits for users to finish; an idle one for the interval or a wake-up.
      if (!pool.wantsMore) {
        await pool.nextSettled();
        continue;
      }
      const sleeping = new AbortController();
      await Promise.race([
        sleeper.sleep(intervalMs, sleeping.signal),
        ...(pool.size > 0 ? [pool.nextSettled()] : []),
      ]);
      sleeping.abort();
    }
  }

  return {
    async runOnce() {
      const summary = emptySummary();
      const claimed = await claim(batchSize);
      summary.claimed = claimed.length;
      const results = await mapLimited(claimed, concurrency, processClaimed);
      for (const result of results) countResult(summary, result);
      return summary;
    },

    async drain() {
      const summary: SyncSummary = emptySummary();
      let firstError: unknown;
      const onError = (error: unknown) => {
        firstError ??= error;
      };
      for (;;) {
        const claimed =
          pool.free > 0 ? await pool.fill((result) => countResult(summary, result), onError) : 0;
        summary.claimed += claimed;
        if (claimed === 0 && pool.size === 0) break;
        if (claimed === 0 || pool.free === 0) await pool.nextSettled();
      }
      if (firstError !== undefined) throw firstError;
      return summary;
    },

    start(startOptions = {}) {
      if (running) return;
      running = true;
      // A push can outlast its lease (the platform retrying through an outage): renew well before it runs out.
      leases.start(leaseMs / 3);
      loop = runLoop(startOptions.intervalMs ?? DEFAULT_INTERVAL_MS);
    },

    async stop() {
      running = false;
      sleeper.wake();
      await loop;
      loop = undefined;
      await pool.idle();
      await leases.stop();
    },

    wake() {
      sleeper.wake();
    },
    renewLeases: () => leases.renewNow(),

    async syncUser(userId, syncOptions: { trigger?: Trigger } = {}) {
      const trigger = syncOptions.trigger ?? 'resync';
      const started = performance.now();
      try {
        const outcome = await syncOneUser(ctx, userId, trigger);
        if (outcome.kind === 'unknown-user') return { status: 'skipped', userId, reason: 'unknown-user' };
        return { status: 'synced', userId, userName: outcome.userName, trigger, decision: outcome.decision };
      } catch (error) {
        const failure = noteFailure(userId, error, performance.now() - started);
        return { status: 'failed', userId, error: failure.message, transient: failure.transient };
      }
    },

    userAccess(userId) {
      return userAccess(ctx, userId);
    },
    usersAccess(userIds) {
      return usersAccess(ctx, userIds);
    },
    inspectUser(userId) {
      return inspectUser(ctx, userId);
    },

    judgeAccount: (userId, account) => judgeAccount(ctx, userId, account),
    platform,
  };
}

function positive(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(`sync engine option ${name} must be a positive integer, got ${value}`);
  }
  return value;
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
