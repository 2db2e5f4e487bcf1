/**
 * Server configuration from the environment (design section 7). Every variable has a default so `pnpm start`
 * works with none set. Relative paths resolve against the directory `pnpm` was started from (INIT_CWD), because
 * `pnpm start` at the repository root runs this app with its own package folder as the working directory.
 */
import path from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface ServerConfig {
  port: number;
  host: string;
  /** `sqlite:<file>` or `postgres://...`. */
  databaseUrl: string;
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
  platform: 'simulator' | 'fluent';
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const DEFAULT_BODY_LIMIT = 1024 * 1024;

export function loadConfig(env: NodeJS.ProcessEnv, baseDir = env.INIT_CWD ?? process.cwd()): ServerConfig {
  const resolve = (p: string) => path.resolve(baseDir, p);
  const dataDir = resolve(nonEmpty(env.DATA_DIR) ?? './data');
  const config: ServerConfig = {
    port: parsePort(env.PORT),
    host: nonEmpty(env.HOST) ?? '127.0.0.1',
    databaseUrl: resolveSqliteUrl(nonEmpty(env.DATABASE_URL) ?? 'sqlite:./data/connector.db', baseDir),
    dataDir,
    rulesDir: resolve(nonEmpty(env.RULES_DIR) ?? './rules'),
    logLevel: parseLogLevel(env.LOG_LEVEL),
    bodyLimitBytes: parsePositiveInt('BODY_LIMIT_BYTES', env.BODY_LIMIT_BYTES) ?? DEFAULT_BODY_LIMIT,
    platform: parsePlatform(env.PLATFORM),
  };
  const scimTokens = parseTokenList(env.SCIM_TOKEN);
  if (scimTokens) config.scimTokens = scimTokens;
  const adminToken = nonEmpty(env.ADMIN_TOKEN);
  if (adminToken) config.adminToken = adminToken;
  const publicUrl = nonEmpty(env.PUBLIC_URL);
  if (publicUrl) config.publicUrl = publicUrl.replace(/\/+$/, '');
  if (config.scimTokens && config.adminToken && config.scimTokens.includes(config.adminToken)) {
    throw new ConfigError(
      'ADMIN_TOKEN must differ from every SCIM_TOKEN: the admin API needs its own secret.',
    );
  }
  return config;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function parsePort(value: string | undefined): number {
  const raw = nonEmpty(value);
  if (raw === undefined) return 8080;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer from 0 to 65535, got "${raw}".`);
  }
  return port;
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

function parsePlatform(value: string | undefined): 'simulator' | 'fluent' {
  const raw = nonEmpty(value)?.toLowerCase() ?? 'simulator';
  if (raw === 'simulator' || raw === 'fluent') return raw;
  throw new ConfigError(`PLATFORM must be "simulator" or "fluent", got "${value}".`);
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
