/**
 * PostgreSQL query plans for the tests that pin one (`explain (format json)`): the plan of a query as the planner
 * would run it now, flattened into its nodes.
 */
import { type Kysely, type OperationNodeSource, sql } from 'kysely';
import type { Database } from '../schema/database.ts';

export interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** Every node of `plan`, the root first. */
export function planNodes(plan: PlanNode | undefined): PlanNode[] {
  if (plan === undefined) return [];
  return [plan, ...(plan.Plans ?? []).flatMap(planNodes)];
}

/** The nodes of the plan PostgreSQL makes for `query`, run through `db` (a store or one of its transactions). */
export async function explainPlan(db: Kysely<Database>, query: OperationNodeSource): Promise<PlanNode[]> {
  const explained = await sql<{ 'QUERY PLAN': { Plan: PlanNode }[] }>`explain (format json) ${query}`.execute(
    db,
  );
  return planNodes(explained.rows[0]?.['QUERY PLAN'][0]?.Plan);
}
