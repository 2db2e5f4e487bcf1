/**
 * Databases for benchmarks: a SQLite file in a fresh temporary folder, or a PostgreSQL schema of its own in
 * TEST_DATABASE_URL's database (never `public`). `dispose()` removes either, whatever happened in between.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { cleanUpOnInterrupt } from './interrupt-cleanup.ts';

export type BenchDatabaseKind = 'sqlite' | 'postgres';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchDatabase {
  kind: BenchDatabaseKind;
  /** A DATABASE_URL for the server. */
  url: string;
  /** The PostgreSQL schema (openStore's `schema` option, DATABASE_SCHEMA for the server). */
  schema?: string;
  /** Where the data lives, for the report (no credentials). */
  description: string;
  dispose(): Promise<void>;
}

export async function createBenchDatabase(kind: BenchDatabaseKind, label: string): Promise<BenchDatabase> {
  if (kind === 'sqlite') {
    const dir = await mkdtemp(path.join(tmpdir(), `scim-bench-${label}-`));
    const file = path.join(dir, 'bench.db');
    return disposable({
      kind,
      url: `sqlite:${file}`,
      description: `SQLite file ${file}`,
      dispose: () => rm(dir, { recursive: true, force: true }),
    });
  }
  const url = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
  const schema = `bench_${label.replace(/\W/g, '_')}_${process.pid}_${Date.now().toString(36)}`.toLowerCase();
  await withClient(url, async (client) => {
    await client.query(`create schema ${schema}`);
  });
  return disposable({
    kind,
    url,
    schema,
    description: `PostgreSQL schema ${schema}`,
    dispose: () =>
      withClient(url, async (client) => {
        await client.query(`drop schema if exists ${schema} cascade`);
      }),
  });
}

/** Also disposed of when the run is interrupted. */
function disposable(database: BenchDatabase): BenchDatabase {
  const forget = cleanUpOnInterrupt(database.dispose);
  return {
    ...database,
    dispose: async () => {
      forget();
      await database.dispose();
    },
  };
}

async function withClient(url: string, work: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `cannot reach PostgreSQL at TEST_DATABASE_URL (${url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@')}): ` +
        `${error instanceof Error ? error.message || String(error) : String(error)}. Start it, or run with --db sqlite.`,
    );
  }
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
