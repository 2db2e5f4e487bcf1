/**
 * The admin list routes at scale (issue 12, docs/admin-api.md): `GET /admin/users` and `GET /admin/audit` over
 * real HTTP against the real server, on a directory of `--users` users (default 100,000) in 1,000 groups with
 * three audit entries each, seeded straight into the database. Each case is asked `--rounds` times; the report
 * gives p50 and p99 latency per case, the worst cases included (a search every user matches, rare statuses,
 * a combination of audit filters that shares no index).
 *
 * `--suite scim` asks SCIM `GET /Users` instead (issue #13): filters and sortBy on the attributes IdPs and admins
 * use (title, displayName, name parts, the enterprise department and employeeNumber, the connector's
 * platformStatus), each answered from an index with a limit, and one filter on an attribute without a column,
 * refused with 400 tooMany after a bounded scan.
 *
 *   pnpm --filter @scim-connector/scim-server exec tsx bench/admin-api/admin-api-bench.ts --db sqlite,postgres
 *   pnpm --filter @scim-connector/scim-server exec tsx bench/admin-api/admin-api-bench.ts --suite scim
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startSimulatorServer } from '@scim-connector/fluent-simulator';
import { openStore } from '@scim-connector/store';
import { executeStatements } from '@scim-connector/store/testing/raw-sql';
import { startTestConnector } from '../../src/e2e/connector-harness.ts';
import { type BenchDatabaseKind, createBenchDatabase } from '../bench-database.ts';
import { seedStatements } from './seed.ts';

const GROUPS = 1000;
/** The store's default bound on rows read into memory for a filter without a column (MAX_IN_MEMORY_ROWS). */
const MAX_IN_MEMORY_ROWS = 10_000;
/** Requests per case before the measured ones: the first of each compiles code and warms caches. */
const WARM_UP = 3;

interface Case {
  name: string;
  /** The path under /admin (or /scim/v2 in the scim suite); `cursor` pages follow the previous nextCursor. */
  path: string;
  follow?: boolean;
  /** The status every answer must have (200 unless said). */
  status?: number;
}

const SUITES = ['admin', 'scim'] as const;
type Suite = (typeof SUITES)[number];

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CONNECTOR = 'urn:ietf:params:scim:schemas:extension:scim-connector:2.0:User';
const usersPath = (filter: string | undefined, rest = '') =>
  `/Users?count=50${filter === undefined ? '' : `&filter=${encodeURIComponent(filter)}`}${rest}`;

/** SCIM list requests an IdP or an admin sends, over the seeded profile attributes (seed.ts). */
const SCIM_CASES: Case[] = [
  { name: 'title eq (2%, 2,000 users)', path: usersPath('title eq "Title 7"') },
  { name: 'name.familyName eq (one user)', path: usersPath('name.familyName eq "Family77777"') },
  { name: 'name.familyName sw (11 users)', path: usersPath('name.familyName sw "family7777"') },
  { name: 'displayName sw (111 users)', path: usersPath('displayName sw "User 777"') },
  { name: 'displayName co (no index: every row tested)', path: usersPath('displayName co "7777"') },
  { name: 'enterprise department eq (0.5%)', path: usersPath(`${ENTERPRISE}:department eq "Dept 42"`) },
  {
    name: 'enterprise employeeNumber eq (one user)',
    path: usersPath(`${ENTERPRISE}:employeeNumber eq "E4242"`),
  },
  { name: 'platformStatus eq inactive (1%)', path: usersPath(`${CONNECTOR}:platformStatus eq "INACTIVE"`) },
  { name: 'platformStatus eq parked (0.1%)', path: usersPath(`${CONNECTOR}:platformStatus eq "PARKED"`) },
  { name: 'sortBy name.familyName, first page', path: usersPath(undefined, '&sortBy=name.familyName') },
  {
    name: 'sortBy title descending, page at 50,000 (deep)',
    path: usersPath(undefined, '&sortBy=title&sortOrder=descending&startIndex=50001'),
  },
  {
    name: 'sortBy title, last page (absent titles)',
    path: usersPath(undefined, '&sortBy=title&startIndex=99951'),
  },
  {
    name: 'title eq + sortBy name.givenName',
    path: usersPath('title eq "Title 7" and active eq true', '&sortBy=name.givenName'),
  },
  // Refused once the candidates exceed the in-memory bound (10,000 rows); a smaller directory answers it.
  { name: 'nickName eq (no column): 400 tooMany', path: usersPath('nickName eq "x"'), status: 400 },
];

