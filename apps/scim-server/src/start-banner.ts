/**
 * What `pnpm start` prints so a newcomer can see the product work by copy and paste: where each API listens,
 * which platform the connector pushes to, where data and tokens live, two curl commands (create a user over
 * SCIM, read the admin view of that user) and where to read how to connect an IdP. The README's quick start
 * shows the same lines (a test keeps the two in step).
 *
 * A token appears in clear only in the banner of the start that generated it, which is the one time it is ever
 * shown (tokens.ts); on later starts the commands read it from the token file, and a token set in the
 * environment is referred to by its variable.
 */
import type { ServerConfig } from './config.ts';
import type { RunningConnector } from './connector.ts';

/** How a command gets a bearer token. */
export type TokenSource =
  | { kind: 'generated'; value: string }
  | { kind: 'stored'; file: string; field: 'scimToken' | 'adminToken' }
  | { kind: 'environment'; variable: 'SCIM_TOKEN' | 'ADMIN_TOKEN' };

export type PlatformDescription = { kind: 'simulator'; url: string } | { kind: 'plugin'; name: string };

export interface StartFacts {
  /** e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  scimToken: TokenSource;
  adminToken: TokenSource;
  /** Where generated tokens are kept. */
  tokenFile: string;
  dataDir: string;
  /** DATABASE_URL, described without credentials by describeDatabase. */
  database: string;
  rulesDir: string;
  platform: PlatformDescription;
  /** Resident memory at start, each process on its own (the simulator runs in a child process). */
  memory?: MemoryFacts;
  /** The platform check at start has not passed: the platform's error, secrets masked (platform-check.ts). */
  platformProblem?: string;
}

export interface MemoryFacts {
  connectorBytes: number;
  /** Absent when there is no built-in simulator, or it did not answer. */
  simulatorBytes?: number;
}

/** The user the example commands provision: a role on the default seed's location 134 that resolves. */
export const EXAMPLE_USER = { userName: 'ada@example.com', role: 'AGENT_134_STORE_ASSISTANT' } as const;

/** POSIX sh: SCIM_TOKEN up to its first comma. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, not a JavaScript template
const FIRST_SCIM_TOKEN = '${SCIM_TOKEN%%,*}';

/** The text a shell needs in place of the token (quoted for POSIX sh inside double quotes). */
export function tokenExpression(source: TokenSource): string {
  switch (source.kind) {
    case 'generated':
      return source.value;
    case 'environment':
      // SCIM_TOKEN may list several tokens (new,old) while an IdP switches over: the first one is current.
      return source.variable === 'SCIM_TOKEN' ? FIRST_SCIM_TOKEN : `$${source.variable}`;
    case 'stored':
      return `$(node -p "require('${source.file}').${source.field}")`;
  }
}

/** The two commands of the quick start: create a user over SCIM, then read the connector's view of it. */
export function tryItCommands(baseUrl: string, scimToken: string, adminToken: string): string[] {
  const user = JSON.stringify({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: EXAMPLE_USER.userName,
    active: true,
    emails: [{ value: EXAMPLE_USER.userName, primary: true }],
    roles: [{ value: EXAMPLE_USER.role }],
  });
  return [
    `curl -s -X POST ${baseUrl}/scim/v2/Users -H "Authorization: Bearer ${scimToken}" -H 'Content-Type: application/scim+json' -d '${user}'`,
    `curl -s ${baseUrl}/admin/users/by-username/${encodeURIComponent(EXAMPLE_USER.userName)} -H "Authorization: Bearer ${adminToken}"`,
  ];
}

export const SIMULATOR_WARNING =
  'SIMULATOR MODE: nothing reaches a real platform. Set PLATFORM=fluent (and FLUENT_*) to provision for real.';

