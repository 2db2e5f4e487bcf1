/**
 * The server's entry point (`pnpm start`): configuration from the environment, then the connector (store,
 * platform, sync worker, HTTP listener). Prints the start banner (start-banner.ts) to stdout: where everything
 * is and how to try it, with the generated tokens on the very first start only (never to the log).
 * SIGTERM/SIGINT stop gracefully; SIGHUP reloads the rules.
 */

import { ConfigError, loadConfig } from './config.ts';
import { startConnector } from './connector.ts';
import { createLogger, type Logger } from './logging.ts';
import { memoryFactsOf, startBanner, startFactsOf } from './start-banner.ts';
import { describeProblem, RulesFolderError } from './sync/rules-holder.ts';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const connector = await startConnector(config, { logger });
  process.stdout.write(startBanner(startFactsOf(config, connector, await memoryFactsOf(connector))));
  // A supervisor or an admin signals this process itself, not a wrapper around it (docs/operations.md).
  process.stdout.write(
    `scim-server PID ${process.pid}: SIGHUP reloads the rules; SIGTERM or SIGINT drain requests and the sync worker, then exit.\n`,
  );
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
      exitAfterLogs(logger, 0);
    } catch (error) {
      logger.error({ err: error }, 'error while stopping');
      exitAfterLogs(logger, 1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

/**
 * pino writes to stdout asynchronously: exiting right after a log call could cut the last lines (the
 * "stopped" that tells a supervisor the drain finished). Exits once they are written, or after a second at most.
 */
function exitAfterLogs(logger: Logger, code: number): void {
  setTimeout(() => process.exit(code), 1000).unref();
  logger.flush(() => process.exit(code));
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
