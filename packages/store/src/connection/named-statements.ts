/**
 * Server-side prepared statements for the pool's queries. Kysely hands pg a SQL text and its parameters, which pg
 * sends as an unnamed statement: PostgreSQL parses and plans it again on every execution, and for the short
 * statements a SCIM write or a sync push makes that is a large share of the database's work. Named by a hash of
 * their text, statements are parsed once per connection and reused. Statements with many parameters (the
 * chunked `in (...)` lists, whose texts vary with their length) stay unnamed, so each connection keeps a bounded
 * set of prepared statements.
 */
import { createHash } from 'node:crypto';
import type pg from 'pg';

/** Above this many parameters a statement is sent unnamed. */
export const MAX_NAMED_PARAMETERS = 32;

export function statementName(text: string): string {
  return `s_${createHash('sha1').update(text).digest('base64url')}`;
}

type QueryFunction = (...args: unknown[]) => unknown;

/** Makes every query a client of `pool` sends with positional parameters a named prepared statement. */
export function nameStatements(pool: pg.Pool): void {
  pool.on('connect', (client: pg.PoolClient) => {
    const query = client.query.bind(client) as QueryFunction;
    const named: QueryFunction = (text, values, ...rest) => {
      if (typeof text === 'string' && Array.isArray(values) && values.length <= MAX_NAMED_PARAMETERS) {
        return query({ name: statementName(text), text, values }, ...rest);
      }
      return query(text, values, ...rest);
    };
    (client as unknown as { query: QueryFunction }).query = named;
  });
}
