/**
 * The PATCH scenarios of @scim-connector/scim (one PATCH of 1,000 operations, issue #13) over the SQL stores:
 * the SCIM service on a SQLite file or a PostgreSQL schema of its own, a fresh database per scenario.
 *
 *   pnpm --filter @scim-connector/scim-server bench:patch --db sqlite,postgres
 * (`BENCH_RUNS`, `BENCH_MEMBERS` as for the in-memory run.)
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { runPatchScenarios } from '@scim-connector/scim/bench/patch-scenarios';
import { openStore } from '@scim-connector/store';
import { type BenchDatabase, type BenchDatabaseKind, createBenchDatabase } from '../bench-database.ts';

const { values } = parseArgs({ options: { db: { type: 'string', default: 'sqlite,postgres' } } });
let met = true;
for (const kind of values.db.split(',')) {
  if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`--db ${kind} is not sqlite or postgres`);
  console.log(
    `\nload average ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
  const databases: BenchDatabase[] = [];
  try {
    met =
      (await runPatchScenarios(kind, async () => {
        const database = await createBenchDatabase(kind as BenchDatabaseKind, 'patch');
        databases.push(database);
        return openStore(database.url, database.schema ? { schema: database.schema } : {});
      })) && met;
  } finally {
    for (const database of databases) await database.dispose();
  }
}
if (!met) process.exitCode = 1;
