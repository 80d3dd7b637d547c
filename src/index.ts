export { start, embeddedDefaults, type RunningServer, type StartOptions } from './app.js';
export { ConfigError, checkConfig, configFromEnv, defaultConfig, type Config, type LogLevel } from './config/config.js';
