/**
 * Reconciliation runs, findings and the lease over one Kysely executor (migration 0006). A page's findings and
 * the run's cursor are written in one commit, so a run killed at any point resumes from a cursor whose pages are
 * all saved, and re-reads at most the page it was on.
 */
import { type Kysely, sql } from 'kysely';
import { chunks } from '../chunks.ts';
import type { StoreContext } from '../context.ts';
import { fold } from '../directory/fold.ts';
import { pushTo } from '../multimap.ts';
import type { Database, DriftFindingsTable, ReconcileRunsTable } from '../schema/database.ts';
import {
  DRIFT_KINDS,
  type DriftDifferences,
  type DriftFinding,
  type DriftKind,
  type ReconcileMode,
  type ReconcilePage,
  type ReconcileRequester,
  type ReconcileRun,
  type ReconcileRunState,
  type ReconcileStore,
} from './reconcile-types.ts';

const LEASE_NAME = 'reconcile';

/** Each kind's flag column. */
const KIND_COLUMNS = {
  unmanaged: 'unmanaged',
  'extra-role': 'extra_roles',
  'missing-role': 'missing_roles',
  status: 'status',
  profile: 'profile',
  'user-type': 'user_type',
} as const satisfies Record<DriftKind, keyof DriftFindingsTable>;

