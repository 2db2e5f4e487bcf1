/**
 * `pnpm bench` for the SCIM server (issue 6):
 *   throughput    - five SCIM request kinds at 16 concurrent clients against the real app and a bare express app
 *   initial-load  - users, groups and memberships through SCIM over HTTP to the simulator, server as a child
 *   reconcile     - drift reconciliation of --accounts platform accounts (default 100000), server as a child
 * on SQLite and PostgreSQL. Options: --suite throughput,initial-load  --db sqlite,postgres
 *   --scenario create-user,...  --scale 0.2 (request counts of the throughput suite)  --profile <dir>
 *   --users 100000 --groups 1000 --members-per-group 50 (initial load)
 *   --load one-group,pnpm-start (initial-load scenarios: the simulator in the bench process and one group for the
 *   first users; or the simulator as under `pnpm start`, in the server's child process, and two groups per user)
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { BenchDatabaseKind } from './bench-database.ts';
import { type InitialLoadOptions, runInitialLoad } from './initial-load/initial-load-suite.ts';
import { initialLoadTable, initialLoadVerdict } from './initial-load/report.ts';
import { runReconcileBench } from './reconcile/reconcile-suite.ts';
import { throughputTable } from './throughput/report.ts';
import { SCENARIOS } from './throughput/scenarios.ts';
import { runThroughputSuite } from './throughput/throughput-suite.ts';

const SUITES = ['throughput', 'initial-load', 'reconcile'] as const;
type Suite = (typeof SUITES)[number];
const DATABASES: readonly BenchDatabaseKind[] = ['sqlite', 'postgres'];
const INITIAL_LOADS = ['one-group', 'pnpm-start'] as const;
type InitialLoad = (typeof INITIAL_LOADS)[number];
const LOAD_SHAPES: Record<InitialLoad, Pick<InitialLoadOptions, 'simulator' | 'membership'>> = {
  'one-group': { simulator: 'separate', membership: 'blocks' },
  'pnpm-start': { simulator: 'builtin', membership: 'two-per-user' },
};

function listOption<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T[] {
  if (value === undefined) return [...allowed];
  const chosen = value.split(',').map((item) => item.trim());
  for (const item of chosen) {
    if (!allowed.includes(item as T)) {
      throw new Error(`--${name} ${item} is not one of ${allowed.join(', ')}`);
    }
  }
  return chosen as T[];
}

function numberOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0)
    throw new Error(`--${name} must be a positive number, got ${value}`);
  return parsed;
}

/** Other work on the machine moves every figure; the load average says how busy it was. */
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      suite: { type: 'string' },
      db: { type: 'string' },
      scale: { type: 'string' },
      scenario: { type: 'string' },
      profile: { type: 'string' },
      users: { type: 'string' },
      groups: { type: 'string' },
      'members-per-group': { type: 'string' },
      load: { type: 'string' },
      accounts: { type: 'string' },
    },
  });
  const suites = listOption<Suite>(values.suite, SUITES, 'suite');
  const databases = listOption(values.db, DATABASES, 'db');
  const scenarios = listOption(values.scenario, SCENARIOS, 'scenario');
  const scale = numberOption(values.scale, 'scale', 1);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(`scim-server bench, ${new Date().toISOString()}, Node ${process.version}, load average ${load()}`);
  if (suites.includes('throughput')) {
    for (const database of databases) {
      log(`\nthroughput on ${database}, 16 clients`);
      const result = await runThroughputSuite(database, {
        scale,
        scenarios,
        log,
        ...(values.profile ? { profileDir: values.profile } : {}),
      });
      log(`${result.description} (dropped); load average ${load()}\n${throughputTable(result)}`);
      for (const scenario of result.scenarios) {
        for (const error of scenario.errors) log(`  ${scenario.scenario}: ${error}`);
      }
    }
  }
  const loads = listOption(values.load, INITIAL_LOADS, 'load');
  if (suites.includes('initial-load')) {
    for (const [loadName, database] of loads.flatMap((l) => databases.map((d) => [l, d] as const))) {
      const options: InitialLoadOptions = {
        users: numberOption(values.users, 'users', 100_000),
        groups: numberOption(values.groups, 'groups', 1_000),
        membersPerGroup: numberOption(values['members-per-group'], 'members-per-group', 50),
        ...LOAD_SHAPES[loadName],
        ...(values.profile ? { profileDir: values.profile } : {}),
        log,
      };
      log(
        `\ninitial load "${loadName}" on ${database}: ${options.users} users, ${options.groups} groups ` +
          `(${options.membership}), simulator ${options.simulator}, 16 clients`,
      );
      const result = await runInitialLoad(database, options);
      log(`load average ${load()}\n${initialLoadTable(result)}`);
      for (const line of initialLoadVerdict(result)) log(line);
      for (const step of result.steps) for (const error of step.errors) log(`  ${step.step}: ${error}`);
      for (const wrong of result.firstWrong) log(`  wrong: ${wrong}`);
    }
  }
  if (suites.includes('reconcile')) {
    for (const database of databases) {
      const accounts = numberOption(values.accounts, 'accounts', 100_000);
      log(`\nreconciliation on ${database}: ${accounts} platform accounts, RECONCILE_RATE=0`);
      const r = await runReconcileBench(database, { accounts, log });
      log(
        `  ${r.accounts} accounts in ${r.seconds.toFixed(1)} s (${Math.round(r.accountsPerSecond)}/s), ` +
          `server peak RSS ${Math.round(r.peakRssMb)} MB, counts ${JSON.stringify(r.counts)}\n` +
          `  SCIM GET /Users/{id} p99: idle ${r.p99IdleMs.toFixed(1)} ms, during the run ${r.p99DuringMs.toFixed(1)} ms ` +
          `(${r.requestsDuring} requests); load average ${load()}`,
      );
    }
  }
}

await main();
