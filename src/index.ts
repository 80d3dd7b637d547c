export { start, type RunningServer, type StartOptions } from './app.js';
export { configFromEnv, defaultConfig, type Config } from './config/config.js';
