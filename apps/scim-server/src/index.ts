export { type AppOptions, type AppStore, createApp, SCIM_MOUNT, type ScimServerApp } from './app.ts';
export { ConfigError, type LogLevel, loadConfig, type ServerConfig } from './config.ts';
export { createLogger, requestLogging } from './logging.ts';
export { createHttpMetrics, type HttpMetrics, routePattern } from './metrics.ts';
export { listen, type RunningServer } from './server.ts';
export { appStore } from './store-adapter.ts';
export { ensureTokens, generateToken, type TokenSet } from './tokens.ts';
