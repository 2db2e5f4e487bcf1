/**
 * Server configuration from the environment (docs/configuration.md, Environment). Every variable has a default so
 * `pnpm start` works with none set. Relative paths resolve against the directory `pnpm` was started from (INIT_CWD),
 * because `pnpm start` at the repository root runs this app with its own package folder as the working directory.
 */
import path from 'node:path';
import { DEFAULT_SCIM_LIMITS, type ScimLimits } from '@scim-connector/scim';
import { ConfigError } from './config-error.ts';
import { readJournalPseudonymKey } from './journal-key.ts';
import type { PlatformCheckSettings } from './platform-check.ts';
import { type PlatformSettings, parsePlatformSettings } from './platform-config.ts';
import { DEFAULT_RATE_LIMIT, type RateLimitSettings } from './rate-limit.ts';

export { ConfigError } from './config-error.ts';
export type { PlatformSettings } from './platform-config.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ServerConfig {
  port: number;
  host: string;
  /** `sqlite:<file>` or `postgres://...`. */
  databaseUrl: string;
  /** PostgreSQL only: the schema the tables live in (DATABASE_SCHEMA, default `public`). */
  databaseSchema?: string;
  /** Where generated tokens (and the default SQLite file) live. */
  dataDir: string;
  rulesDir: string;
  logLevel: LogLevel;
  /** Tokens accepted on /scim/v2; undefined means "use or generate the ones kept in the data folder". */
  scimTokens?: string[];
  adminToken?: string;
  /** Largest request body accepted, in bytes; beyond it the server answers 413. */
  bodyLimitBytes: number;
  /** The externally visible SCIM base URL, e.g. `https://scim.example.com/scim/v2`; derived per request if unset. */
  publicUrl?: string;
  /**
   * Per-token rate limit on /scim/v2 (SCIM_RATE_LIMIT, SCIM_RATE_LIMIT_BURST); DEFAULT_RATE_LIMIT unless set;
   * absent only when SCIM_RATE_LIMIT=0 turns it off.
   */
  rateLimit?: RateLimitSettings;
  /** The platform plugin, its validated options, and the built-in simulator when PLATFORM=simulator. */
  platform: PlatformSettings;
  sync: SyncSettings;
  // Hardening (issue #13).
  /** Work bounds per SCIM request: SCIM_MAX_PATCH_OPERATIONS, SCIM_MAX_VALUES_PER_ATTRIBUTE, SCIM_MAX_PATCH_VALUES_SCANNED. */
  scimLimits: ScimLimits;
  /** METRICS_TOKEN: when set, `/metrics` and the details of `/readyz` need it as a bearer token. */
  metricsToken?: string;
  /**
   * The platform check at start (platform-check.ts): retried after PLATFORM_CHECK_RETRY_BASE_MS (default 1000),
   * doubling up to PLATFORM_CHECK_RETRY_MAX_MS (default 60000).
   */
  platformCheck: PlatformCheckSettings;
  /**
   * RULES_POLL_INTERVAL_MS (default 2000, at most 10000): how often this process reads the rules version in the
   * database, so a reload on any replica reaches it within 10 s.
   */
  rulesPollIntervalMs: number;
  reconcile: ReconcileSettings;
  /**
   * JOURNAL_PSEUDONYM_KEY_FILE's bytes (journal-key.ts): the key of `/admin/journal?pseudonymize=true`; absent, a
   * random key per response.
   */
  journalPseudonymKey?: Uint8Array;
}

// ---- drift reconciliation (issue #11) ---------------------------------------------------------------------------

export interface ReconcileSettings {
  /** RECONCILE_MODE: `report` (default) records drift; `enforce` also sends drifted users back through the sync. */
  mode: 'report' | 'enforce';
  /** RECONCILE_INTERVAL: time between scheduled runs in ms (default 24h); 0 turns the schedule off. */
  intervalMs: number;
  /** RECONCILE_RATE: platform requests per second a run makes at most (default 5; 0 = no limit). */
  ratePerSecond: number;
  /** RECONCILE_PAGE_SIZE: accounts per platform request (default 200). */
  pageSize: number;
  /** RECONCILE_EXCLUDE: comma-separated username patterns (`*` = any characters) never reported. */
  exclude: string[];
  /**
   * RECONCILE_LEASE_MS (default 120000): how long the replica running reconciliation holds it without renewing
   * (it renews after every page). After a crash, another replica resumes the run once this has passed.
   */
  leaseMs: number;
}

