/** The number of directory users and of active ones, as migration 0011's triggers keep them. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { UserCounts } from '../types.ts';

export async function userCounts(db: Kysely<Database>): Promise<UserCounts> {
  // The sums of a few rows (one per shard on PostgreSQL); PostgreSQL answers a bigint sum as a string.
  const { rows } = await sql<{ total: number | string | null; active: number | string | null }>`
    select sum(total) as total, sum(active) as active from user_counts`.execute(db);
  const row = rows[0];
  return { total: Number(row?.total ?? 0), active: Number(row?.active ?? 0) };
}
