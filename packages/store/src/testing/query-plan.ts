/**
 * PostgreSQL query plans for the tests that pin one (`explain (format json)`): the plan of a query as the planner
 * would run it now, flattened into its nodes, and the schema such a test fills.
 */
import { type Kysely, type OperationNodeSource, sql } from 'kysely';
import { afterAll } from 'vitest';
import { openPostgres } from '../connection/postgres.ts';
import { openStore } from '../open-store.ts';
import type { Database } from '../schema/database.ts';
import { dropSchema, TEST_DATABASE_URL } from './postgres.ts';

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

export interface PlanTestSchema {
  /** A connection to the schema, closed after the file's last test. */
  db: Kysely<Database>;
  /** Drops the schema and migrates it again: empty tables with no statistics, so each test stands on its own. */
  fresh(): Promise<void>;
}

/**
 * For a plan test file: its own schema (`name` and the process id), dropped after its last test. Call it at the
 * top of a `describe` (it registers afterAll).
 */
export function usePlanTestSchema(name: string): PlanTestSchema {
  const schema = `${name}_${process.pid}`;
  const db = openPostgres(TEST_DATABASE_URL, schema);
  afterAll(async () => {
    await dropSchema(schema);
    await db.destroy();
  });
  return {
    db,
    async fresh() {
      await dropSchema(schema);
      const store = await openStore(TEST_DATABASE_URL, { schema });
      await store.close();
    },
  };
}