export interface SyncSettings {
  /** Users claimed per claim (SYNC_BATCH_SIZE, default 50). */
  batchSize: number;
  /** Users pushed at once (SYNC_CONCURRENCY, default 16). */
  concurrency: number;
  /** Idle poll interval of the worker in ms (SYNC_INTERVAL_MS, default 1000); SCIM writes wake it at once. */
  intervalMs: number;
  /**
   * How long a claimed user stays with this process (SYNC_LEASE_MS, default 60000). After a crash, the users the
   * dead process held are picked up again once their lease runs out. A live worker renews its leases every third of
   * this, so a slow push keeps its user.
   */
  leaseMs: number;
  /** Backoff after a failed push: SYNC_RETRY_BASE_MS (1000) doubling up to SYNC_RETRY_MAX_MS (300000). */
  retry: { baseMs: number; maxMs: number; maxAttempts: number };
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const DEFAULT_BODY_LIMIT = 1024 * 1024;

export function loadConfig(env: NodeJS.ProcessEnv, baseDir = env.INIT_CWD ?? process.cwd()): ServerConfig {
  const resolve = (p: string) => path.resolve(baseDir, p);
  const dataDir = resolve(nonEmpty(env.DATA_DIR) ?? './data');
  const config: ServerConfig = {
    port: parsePort(env.PORT),
    host: nonEmpty(env.HOST) ?? '127.0.0.1',
    // The embedded default lives in the data folder with the tokens, so DATA_DIR alone moves everything.
    databaseUrl: resolveSqliteUrl(
      nonEmpty(env.DATABASE_URL) ?? `sqlite:${path.join(dataDir, 'connector.db')}`,
      baseDir,
    ),
    dataDir,
    rulesDir: resolve(nonEmpty(env.RULES_DIR) ?? './rules'),
    logLevel: parseLogLevel(env.LOG_LEVEL),
    bodyLimitBytes: parsePositiveInt('BODY_LIMIT_BYTES', env.BODY_LIMIT_BYTES) ?? DEFAULT_BODY_LIMIT,
    platform: parsePlatformSettings(env, resolve, simulatorSettings(env, resolve)),
    sync: {
      batchSize: parsePositiveInt('SYNC_BATCH_SIZE', env.SYNC_BATCH_SIZE) ?? 50,
      concurrency: parsePositiveInt('SYNC_CONCURRENCY', env.SYNC_CONCURRENCY) ?? 16,
      intervalMs: parsePositiveInt('SYNC_INTERVAL_MS', env.SYNC_INTERVAL_MS) ?? 1000,
      leaseMs: parsePositiveInt('SYNC_LEASE_MS', env.SYNC_LEASE_MS) ?? 60_000,
      retry: {
        baseMs: parsePositiveInt('SYNC_RETRY_BASE_MS', env.SYNC_RETRY_BASE_MS) ?? 1000,
        maxMs: parsePositiveInt('SYNC_RETRY_MAX_MS', env.SYNC_RETRY_MAX_MS) ?? 300_000,
        maxAttempts: parsePositiveInt('SYNC_MAX_ATTEMPTS', env.SYNC_MAX_ATTEMPTS) ?? 10,
      },
    },
    reconcile: parseReconcileSettings(env),
    platformCheck: parsePlatformCheck(env),
    rulesPollIntervalMs: parsePositiveInt('RULES_POLL_INTERVAL_MS', env.RULES_POLL_INTERVAL_MS) ?? 2000,
    // Hardening (issue #13): bounded work per request.
    scimLimits: {
      maxPatchOperations:
        parsePositiveInt('SCIM_MAX_PATCH_OPERATIONS', env.SCIM_MAX_PATCH_OPERATIONS) ??
        DEFAULT_SCIM_LIMITS.maxPatchOperations,
      maxValuesPerAttribute:
        parsePositiveInt('SCIM_MAX_VALUES_PER_ATTRIBUTE', env.SCIM_MAX_VALUES_PER_ATTRIBUTE) ??
        DEFAULT_SCIM_LIMITS.maxValuesPerAttribute,
      maxPatchValuesScanned:
        parsePositiveInt('SCIM_MAX_PATCH_VALUES_SCANNED', env.SCIM_MAX_PATCH_VALUES_SCANNED) ??
        DEFAULT_SCIM_LIMITS.maxPatchValuesScanned,
    },
  };
  const journalPseudonymKey = readJournalPseudonymKey(env, resolve);
  if (journalPseudonymKey) config.journalPseudonymKey = journalPseudonymKey;
  const databaseSchema = nonEmpty(env.DATABASE_SCHEMA);
  if (databaseSchema) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(databaseSchema)) {
      throw new ConfigError(
        `DATABASE_SCHEMA must be a plain PostgreSQL identifier (letters, digits, underscores), got "${databaseSchema}".`,
      );
    }
    config.databaseSchema = databaseSchema;
  }
  const scimTokens = parseTokenList(env.SCIM_TOKEN);
  if (scimTokens) config.scimTokens = scimTokens;
  const adminToken = nonEmpty(env.ADMIN_TOKEN);
  if (adminToken) config.adminToken = adminToken;
  const publicUrl = nonEmpty(env.PUBLIC_URL);
  if (publicUrl) config.publicUrl = publicUrl.replace(/\/+$/, '');
  const rateLimit = parseRateLimit(env.SCIM_RATE_LIMIT, env.SCIM_RATE_LIMIT_BURST);
  if (rateLimit) config.rateLimit = rateLimit;
  if (config.scimTokens && config.adminToken && config.scimTokens.includes(config.adminToken)) {
    throw new ConfigError(
      'ADMIN_TOKEN must differ from every SCIM_TOKEN: the admin API needs its own secret.',
    );
  }
  const metricsToken = nonEmpty(env.METRICS_TOKEN);
  if (metricsToken) {
    if (metricsToken === config.adminToken || config.scimTokens?.includes(metricsToken)) {
      throw new ConfigError(
        'METRICS_TOKEN must differ from ADMIN_TOKEN and every SCIM_TOKEN: a metrics scraper must not hold API access.',
      );
    }
    config.metricsToken = metricsToken;
  }
  if (config.rulesPollIntervalMs > MAX_RULES_POLL_INTERVAL_MS) {
    throw new ConfigError(
      `RULES_POLL_INTERVAL_MS must be at most ${MAX_RULES_POLL_INTERVAL_MS}, so a rules reload reaches every replica within 10 s; got "${config.rulesPollIntervalMs}".`,
    );
  }
  checkExposure(env, config);
  return config;
}