export function createReconcileStore(db: Kysely<Database>, ctx: StoreContext): ReconcileStore {
  return {
    async acquireReconcileLease(owner, leaseMs) {
      const now = ctx.now();
      const until = new Date(ctx.nowMs() + leaseMs).toISOString();
      await db
        .insertInto('reconcile_lease')
        .values({ name: LEASE_NAME, owner, lease_until: until })
        .onConflict((conflict) =>
          conflict
            .column('name')
            .doUpdateSet({ owner, lease_until: until })
            .where((eb) =>
              eb.or([eb('reconcile_lease.lease_until', '<=', now), eb('reconcile_lease.owner', '=', owner)]),
            ),
        )
        .execute();
      const row = await db
        .selectFrom('reconcile_lease')
        .select(['owner', 'lease_until'])
        .where('name', '=', LEASE_NAME)
        .executeTakeFirst();
      return row?.owner === owner && row.lease_until === until;
    },

    async releaseReconcileLease(owner) {
      await db
        .deleteFrom('reconcile_lease')
        .where('name', '=', LEASE_NAME)
        .where('owner', '=', owner)
        .execute();
    },

    async startReconcileRun(run) {
      const now = ctx.now();
      const last = await db
        .selectFrom('reconcile_runs')
        .select('accounts_read')
        .where('state', '=', 'finished')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      const row: ReconcileRunsTable = {
        id: run.id,
        mode: run.mode,
        requested_by: run.requestedBy,
        state: 'running',
        started_at: now,
        updated_at: now,
        finished_at: null,
        cursor: null,
        accounts_read: 0,
        accounts_expected: last?.accounts_read ?? null,
        counts: null,
        errors: 0,
        last_error: null,
      };
      await db.insertInto('reconcile_runs').values(row).execute();
      return toRun(row);
    },

    async unfinishedReconcileRun() {
      const row = await db
        .selectFrom('reconcile_runs')
        .selectAll()
        .where('state', '=', 'running')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toRun(row);
    },

    async saveReconcilePage(page) {
      const now = ctx.now();
      await db.transaction().execute(async (trx) => {
        await saveFindings(trx, page, now);
        for (const chunk of chunks(page.inLine)) {
          await trx.deleteFrom('drift_findings').where('platform_username', 'in', chunk).execute();
        }
        await trx
          .updateTable('reconcile_runs')
          .set((eb) => ({
            cursor: page.cursor ?? null,
            accounts_read: eb('accounts_read', '+', page.accountsRead),
            updated_at: now,
          }))
          .where('id', '=', page.runId)
          .execute();
      });
    },

    async noteReconcileError(runId, error) {
      await db
        .updateTable('reconcile_runs')
        .set((eb) => ({ errors: eb('errors', '+', 1), last_error: error, updated_at: ctx.now() }))
        .where('id', '=', runId)
        .execute();
    },

    async finishReconcileRun(runId, outcome) {
      const now = ctx.now();
      await db.transaction().execute(async (trx) => {
        let counts: Record<DriftKind, number> | null = null;
        if (outcome.state === 'finished') {
          // Every account the run read is saved with this run id or cleared: what remains under other ids was not
          // on the platform any more (deleted, or renamed).
          await trx.deleteFrom('drift_findings').where('run_id', '<>', runId).execute();
          counts = await countFindings(trx);
        }
        await trx
          .updateTable('reconcile_runs')
          .set({
            state: outcome.state,
            finished_at: now,
            updated_at: now,
            counts: counts && JSON.stringify(counts),
            ...(outcome.error !== undefined && { last_error: outcome.error }),
          })
          .where('id', '=', runId)
          .execute();
      });
      const run = await this.getReconcileRun(runId);
      if (run === undefined) throw new Error(`reconciliation run ${runId} does not exist`);
      return run;
    },

    async getReconcileRun(id) {
      const row = await db.selectFrom('reconcile_runs').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRun(row);
    },

    async listReconcileRuns({ limit, before }) {
      const rows = await db
        .selectFrom('reconcile_runs')
        .selectAll()
        .$if(before !== undefined, (query) => query.where('id', '<', before as string))
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toRun);
    },

    async listDriftFindings({ limit, after, kind }) {
      const rows = await db
        .selectFrom('drift_findings')
        .selectAll()
        .$if(after !== undefined, (query) => query.where('platform_username', '>', after as string))
        .$if(kind !== undefined, (query) => query.where(KIND_COLUMNS[kind as DriftKind], '=', 1))
        .orderBy('platform_username')
        .limit(limit)
        .execute();
      return rows.map(toFinding);
    },

    async driftFindingOfUser(userId) {
      const row = await db
        .selectFrom('drift_findings')
        .selectAll()
        .where('user_id', '=', userId)
        .orderBy('seen_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toFinding(row);
    },

    async driftDetectedAtOfUsers(userIds) {
      const detected = new Map<string, string>();
      for (const chunk of chunks([...new Set(userIds)])) {
        const rows = await db
          .selectFrom('drift_findings')
          .select(['user_id', 'detected_at'])
          .where('user_id', 'in', chunk)
          // An unmanaged account with the user's name is someone else's: it says nothing about the user.
          .where('unmanaged', '=', 0)
          .execute();
        for (const row of rows) if (row.user_id !== null) detected.set(row.user_id, row.detected_at);
      }
      return detected;
    },

    async directoryUsersByUserName(userNames) {
      const found = new Map<string, string>();
      const byFolded = new Map<string, string[]>();
      for (const name of new Set(userNames)) pushTo(byFolded, fold(name), name);
      for (const chunk of chunks([...byFolded.keys()])) {
        const rows = await db
          .selectFrom('users')
          .select(['id', 'user_name_folded'])
          .where('user_name_folded', 'in', chunk)
          .execute();
        for (const row of rows)
          for (const name of byFolded.get(row.user_name_folded) ?? []) found.set(name, row.id);
      }
      const missing = [...new Set(userNames)].filter((name) => !found.has(name));
      for (const chunk of chunks(missing)) {
        const rows = await db
          .selectFrom('deleted_users')
          .select(['id', 'user_name'])
          .where('user_name', 'in', chunk)
          .execute();
        for (const row of rows) found.set(row.user_name, row.id);
      }
      return found;
    },

    driftCounts: () => countFindings(db),
  };
}

