/**
 * The sync worker's read of a claim's users on PostgreSQL looks each user up by key, even with no table
 * statistics (the state right after a bulk load, or with autovacuum off): no scan of a whole table.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { explainPlan, usePlanTestSchema } from '../testing/query-plan.ts';
import { postgresPushStatesQuery } from './directory-state.ts';

describe("reading a claim's users on PostgreSQL", () => {
  const { db, fresh } = usePlanTestSchema('push_states_plan');

  it('looks every user, membership, group and link up by key, never by scanning a table', async () => {
    await fresh();
    // 20,000 users in two of 200 groups each, all linked, and no statistics on any table: written and explained
    // in one transaction, so autovacuum cannot analyze the rows first.
    const planNodes = await db.transaction().execute(async (trx) => {
      await sql`
        insert into groups (id, display_name, display_name_folded, resource, version, created, last_modified)
        select 'group-' || g, 'Group ' || g, 'group ' || g, '{}', 1, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
        from generate_series(1, 200) as g`.execute(trx);
      await sql`
        insert into users (id, user_name, user_name_folded, active, resource, version, created, last_modified)
        select 'user-' || i, 'user' || i || '@example.com', 'user' || i || '@example.com', 1, '{}', 1,
               '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
        from generate_series(1, 20000) as i`.execute(trx);
      await sql`
        insert into memberships (group_id, member_id, member_type, position)
        select 'group-' || (1 + (i + k) % 200), 'user-' || i, 'User', i
        from generate_series(1, 20000) as i, generate_series(0, 1) as k`.execute(trx);
      await sql`
        insert into platform_links (user_id, last_synced_at, state)
        select 'user-' || i, '2026-01-01T00:00:00Z', '{"link":{"kind":"absent"}}'
        from generate_series(1, 20000) as i`.execute(trx);
      const ids = JSON.stringify(Array.from({ length: 50 }, (_, index) => `user-${index * 397 + 1}`));
      return explainPlan(trx, postgresPushStatesQuery(trx, ids));
    });
    const scanned = planNodes
      .filter((node) => node['Node Type'] === 'Seq Scan')
      .map((node) => node['Relation Name']);
    expect(scanned).toEqual([]);
    expect(planNodes.map((node) => node['Node Type'])).not.toContain('Hash Join');
    const read = new Set(planNodes.map((node) => node['Relation Name']).filter((name) => name !== undefined));
    expect([...read].sort()).toEqual(['groups', 'memberships', 'platform_links', 'users']);
  });
});