/** A reload on one replica must reach every other within 10 s (docs/operations.md, "Several replicas"). */
const MAX_RULES_POLL_INTERVAL_MS = 10_000;

function parsePlatformCheck(env: NodeJS.ProcessEnv): PlatformCheckSettings {
  const retryBaseMs =
    parsePositiveInt('PLATFORM_CHECK_RETRY_BASE_MS', env.PLATFORM_CHECK_RETRY_BASE_MS) ?? 1000;
  const retryMaxMs =
    parsePositiveInt('PLATFORM_CHECK_RETRY_MAX_MS', env.PLATFORM_CHECK_RETRY_MAX_MS) ?? 60_000;
  if (retryMaxMs < retryBaseMs) {
    throw new ConfigError(
      `PLATFORM_CHECK_RETRY_MAX_MS (${retryMaxMs}) must be at least PLATFORM_CHECK_RETRY_BASE_MS (${retryBaseMs}).`,
    );
  }
  return { retryBaseMs, retryMaxMs };
}

/** Drift reconciliation (issue #11): RECONCILE_MODE, _INTERVAL, _RATE, _PAGE_SIZE, _EXCLUDE, _LEASE_MS. */
function parseReconcileSettings(env: NodeJS.ProcessEnv): ReconcileSettings {
  const modeText = nonEmpty(env.RECONCILE_MODE)?.toLowerCase() ?? 'report';
  if (modeText !== 'report' && modeText !== 'enforce') {
    throw new ConfigError(`RECONCILE_MODE must be report or enforce, got "${env.RECONCILE_MODE}".`);
  }
  const rateText = nonEmpty(env.RECONCILE_RATE);
  const rate = rateText === undefined ? 5 : Number(rateText);
  if (!Number.isFinite(rate) || rate < 0) {
    throw new ConfigError(
      `RECONCILE_RATE must be a number of platform requests per second (0: no limit), got "${rateText}".`,
    );
  }
  const pageSize = parsePositiveInt('RECONCILE_PAGE_SIZE', env.RECONCILE_PAGE_SIZE) ?? 200;
  if (pageSize > 1000) throw new ConfigError(`RECONCILE_PAGE_SIZE must be at most 1000, got "${pageSize}".`);
  const exclude = (env.RECONCILE_EXCLUDE ?? '')
    .split(',')
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern.length > 0);
  return {
    mode: modeText,
    intervalMs: parseDuration('RECONCILE_INTERVAL', env.RECONCILE_INTERVAL, 24 * 3_600_000),
    ratePerSecond: rate,
    pageSize,
    exclude,
    leaseMs: parsePositiveInt('RECONCILE_LEASE_MS', env.RECONCILE_LEASE_MS) ?? 120_000,
  };
}

