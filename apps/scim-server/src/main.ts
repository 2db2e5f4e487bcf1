/**
 * The server's entry point (`pnpm start`): configuration from the environment, then the connector (store,
 * platform, sync worker, HTTP listener). Prints one line per listener and, on the very first start, the generated
 * tokens, once, to stdout (never to the log). SIGTERM/SIGINT stop gracefully; SIGHUP reloads the rules.
 */

import { ConfigError, loadConfig } from './config.ts';
import { type RunningConnector, startConnector } from './connector.ts';
import { createLogger } from './logging.ts';
import { describeProblem, RulesFolderError } from './sync/rules-holder.ts';
import type { TokenSet } from './tokens.ts';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const connector = await startConnector(config, { logger });
  printGeneratedTokens(connector.tokens);
  printListeners(connector);
  logger.debug({ url: connector.url, database: databaseKind(config.databaseUrl) }, 'scim-server listening');

  process.on('SIGHUP', () => {
    void connector.sync.rules.reload().then(
      (result) => {
        if (result.ok) logger.info({ markedUsers: result.markedUsers }, 'rules reloaded on SIGHUP');
        else {
          logger.error(
            { problems: result.problems.map(describeProblem) },
            'rules reload on SIGHUP rejected; the previous rules stay in force',
          );
        }
        connector.sync.engine.wake();
      },
      (error: unknown) => logger.error({ err: error }, 'rules reload on SIGHUP failed'),
    );
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: draining requests and the sync worker');
    try {
      await connector.stop();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'error while stopping');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

function printListeners(connector: RunningConnector): void {
  const lines = [`SCIM server listening on ${connector.scimUrl} (admin API: ${connector.url}/admin)`];
  if (connector.simulator) {
    lines.push(`Fluent simulator listening on ${connector.simulator.url} (POST /oauth/token, POST /graphql)`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

function printGeneratedTokens(tokens: TokenSet): void {
  const lines: string[] = [];
  if (tokens.generated.scimToken)
    lines.push(`  SCIM token  (IdP "Secret Token"): ${tokens.generated.scimToken}`);
  if (tokens.generated.adminToken)
    lines.push(`  Admin token (/admin):             ${tokens.generated.adminToken}`);
  if (lines.length === 0) return;
  process.stdout.write(
    [
      '',
      'Generated new bearer tokens. They are shown this once; they are kept in',
      `  ${tokens.file} (mode 0600).`,
      ...lines,
      '',
      '',
    ].join('\n'),
  );
}

function databaseKind(url: string): string {
  return url.startsWith('sqlite:') ? url : 'postgres';
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError || error instanceof RulesFolderError || error instanceof Error
      ? error.message
      : String(error);
  process.stderr.write(`scim-server failed to start: ${message}\n`);
  process.exit(1);
});
