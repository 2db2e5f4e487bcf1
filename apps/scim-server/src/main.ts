/**
 * The server's entry point (`pnpm start`): configuration from the environment, tokens, store, app, listener,
 * and a graceful stop on SIGTERM/SIGINT. Generated tokens are printed once, to stdout, never to the log.
 */
import { openStore } from '@scim-connector/store';
import { createApp, SCIM_MOUNT } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logging.ts';
import { listen } from './server.ts';
import { appStore } from './store-adapter.ts';
import { ensureTokens, type TokenSet } from './tokens.ts';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel);
  const tokens = await ensureTokens({
    dataDir: config.dataDir,
    ...(config.scimTokens ? { scimTokens: config.scimTokens } : {}),
    ...(config.adminToken ? { adminToken: config.adminToken } : {}),
  });
  const store = await openStore(config.databaseUrl);
  const { app } = createApp({ config, tokens, store: appStore(store), logger });
  const running = await listen(app, config.port, config.host);
  printGeneratedTokens(tokens);
  logger.info(
    { url: running.url, scim: `${running.url}${SCIM_MOUNT}`, database: databaseKind(config.databaseUrl) },
    'scim-server listening',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: draining requests');
    try {
      await running.stop();
      await store.close();
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
    error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error);
  process.stderr.write(`scim-server failed to start: ${message}\n`);
  process.exit(1);
});
