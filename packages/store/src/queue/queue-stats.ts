/** Queue depth and friends, for `/admin/sync` and the metrics. */
import type { Kysely } from 'kysely';
import type { StoreContext } from '../context.ts';
import type { Database } from '../schema/database.ts';
import type { QueueStats } from '../types.ts';

export async function queueStats(db: Kysely<Database>, ctx: StoreContext): Promise<QueueStats> {
  const now = ctx.now();
  const row = await db
    .selectFrom('sync_queue')
    .select((eb) => {
      const waiting = eb.and([eb('pending', '=', 1), eb('parked', '=', 0)]);
      const count = (condition: ReturnType<typeof eb.and>) =>
        eb.fn.sum<number | string | null>(eb.case().when(condition).then(1).else(0).end());
      return [
        count(waiting).as('depth'),
        count(eb.and([eb('pending', '=', 1), eb('parked', '=', 1)])).as('parked'),
        count(eb.and([waiting, eb('lease_until', '>', now)])).as('in_flight'),
        count(eb.and([waiting, eb('not_before', '>', now)])).as('deferred'),
        eb.fn
          .min<string | null>(eb.case().when(waiting).then(eb.ref('queued_at')).else(null).end())
          .as('oldest'),
      ];
    })
    .executeTakeFirstOrThrow();
  const stats: QueueStats = {
    depth: Number(row.depth ?? 0),
    parked: Number(row.parked ?? 0),
    inFlight: Number(row.in_flight ?? 0),
    deferred: Number(row.deferred ?? 0),
  };
  if (row.oldest !== null && row.oldest !== undefined) stats.oldest = row.oldest;
  return stats;
}
