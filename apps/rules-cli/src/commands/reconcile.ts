/**
 * `scim-rules reconcile --report FILE`: one drift reconciliation run in report mode against a server's database
 * and platform, for audits (docs/architecture.md, "Drift reconciliation"). It takes the same lease as the
 * server's runs, so it never runs beside one, records the run like any other (requested by `cli`), changes
 * nothing on the platform whatever the server's RECONCILE_MODE, and writes the current findings to FILE as JSON.
 *
 * The database is `--database` or DATABASE_URL (DATABASE_SCHEMA for PostgreSQL); the platform is the plugin
 * `--platform` (default fluent) with its options from `--platform-options` and the plugin's variables
 * (FLUENT_URL, ...), as the server reads them.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { createPlatform, type PlatformParts } from '@scim-connector/platform';
import { isPlatformName, PLATFORM_NAMES, platformPlugin } from '@scim-connector/platform-plugins';
import { type DriftFinding, openStore, type ReconcileRun, type Store } from '@scim-connector/store';
import { createSyncEngine, type ReconcileResult, reconcile, usernameMatcher } from '@scim-connector/sync';
import type { Command } from 'commander';
import { EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK } from '../exit-codes.ts';
import { BadInputError } from '../input/input-problem.ts';
import { loadRuleSet } from '../input/load-rule-set.ts';
import type { CliIo } from '../io.ts';
import { DEFAULT_RULES_DIR } from './validate.ts';

interface ReconcileOptions {
  report: string;
  database?: string;
  schema?: string;
  rules: string;
  platform: string;
  platformOptions?: string;
  rate: string;
  exclude?: string;
  json?: boolean;
}

export interface ReconcileReport {
  run: ReconcileRun;
  findings: DriftFinding[];
}

const FINDINGS_PAGE = 500;

export function registerReconcile(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command('reconcile')
    .description(
      'check every platform account against the IdP and the rules (report mode, nothing changes) and write the findings; exit 1 when a run is already in progress',
    )
    .requiredOption('--report <file>', 'where to write the run and its findings (JSON)')
    .option('--database <url>', 'the server database (default: DATABASE_URL)')
    .option('--schema <name>', 'PostgreSQL schema (default: DATABASE_SCHEMA, else public)')
    .option('--rules <dir>', 'the rules folder', DEFAULT_RULES_DIR)
    .option('--platform <name>', `the platform plugin (${PLATFORM_NAMES.join(', ')})`, 'fluent')
    .option('--platform-options <file>', "a JSON file of the plugin's options (PLATFORM_OPTIONS_FILE)")
    .option('--rate <n>', 'platform requests per second at most (0: no limit)', '5')
    .option('--exclude <patterns>', 'comma-separated usernames to leave out, * for any characters')
    .option('--json', 'print the summary as JSON')
    .action(async (options: ReconcileOptions) => {
      setExitCode(await runReconcile(options, io));
    });
}

async function runReconcile(options: ReconcileOptions, io: CliIo): Promise<number> {
  const database = options.database ?? process.env.DATABASE_URL;
  if (!database) {
    io.err('scim-rules reconcile: give the server database with --database or DATABASE_URL.\n');
    return EXIT_BAD_INPUT;
  }
  const rate = Number(options.rate);
  if (!Number.isFinite(rate) || rate < 0) {
    io.err(`scim-rules reconcile: --rate must be a number of requests per second, got "${options.rate}".\n`);
    return EXIT_BAD_INPUT;
  }
  if (!isPlatformName(options.platform)) {
    io.err(
      `scim-rules reconcile: --platform must be one of ${PLATFORM_NAMES.join(', ')}, got "${options.platform}".\n`,
    );
    return EXIT_BAD_INPUT;
  }
  const rules = await loadRuleSet(options.rules);
  const parts = await connectPlatform(options.platform, options.platformOptions);
  const schema = options.schema ?? process.env.DATABASE_SCHEMA;
  const store = await openStore(database, schema ? { schema } : {});
  try {
    const engine = createSyncEngine({ store, platform: parts, rules: () => rules, workerId: cliOwner() });
    const exclude = usernameMatcher(
      (options.exclude ?? '')
        .split(',')
        .map((pattern) => pattern.trim())
        .filter((pattern) => pattern !== ''),
    );
    const result: ReconcileResult = await reconcile(
      {
        store,
        platform: engine.platform,
        judge: (userId, account) => engine.judgeAccount(userId, account),
        mode: 'report',
        ownerId: cliOwner(),
        ratePerSecond: rate,
        exclude,
      },
      { requestedBy: 'cli' },
    );
    if (result.status !== 'done') {
      io.err(
        'scim-rules reconcile: a reconciliation run is in progress on the server; try again when it ends.\n',
      );
      return EXIT_FAILED;
    }
    const report: ReconcileReport = { run: result.run, findings: await allFindings(store) };
    await writeFile(options.report, `${JSON.stringify(report, null, 2)}\n`, { mode: 0o600 });
    io.out(
      options.json
        ? `${JSON.stringify({ run: report.run, report: options.report })}\n`
        : summary(report, options.report),
    );
    return result.run.state === 'finished' ? EXIT_OK : EXIT_FAILED;
  } finally {
    await store.close();
    await parts.client.close?.();
  }
}

async function connectPlatform(name: string, optionsFile: string | undefined): Promise<PlatformParts> {
  if (!isPlatformName(name)) throw new Error(`unknown platform ${name}`);
  const plugin = platformPlugin(name);
  const fromFile = optionsFile === undefined ? {} : await readOptions(optionsFile);
  const fromEnvironment: Record<string, string> = {};
  for (const [option, variable] of Object.entries(plugin.optionVariables ?? {})) {
    const value = process.env[variable]?.trim();
    if (value) fromEnvironment[option] = value;
  }
  return createPlatform(plugin, { ...fromFile, ...fromEnvironment });
}

async function readOptions(file: string): Promise<Record<string, unknown>> {
  const text = await readFile(file, 'utf8');
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch (error) {
    throw new BadInputError([
      { file, line: 1, column: 1, message: `not valid JSON: ${(error as Error).message}` },
    ]);
  }
  throw new BadInputError([
    { file, line: 1, column: 1, message: "must hold a JSON object of the plugin's options" },
  ]);
}

async function allFindings(store: Store): Promise<DriftFinding[]> {
  const findings: DriftFinding[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.listDriftFindings({
      limit: FINDINGS_PAGE,
      ...(after !== undefined && { after }),
    });
    findings.push(...page);
    if (page.length < FINDINGS_PAGE) return findings;
    after = page.at(-1)?.platformUsername;
  }
}

function summary(report: ReconcileReport, file: string): string {
  const { run } = report;
  const counts = run.counts
    ? Object.entries(run.counts)
        .map(([kind, n]) => `${kind} ${n}`)
        .join(', ')
    : 'none';
  return `reconciliation ${run.id} ${run.state}: ${run.accountsRead} accounts read; ${counts}; report written to ${file}\n`;
}

function cliOwner(): string {
  return `cli:${hostname()}:${process.pid}`;
}
