/**
 * A query built and compiled once, then run again with new values. Kysely builds and compiles every query from
 * scratch, which for an upsert costs tens of microseconds: as much as SQLite takes to run it. The few statements
 * the sync cycle runs for every user are worth compiling once per store.
 *
 * The query is built with placeholders (`slot(i)`): distinctive strings that Kysely passes through as ordinary
 * parameters. Compiling records where each one landed; a run puts the caller's values in their places.
 */
import { type Compilable, CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import type { Database } from '../schema/database.ts';

const SLOT_PREFIX = '\u0000reusable-query-slot:';

/** The placeholder for the `index`-th value of a run, typed as the column it stands for. */
export function slot<T>(index: number): T {
  return `${SLOT_PREFIX}${index}` as unknown as T;
}

export interface ReusableQuery<Row> {
  run(executor: Kysely<Database>, values: readonly unknown[]): Promise<QueryResult<Row>>;
}

/**
 * `build` is called once, on first use, with the executor of that run (a store or one of its transactions: the
 * SQL is the same). Keep one ReusableQuery per store, since the SQL depends on the store's dialect.
 */
export function reusableQuery<Row>(build: (db: Kysely<Database>) => Compilable<Row>): ReusableQuery<Row> {
  let compiled: { sql: string; sources: (number | { value: unknown })[] } | undefined;
  return {
    run(executor, values) {
      compiled ??= compile(build(executor));
      const parameters = compiled.sources.map((source) =>
        typeof source === 'number' ? values[source] : source.value,
      );
      return executor.executeQuery<Row>(CompiledQuery.raw(compiled.sql, parameters));
    },
  };
}

function compile(query: Compilable<unknown>) {
  const { sql, parameters } = query.compile();
  const sources = parameters.map((parameter) =>
    typeof parameter === 'string' && parameter.startsWith(SLOT_PREFIX)
      ? Number(parameter.slice(SLOT_PREFIX.length))
      : { value: parameter },
  );
  return { sql, sources };
}

/**
 * One set of reusable queries per store, made on first use. The key is the store's context object (one per
 * store), so modules that only receive an executor and a context can still keep their compiled statements.
 */
export function perStore<T>(make: () => T): (ctx: object) => T {
  const made = new WeakMap<object, T>();
  return (ctx) => {
    let value = made.get(ctx);
    if (value === undefined) {
      value = make();
      made.set(ctx, value);
    }
    return value;
  };
}