async function saveFindings(trx: Kysely<Database>, page: ReconcilePage, now: string): Promise<void> {
  for (const finding of page.findings) {
    const flags = Object.fromEntries(
      DRIFT_KINDS.map((kind) => [KIND_COLUMNS[kind], finding.kinds.includes(kind) ? 1 : 0]),
    ) as Pick<DriftFindingsTable, (typeof KIND_COLUMNS)[DriftKind]>;
    const changes = {
      platform_user_id: finding.platformUserId,
      user_id: finding.userId ?? null,
      run_id: page.runId,
      seen_at: now,
      differences: JSON.stringify(finding.differences),
      // Migration 0013's columns, copied from differences.userType: the one place a finding gives the types.
      user_type_expected: finding.differences.userType?.expected ?? null,
      user_type_actual: finding.differences.userType?.actual ?? null,
      ...flags,
    };
    await trx
      .insertInto('drift_findings')
      .values({ platform_username: finding.platformUsername, detected_at: now, ...changes })
      // detected_at stays: the account has been drifted since then.
      .onConflict((conflict) => conflict.column('platform_username').doUpdateSet(changes))
      .execute();
  }
}

async function countFindings(db: Kysely<Database>): Promise<Record<DriftKind, number>> {
  const row = await db
    .selectFrom('drift_findings')
    .select([
      sql<number>`coalesce(sum(unmanaged), 0)`.as('unmanaged'),
      sql<number>`coalesce(sum(extra_roles), 0)`.as('extra_roles'),
      sql<number>`coalesce(sum(missing_roles), 0)`.as('missing_roles'),
      sql<number>`coalesce(sum(status), 0)`.as('status'),
      sql<number>`coalesce(sum(profile), 0)`.as('profile'),
      sql<number>`coalesce(sum(user_type), 0)`.as('user_type'),
    ])
    .executeTakeFirstOrThrow();
  return Object.fromEntries(DRIFT_KINDS.map((kind) => [kind, Number(row[KIND_COLUMNS[kind]])])) as Record<
    DriftKind,
    number
  >;
}

function toRun(row: ReconcileRunsTable): ReconcileRun {
  const run: ReconcileRun = {
    id: row.id,
    mode: row.mode as ReconcileMode,
    requestedBy: row.requested_by as ReconcileRequester,
    state: row.state as ReconcileRunState,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    accountsRead: Number(row.accounts_read),
    errors: Number(row.errors),
  };
  if (row.finished_at !== null) run.finishedAt = row.finished_at;
  if (row.cursor !== null) run.cursor = row.cursor;
  if (row.accounts_expected !== null) run.accountsExpected = Number(row.accounts_expected);
  if (row.counts !== null)
    run.counts = countsOf(JSON.parse(row.counts) as Partial<Record<DriftKind, number>>);
  if (row.last_error !== null) run.lastError = row.last_error;
  return run;
}

function toFinding(row: DriftFindingsTable): DriftFinding {
  const finding: DriftFinding = {
    platformUsername: row.platform_username,
    platformUserId: row.platform_user_id,
    kinds: DRIFT_KINDS.filter(
      (kind) => row[KIND_COLUMNS[kind]] === 1 || Number(row[KIND_COLUMNS[kind]]) === 1,
    ),
    differences: JSON.parse(row.differences) as DriftDifferences,
    runId: row.run_id,
    detectedAt: row.detected_at,
    seenAt: row.seen_at,
  };
  if (row.user_id !== null) finding.userId = row.user_id;
  if (row.user_type_expected !== null)
    finding.userType = { expected: row.user_type_expected, actual: row.user_type_actual };
  return finding;
}

/** A run finished before migration 0013 counted no `user-type`: 0, so every kind has a count. */
function countsOf(saved: Partial<Record<DriftKind, number>>): Record<DriftKind, number> {
  return Object.fromEntries(DRIFT_KINDS.map((kind) => [kind, saved[kind] ?? 0])) as Record<DriftKind, number>;
}
