export { type AppOptions, type AppStore, createApp, SCIM_MOUNT, type ScimServerApp } from './app.ts';
export { ConfigError, type LogLevel, loadConfig, type ServerConfig } from './config.ts';
export { type RunningConnector, type StartConnectorOptions, startConnector } from './connector.ts';
export { isDatabaseUnavailable, recognizeDatabaseOutage } from './database-outage.ts';
export { createLogger, requestLogging } from './logging.ts';
export { createHttpMetrics, type HttpMetrics, routePattern } from './metrics.ts';
export { type RateLimitSettings, rateLimitPerToken, TokenBucket } from './rate-limit.ts';
export { listen, type RunningServer } from './server.ts';
export { appStore } from './store-adapter.ts';
export { connectPlatform, type PlatformConnection } from './sync/platform-connection.ts';
export {
  createRulesHolder,
  type ReloadResult,
  RulesFolderError,
  type RulesHolder,
} from './sync/rules-holder.ts';
export { createSyncRuntime, type SyncRuntime, type SyncRuntimeOptions } from './sync/sync-runtime.ts';
export { ensureTokens, generateToken, type TokenSet } from './tokens.ts';
