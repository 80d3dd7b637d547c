// Wires config, store, handlers and the HTTP server together; `start` is the in-process API.
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { defaultConfig, type Config } from './config/config.js';
import { systemClock, type Clock } from './domain/clock.js';
import { randomIds, type IdSource } from './domain/ids.js';
import { Dispatcher } from './events/dispatcher.js';
import { SinkRegistry } from './events/sinks/registry.js';
import { eventsView, healthView, messagesView } from './handlers/local-views.js';
import { createDispatcher } from './handlers/dispatch.js';
import { buildHandlerTable } from './handlers/registry.js';
import { createHttpServer } from './http/server.js';
import { RateLimiter } from './http/rate-limit.js';
import { serviceMetadata } from './generated/model.js';
import { openStore } from './storage/open-store.js';

export interface StartOptions extends Partial<Config> {
  logger?: Logger;
  clock?: Clock;
  ids?: IdSource;
}

export interface RunningServer {
  /** The endpoint URL to give an SDK client, e.g. http://127.0.0.1:4566. */
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish, then closes the store. */
  stop(): Promise<void>;
}

/** A database URL fit for a log line: postgres://user:secret@host -> postgres://user:***@host. */
export const redactPassword = (url: string): string => url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');

export async function start(options: StartOptions = {}): Promise<RunningServer> {
  const { logger: givenLogger, clock = systemClock, ids = randomIds, ...overrides } = options;
  const config: Config = { ...defaultConfig, ...overrides };
  // Buffered, asynchronous logging: an asynchronous write costs a thread-pool round trip, so lines
  // go out 32 KB at a time, and at least every 100 ms.
  const logDestination = givenLogger
    ? undefined
    : pino.destination({ dest: 1, sync: false, minLength: 32_768, maxWrite: 65_536, periodicFlush: 100 });
  const logger = givenLogger ?? pino({ level: config.logLevel, base: undefined }, logDestination);
  const handlers = buildHandlerTable();
  const store = await openStore(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous });
  const sinks = new SinkRegistry(config.sinkEndpoints, config.eventDeliveryTimeoutMs);
  const dispatcher = new Dispatcher({
    store,
    clock,
    sinks,
    logger,
    nodeId: config.nodeId,
    retry: { baseMs: config.eventRetryBaseMs, maxMs: config.eventRetryMaxMs, maxAgeMs: config.eventMaxDeliveryAgeMs },
    leaseMs: config.eventLeaseMs,
    pollMs: config.eventPollMs,
    batchSize: 200,
  });
  const dispatch = createDispatcher({
    store,
    clock,
    ids,
    handlers,
    limits: { maxConfigurationSets: config.maxConfigurationSets },
    events: { stepDelayMs: config.eventStepDelayMs },
    onOutboxChanged: () => dispatcher.wake(),
  });
  const server = createHttpServer({
    dispatch,
    logger,
    identity: config,
    maxBodyBytes: config.maxBodyBytes,
    // The signer loads only when authentication is on.
    ...(config.authKeys.size > 0 && {
      verifier: new (await import('./http/sigv4.js')).SigV4Verifier(config.authKeys, serviceMetadata.signingName, config.defaultAccountId),
    }),
    ...(config.rateLimitPerSecond > 0 && { rateLimiter: new RateLimiter(config.rateLimitPerSecond) }),
    localRoutes: {
      '/_local/health': async (params) => healthView(params),
      '/_local/messages': (params) => messagesView(store, params),
      '/_local/events': (params) => eventsView(store, params),
    },
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  await dispatcher.start();
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  logger.info({ url, databaseUrl: redactPassword(config.databaseUrl) }, 'sms-voice-local listening');
  logDestination?.flush();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await dispatcher.stop();
      await sinks.destroy();
      await store.close();
      logger.info('sms-voice-local stopped');
      logDestination?.flushSync();
    })());
  return { url, port, stop };
}
