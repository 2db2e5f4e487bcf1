/**
 * The PostgreSQL edge: a pg Pool whose connections use the store's schema as their search_path, so one database
 * can hold several independent stores (one per test file, or per deployment).
 */

import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../schema/database.ts';
import { nameStatements } from './named-statements.ts';
import { withSchemaIntrospector } from './schema-introspector.ts';

// Lower case only: search_path folds unquoted names, so `MySchema` would silently name another schema.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/**
 * How long a query may wait for a connection (a new one, or a free one from the pool) before it fails and the
 * server answers 503. Far above any healthy wait; it bounds requests when the database host stops answering.
 */
const CONNECT_TIMEOUT_MS = 10_000;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(
      `PostgreSQL schema "${schema}" is not a plain identifier: use lower-case letters, digits and underscores, not starting with a digit`,
    );
  }
}

export function openPostgres(connectionString: string, schema: string): Kysely<Database> {
  assertSchemaName(schema);
  const pool = new pg.Pool({
    connectionString,
    options: `-c search_path=${schema}`,
    // Without a bound, a database host that drops packets leaves requests hanging instead of failing with 503.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // Notices a peer that vanished (failover, a dead load balancer) on idle pooled connections.
    keepAlive: true,
  });
  // A client losing its connection (the database restarting) emits 'error'. The pool listens while a client is
  // idle, but not while Kysely holds it between the queries of a transaction, and an 'error' nobody listens to
  // kills the process. So every client gets a listener of its own: the pool then discards the broken client, and
  // the query that needed it fails (answered 503) instead of the whole server.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  nameStatements(pool);
  return new Kysely<Database>({ dialect: withSchemaIntrospector(new PostgresDialect({ pool }), schema) });
}

/**
 * Creates the schema when it is missing. Replicas starting together would race here: `create schema if not
 * exists` is not atomic in PostgreSQL, and the loser fails on pg_namespace's unique index. A transaction-scoped
 * advisory lock, keyed by the schema, makes them take turns. (The migrations that follow are serialised by
 * Kysely's own session advisory lock, and its bookkeeping tables tolerate the same race.)
 */
export async function ensureSchema(db: Kysely<Database>, schema: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`scim-connector:schema:${schema}`}))`.execute(trx);
    await sql`create schema if not exists ${sql.id(schema)}`.execute(trx);
  });
}