const DURATION_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** `24h`, `30m`, `90s`, `1d`, `500ms`; a bare `0` is zero (off). */
function parseDuration(name: string, value: string | undefined, fallback: number): number {
  const raw = nonEmpty(value);
  if (raw === undefined) return fallback;
  if (raw === '0') return 0;
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(raw);
  const unit = match?.[2] === undefined ? undefined : DURATION_UNITS[match[2]];
  if (!match || unit === undefined) {
    throw new ConfigError(
      `${name} must be a duration such as 24h, 30m, 90s or 1d (0 turns it off), got "${raw}".`,
    );
  }
  return Number(match[1]) * unit;
}

// Hardening (issue #13): a server that refuses to run misconfigured. Each check fails with one line naming the
// variable and what to set; none prints a secret.

/** Tokens given in the environment of an exposed server are at least this long (a generated one has 43). */
export const MIN_TOKEN_LENGTH = 32;

/** Whether `host` only accepts connections from this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127(?:\.\d{1,3}){3}$/.test(bare);
}

function checkExposure(env: NodeJS.ProcessEnv, config: ServerConfig): void {
  const production = nonEmpty(env.NODE_ENV)?.toLowerCase() === 'production';
  const exposed = !isLoopbackHost(config.host);
  if (production && nonEmpty(env.PLATFORM) === undefined) {
    throw new ConfigError(
      'PLATFORM must be set when NODE_ENV=production: set PLATFORM=fluent (or PLATFORM=simulator to run the ' +
        'built-in simulator on purpose); the simulator never starts by default in production.',
    );
  }
  if (config.publicUrl !== undefined) checkPublicUrl(config.publicUrl);
  else if (exposed) {
    throw new ConfigError(
      `PUBLIC_URL must be set when HOST (${config.host}) is not a loopback address, e.g. ` +
        'PUBLIC_URL=https://scim.example.com/scim/v2; without it, Location and meta.location would echo the ' +
        "client's Host header.",
    );
  }
  if (!(production || exposed)) return;
  const weak = [
    ...(config.scimTokens?.some((token) => token.length < MIN_TOKEN_LENGTH) ? ['SCIM_TOKEN'] : []),
    ...(config.adminToken !== undefined && config.adminToken.length < MIN_TOKEN_LENGTH
      ? ['ADMIN_TOKEN']
      : []),
    ...(config.metricsToken !== undefined && config.metricsToken.length < MIN_TOKEN_LENGTH
      ? ['METRICS_TOKEN']
      : []),
  ];
  if (weak.length > 0) {
    throw new ConfigError(
      `${weak.join(' and ')} must be at least ${MIN_TOKEN_LENGTH} characters on a server that is in production or ` +
        'listens beyond loopback (generate one with `openssl rand -base64 32`, or leave it unset to have one ' +
        'generated).',
    );
  }
}

function checkPublicUrl(publicUrl: string): void {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw new ConfigError(
      `PUBLIC_URL must be an absolute http(s) URL such as https://scim.example.com/scim/v2, got "${publicUrl}".`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`PUBLIC_URL must start with https:// or http://, got "${publicUrl}".`);
  }
}

/**
 * SCIM_RATE_LIMIT: requests per second per token (unset: DEFAULT_RATE_LIMIT; 0: no limit); SCIM_RATE_LIMIT_BURST:
 * requests a token may send at once after being idle (default: the default burst with the default rate, else two
 * seconds' worth, at least 1).
 */