const CASES: Case[] = [
  { name: 'users, first page (50)', path: '/users' },
  { name: 'users, 200 per page, paging on', path: '/users?limit=200', follow: true },
  { name: 'users search, one match (userName)', path: '/users?search=user7777@' },
  { name: 'users search, one match (e-mail)', path: '/users?search=mail7777@' },
  { name: 'users search, ~1% match (display name)', path: '/users?search=User%20777' },
  { name: 'users search, every user matches (worst)', path: '/users?search=user' },
  { name: 'users search, no match', path: '/users?search=nobody' },
  { name: 'users status=active', path: '/users?status=active' },
  { name: 'users status=inactive (1%)', path: '/users?status=inactive' },
  { name: 'users status=absent (1%)', path: '/users?status=absent' },
  { name: 'users status=blocked (1%)', path: '/users?status=blocked' },
  { name: 'users status=parked (0.1%)', path: '/users?status=parked' },
  { name: 'users group (one of 1,000)', path: '/users?group=g7' },
  { name: 'users search + status (worst)', path: '/users?search=user&status=parked' },
  { name: 'audit, newest 50', path: '/audit' },
  { name: 'audit, 1000 per page, paging on', path: '/audit?limit=1000', follow: true },
  { name: 'audit user', path: '/audit?user=user7777@example.com' },
  { name: 'audit outcome=block (1%)', path: '/audit?outcome=block' },
  { name: 'audit trigger=rules.changed (none)', path: '/audit?trigger=rules.changed' },
  {
    name: 'audit since/until (1 hour)',
    path: '/audit?since=2026-01-10T12:00:00Z&until=2026-01-10T13:00:00Z',
  },
  { name: 'audit outcome+trigger (worst)', path: '/audit?outcome=update&trigger=group.changed' },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function benchDatabase(
  kind: BenchDatabaseKind,
  users: number,
  rounds: number,
  suite: Suite,
): Promise<void> {
  const database = await createBenchDatabase(kind, 'admin_api');
  const simulator = await startSimulatorServer({ port: 0 });
  try {
    // Migrations first (an empty store), then the rows in bulk, then the server over them.
    const store = await openStore(database.url, database.schema ? { schema: database.schema } : {});
    const seedStarted = performance.now();
    await executeStatements(
      database.url,
      seedStatements({ users, groups: GROUPS, dialect: kind }),
      database.schema ? { schema: database.schema } : {},
    );
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const running = await startTestConnector(store, { simulator });
    try {
      console.log(
        `\n${kind}: ${users} users, ${GROUPS} groups, ${users * 3} audit entries (seeded in ${seedSeconds.toFixed(1)} s); ${rounds} requests per case; load ${loadavg()
          .map((v) => v.toFixed(2))
          .join(' ')}`,
      );
      console.log(`| case | p50 ms | p99 ms | max ms | items |\n| --- | ---: | ---: | ---: | ---: |`);
      for (const benchCase of suite === 'scim' ? SCIM_CASES : CASES) {
        const times: number[] = [];
        let items = 0;
        let cursor: string | null = null;
        for (let round = suite === 'scim' ? -WARM_UP : 0; round < rounds; round++) {
          const separator = benchCase.path.includes('?') ? '&' : '?';
          const path: string =
            benchCase.follow && cursor ? `${benchCase.path}${separator}cursor=${cursor}` : benchCase.path;
          const started = performance.now();
          const reply =
            suite === 'scim'
              ? await running.client.scim('GET', path)
              : await running.client.admin('GET', path);
          if (round >= 0) times.push(performance.now() - started);
          const expected =
            benchCase.status !== undefined && users > MAX_IN_MEMORY_ROWS ? benchCase.status : 200;
          if (reply.status !== expected) throw new Error(`${path} answered ${reply.status}: ${reply.text}`);
          const list = (reply.json.items ?? reply.json.entries ?? reply.json.Resources ?? []) as unknown[];
          items = list.length;
          cursor = (reply.json.nextCursor as string | null) ?? null;
        }
        times.sort((a, b) => a - b);
        console.log(
          `| ${benchCase.name} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 99).toFixed(1)} | ${(times.at(-1) ?? 0).toFixed(1)} | ${items} |`,
        );
      }
      if (suite === 'admin') await accessReport(running.client.url, running.connector.tokens.adminToken);
    } finally {
      await running.stop();
    }
  } finally {
    await simulator.close();
    await database.dispose();
  }
}

/**
 * The whole access review CSV, once: time to the last byte, rows, and the server's peak RSS while it streams
 * (the server runs in this process, so this process's RSS is the server's, benchmark client included).
 */
async function accessReport(url: string, token: string): Promise<void> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);
  const started = performance.now();
  const response = await fetch(`${url}/admin/reports/access.csv`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  let rows = -1;
  let bytes = 0;
  const decoder = new TextDecoder();
  for await (const chunk of response.body ?? []) {
    bytes += chunk.length;
    rows += (decoder.decode(chunk, { stream: true }).match(/\n/g) ?? []).length; // CRLF may straddle chunks; LF never does
  }
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `\naccess.csv: ${response.status}, ${rows} rows, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s; peak RSS ${(peakRss / 1e6).toFixed(0)} MB`,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: 'sqlite,postgres' },
      users: { type: 'string', default: '100000' },
      rounds: { type: 'string', default: '100' },
      suite: { type: 'string', default: 'admin' },
    },
  });
  const suite = values.suite as Suite;
  if (!SUITES.includes(suite)) throw new Error(`--suite ${values.suite} is not one of ${SUITES.join(', ')}`);
  const users = Number(values.users);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(users) || users < GROUPS) throw new Error(`--users must be an integer >= ${GROUPS}`);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a positive integer');
  for (const kind of values.db.split(',')) {
    if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`--db ${kind} is not sqlite or postgres`);
    await benchDatabase(kind, users, rounds, suite);
  }
}

await main();