export function startBanner(facts: StartFacts): string {
  const admin = `${facts.baseUrl}/admin`;
  // The listener lines come first and keep their wording: scripts and tests read the URLs from them.
  const lines = [`SCIM server listening on ${facts.baseUrl}/scim/v2 (admin API: ${admin})`];
  if (facts.platform.kind === 'simulator') {
    lines.push(`Fluent simulator listening on ${facts.platform.url} (POST /oauth/token, POST /graphql)`);
  }
  const platform =
    facts.platform.kind === 'simulator'
      ? 'the built-in Fluent simulator above (PLATFORM=simulator; in memory, reseeded each start)'
      : `the ${facts.platform.name} platform plugin`;
  lines.push(
    `Compliance console on ${facts.baseUrl}/console (sign in with the admin token)`,
    '',
    `  Platform      ${platform}`,
    `  Database      ${facts.database}`,
    `  Data folder   ${facts.dataDir}`,
    `  Rules         ${facts.rulesDir} (reload: SIGHUP or POST ${admin}/rules/reload)`,
    `  SCIM token    ${describeToken(facts.scimToken)}   (the IdP's "Secret Token")`,
    `  Admin token   ${describeToken(facts.adminToken)}`,
  );
  if (facts.memory) lines.push(`  Memory        ${describeMemory(facts.memory)}`);
  if (facts.platform.kind === 'simulator') {
    // Said on every start (issue #13): a server left in simulator mode must not pass for a working deployment.
    lines.push('', SIMULATOR_WARNING);
  }
  if (facts.platformProblem !== undefined) {
    lines.push(
      '',
      `PLATFORM CHECK FAILED: ${facts.platformProblem}`,
      'Nothing is pushed until the connector can sign in and read the role catalogue; it retries by itself and',
      '/readyz answers 503 meanwhile (docs/fluent.md).',
    );
  }
  if (facts.scimToken.kind === 'generated' || facts.adminToken.kind === 'generated') {
    lines.push(
      '',
      `New tokens were generated and kept in ${facts.tokenFile} (mode 0600); they are shown in clear this once.`,
    );
  }
  lines.push(
    '',
    'Try it: create a user, then read what the connector made of it (roles, decision, platform account):',
    ...tryItCommands(facts.baseUrl, tokenExpression(facts.scimToken), tokenExpression(facts.adminToken)).map(
      (command) => `  ${command}`,
    ),
    '',
    'Connect an IdP: docs/entra-id.md (Microsoft Entra ID), docs/okta.md (Okta); guides for OneLogin, JumpCloud,',
    'PingFederate/PingOne, SailPoint, authentik and Keycloak are in docs/ too; any SCIM 2.0 client works.',
    '',
  );
  return lines.join('\n');
}

function describeMemory(memory: MemoryFacts): string {
  const connector = `connector ${megabytes(memory.connectorBytes)} resident`;
  if (memory.simulatorBytes === undefined) return `${connector} (/metrics: process_resident_memory_bytes)`;
  return `${connector}, simulator ${megabytes(memory.simulatorBytes)} in its own process (/metrics: process_resident_memory_bytes, scim_simulator_resident_memory_bytes)`;
}

function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1_000_000)} MB`;
}

function describeToken(source: TokenSource): string {
  switch (source.kind) {
    case 'generated':
      return source.value;
    case 'environment':
      return `from ${source.variable}`;
    case 'stored':
      return `in ${source.file} (${source.field})`;
  }
}

/** DATABASE_URL for the banner: the SQLite file, or PostgreSQL's host and database without credentials. */
export function describeDatabase(databaseUrl: string): string {
  if (databaseUrl.startsWith('sqlite:')) return `SQLite ${databaseUrl.slice('sqlite:'.length)}`;
  try {
    const url = new URL(databaseUrl);
    return `PostgreSQL ${url.host}${url.pathname}`;
  } catch {
    return 'PostgreSQL';
  }
}

/** Each process's resident memory now: the connector's own, and the built-in simulator's when there is one. */
export async function memoryFactsOf(connector: RunningConnector): Promise<MemoryFacts> {
  const simulatorBytes = await connector.simulator?.residentMemory();
  return {
    connectorBytes: process.memoryUsage.rss(),
    ...(simulatorBytes !== undefined ? { simulatorBytes } : {}),
  };
}

/** The facts of a running connector, as the banner tells them. */
export function startFactsOf(
  config: ServerConfig,
  connector: RunningConnector,
  memory?: MemoryFacts,
): StartFacts {
  const { tokens } = connector;
  const scimToken: TokenSource = tokens.generated.scimToken
    ? { kind: 'generated', value: tokens.generated.scimToken }
    : config.scimTokens
      ? { kind: 'environment', variable: 'SCIM_TOKEN' }
      : { kind: 'stored', file: tokens.file, field: 'scimToken' };
  const adminToken: TokenSource = tokens.generated.adminToken
    ? { kind: 'generated', value: tokens.generated.adminToken }
    : config.adminToken
      ? { kind: 'environment', variable: 'ADMIN_TOKEN' }
      : { kind: 'stored', file: tokens.file, field: 'adminToken' };
  return {
    baseUrl: connector.url,
    scimToken,
    adminToken,
    tokenFile: tokens.file,
    dataDir: config.dataDir,
    database: describeDatabase(config.databaseUrl),
    rulesDir: config.rulesDir,
    platform: connector.simulator
      ? { kind: 'simulator', url: connector.simulator.url }
      : { kind: 'plugin', name: config.platform.plugin },
    ...(memory ? { memory } : {}),
    ...platformProblemOf(connector),
  };
}

function platformProblemOf(connector: RunningConnector): { platformProblem?: string } {
  const status = connector.platformCheck.status();
  return status.state === 'failing' ? { platformProblem: status.reason } : {};
}