function parseRateLimit(
  rateValue: string | undefined,
  burstValue: string | undefined,
): RateLimitSettings | undefined {
  const rateText = nonEmpty(rateValue);
  const burstText = nonEmpty(burstValue);
  const rate = rateText === undefined ? DEFAULT_RATE_LIMIT.requestsPerSecond : Number(rateText);
  if (!Number.isFinite(rate) || rate < 0) {
    throw new ConfigError(
      `SCIM_RATE_LIMIT must be a number of requests per second per token (0 turns the limit off), got "${rateText}".`,
    );
  }
  if (rate === 0) {
    if (burstText !== undefined) {
      throw new ConfigError(
        'SCIM_RATE_LIMIT_BURST has no effect with SCIM_RATE_LIMIT=0 (no limit): unset one.',
      );
    }
    return undefined;
  }
  if (burstText === undefined) {
    if (rateText === undefined) return { ...DEFAULT_RATE_LIMIT };
    return { requestsPerSecond: rate, burst: Math.max(1, Math.ceil(rate * 2)) };
  }
  const burst = Number(burstText);
  if (!Number.isInteger(burst) || burst < 1) {
    throw new ConfigError(
      `SCIM_RATE_LIMIT_BURST must be a whole number of requests, at least 1, got "${burstText}".`,
    );
  }
  return { requestsPerSecond: rate, burst };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function parsePort(value: string | undefined, name = 'PORT', fallback = 8080): number {
  const raw = nonEmpty(value);
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${name} must be an integer from 0 to 65535, got "${raw}".`);
  }
  return port;
}

/** PLATFORM=simulator: the built-in simulator's port (SIMULATOR_PORT) and seed fixture (SIMULATOR_SEED). */
function simulatorSettings(
  env: NodeJS.ProcessEnv,
  resolve: (p: string) => string,
): { port: number; seedFile?: string } {
  const port = parsePort(env.SIMULATOR_PORT, 'SIMULATOR_PORT', 8081);
  const seedFile = nonEmpty(env.SIMULATOR_SEED);
  return seedFile ? { port, seedFile: resolve(seedFile) } : { port };
}

function parsePositiveInt(name: string, value: string | undefined): number | undefined {
  const raw = nonEmpty(value);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0)
    throw new ConfigError(`${name} must be a positive integer, got "${raw}".`);
  return n;
}

function parseLogLevel(value: string | undefined): LogLevel {
  const raw = nonEmpty(value)?.toLowerCase() ?? 'info';
  const level = LOG_LEVELS.find((l) => l === raw);
  if (!level) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${value}".`);
  return level;
}

/** `SCIM_TOKEN=new,old` keeps both valid while an IdP is switched over to the new one. */
function parseTokenList(value: string | undefined): string[] | undefined {
  const tokens = (value ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  return tokens.length > 0 ? tokens : undefined;
}

/** A relative SQLite path is made absolute so the database does not move with the working directory. */
function resolveSqliteUrl(url: string, baseDir: string): string {
  const match = /^sqlite:(?!\/\/)(.+)$/.exec(url);
  if (!match?.[1] || match[1] === ':memory:' || path.isAbsolute(match[1])) return url;
  return `sqlite:${path.resolve(baseDir, match[1])}`;
}
