/**
 * A query built and compiled once, then run again with new values. Kysely builds and compiles every query from
 * scratch, which for an upsert costs tens of microseconds: as much as SQLite takes to run it. The few statements
 * the sync cycle runs for every user are worth compiling once per store.
 *
 * The values are named. `build` receives placeholders typed by the values record it declares, e.g.
 * `(db, $: Placeholders<{ userId: string }>) => db.selectFrom('users').where('id', '=', $.userId)`; each
 * placeholder is a distinctive string that Kysely passes through as an ordinary parameter, typed as the value it
 * stands for. Compiling records which name landed in which parameter; a run takes a record of exactly those
 * names, so a misspelt or a missing value is a type error, not a shifted parameter.
 */
import { type Compilable, CompiledQuery, type Kysely, type QueryResult } from 'kysely';
import type { Database } from '../schema/database.ts';

const PLACEHOLDER_PREFIX = '\u0000reusable-query-value:';

/** A value of a run: what the drivers bind. */
export type QueryValue = string | number | null;

/** The values of one run, by name (an interface such as a table's row type qualifies too). */
export type QueryValues<Values> = { [Name in keyof Values]: QueryValue };

/** Stand-ins for the values of a run: `$.name` is typed as `Values['name']`. */
export type Placeholders<Values extends QueryValues<Values>> = {
  readonly [Name in keyof Values]: Values[Name];
};

export interface ReusableQuery<Values extends QueryValues<Values>, Row> {
  run(executor: Kysely<Database>, values: Values): Promise<QueryResult<Row>>;
}

/**
 * `build` is called once, on first use, with the executor of that run (a store or one of its transactions: the
 * SQL is the same). Keep one ReusableQuery per store, since the SQL depends on the store's dialect.
 */
export function reusableQuery<Values extends QueryValues<Values>, Row>(
  build: (db: Kysely<Database>, $: Placeholders<Values>) => Compilable<Row>,
): ReusableQuery<Values, Row> {
  let compiled: { sql: string; sources: ParameterSource[] } | undefined;
  return {
    run(executor, values) {
      compiled ??= compile(build(executor, placeholders<Values>()));
      const byName: Readonly<Record<string, unknown>> = values;
      const parameters = compiled.sources.map((source) =>
        'name' in source ? byName[source.name] : source.constant,
      );
      return executor.executeQuery<Row>(CompiledQuery.raw(compiled.sql, parameters));
    },
  };
}

/** Where a compiled parameter comes from: a named value of the run, or a constant of the query itself. */
type ParameterSource = { name: string } | { constant: unknown };

function placeholders<Values extends QueryValues<Values>>(): Placeholders<Values> {
  // Each name read becomes its placeholder string. The type says it is the value it stands for, which is what
  // lets Kysely check it against its column; only `compile` ever sees the strings. No type can say that of a
  // proxy, hence the one assertion.
  return new Proxy(
    {},
    { get: (_target, name) => (typeof name === 'string' ? `${PLACEHOLDER_PREFIX}${name}` : undefined) },
  ) as Placeholders<Values>;
}

function compile(query: Compilable<unknown>) {
  const { sql, parameters } = query.compile();
  const sources = parameters.map((parameter): ParameterSource => {
    if (typeof parameter !== 'string' || !parameter.startsWith(PLACEHOLDER_PREFIX))
      return { constant: parameter };
    return { name: parameter.slice(PLACEHOLDER_PREFIX.length) };
  });
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
