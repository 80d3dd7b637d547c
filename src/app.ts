// Wires config, store, handlers and the HTTP server together; `start` is the in-process API.
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import {
  ConfigError,
  checkConfig,
  defaultConfig,
  optionValue,
  redactPassword,
  sinkEndpointsFromEnv,
  type AccountLimitMaxima,
  type Config,
  type SpendLimitMaxima,
} from './config/config.js';
import { systemClock, type Clock } from './domain/clock.js';
import { randomIds, type IdSource } from './domain/ids.js';
import { Dispatcher } from './events/dispatcher.js';
import { SinkRegistry } from './events/sinks/registry.js';
import { ChangeStream } from './events/change-stream.js';
import { FaultRegistry } from './events/faults.js';
import { addFault, clearFaults, listFaults } from './handlers/faults-route.js';
import { attemptsView, eventsView, healthView, messagesView } from './handlers/local-views.js';
import { resourcesView } from './handlers/resources-view.js';
import { streamRoute } from './handlers/stream-route.js';
import { consoleFile } from './http/console-files.js';
import { handsetMessagesView, inboundRoute } from './handlers/handset-views.js';
import { createDispatcher, createLocalWriter } from './handlers/dispatch.js';
import { buildHandlerTable } from './handlers/registry.js';
import { createHttpServer } from './http/server.js';
import { RateLimiter } from './http/rate-limit.js';
import { serviceMetadata } from './generated/model.js';
import { openStore } from './storage/open-store.js';
import type { Scope } from './storage/store.js';
import type { CapturesAtOnce } from './events/routing.js';
import { logOutput } from './log-output.js';
import { applySeed, readSeedFile, SeedError, seedAccountTiers } from './seed.js';

/**
 * Options of start(): every field of Config (see the README's configuration table for what each
 * means; the option names are the Config fields, e.g. `port`, `databaseUrl`, `logLevel`), all
 * optional, plus the parts a host may inject. start() reads no environment variable, except the
 * AWS SDK's `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_SNS`, `AWS_ENDPOINT_URL_FIREHOSE` and
 * `AWS_ENDPOINT_URL_CLOUDWATCH_LOGS` when `sinkEndpoints` is not given (as every AWS SDK client
 * in the process does); `sinkEndpoints: {}` captures every event locally whatever the environment.
 * To configure it from the environment as the CLI does, pass `configFromEnv(process.env)`.
 */
export interface StartOptions extends Partial<Omit<Config, ListOption>> {
  /** Access key id -> account id, or the ACCOUNTS text (`AKID=123456789012,...`). */
  accounts?: Config['accounts'] | string;
  /** Access key id -> `{ secretAccessKey, accountId? }`, or the AUTH_KEYS text (`AKID:SECRET[:123456789012],...`). */
  authKeys?: Config['authKeys'] | string;
  /** Some account limit maxima (the others keep their defaults), or the ACCOUNT_LIMITS text. */
  accountLimits?: Partial<AccountLimitMaxima> | string;
  /** Some spend limit maxima in whole dollars (the others keep their defaults), or the SPEND_LIMITS text. */
  spendLimits?: Partial<SpendLimitMaxima> | string;
  /** Account id -> `PRODUCTION` or `SANDBOX`, or the ACCOUNT_TIERS text (`123456789012=SANDBOX,...`). */
  accountTiers?: Config['accountTiers'] | string;
  /** A pino logger to log to instead of stdout; `logLevel` is then ignored. */
  logger?: Logger;
  /** Time source for timestamps and event due times (epoch ms); the system clock by default. */
  clock?: Clock;
  /** Source of message and event ids; random by default. */
  ids?: IdSource;
}

export interface RunningServer {
  /** The endpoint URL to give an SDK client, e.g. http://127.0.0.1:4566. */
  url: string;
  port: number;
  /**
   * Stops taking requests (a request arriving on any open connection gets `503
   * ServiceUnavailableException` and `Connection: close`), lets requests in flight finish for up
   * to `shutdownGraceMs` (then closes their connections), stops event delivery and closes the
   * store. Calling it again returns the same promise.
   */
  stop(): Promise<void>;
}

/** The list settings: start() also takes them as their variable's text, and limits in part. */
type ListOption = 'accounts' | 'authKeys' | 'accountLimits' | 'spendLimits' | 'accountTiers';

/** start()'s defaults: the CLI's, but quiet (`logLevel: 'warn'`) inside a host process. */
export const embeddedDefaults: Config = { ...defaultConfig, logLevel: 'warn' };

const INJECTED = ['logger', 'clock', 'ids'];

/** At stop(), how long the last log lines may take to be written. */
const LOG_DRAIN_MS = 1_000;
/** How often the change stream reads the store while a console is open (ms). */
const STREAM_POLL_MS = 250;
/** On PostgreSQL, how long a write transaction may take before the stream sends rows after it (ms). */
const STREAM_SETTLE_MS = 500;
/** How often an idle stream writes a keep-alive comment (ms). */
const STREAM_HEARTBEAT_MS = 15_000;

/** The options as a checked Config: defaults for what is not given (undefined counts as not given). */
function resolveConfig(overrides: Record<string, unknown>): Config {
  for (const key of Object.keys(overrides)) {
    if (!(key in embeddedDefaults)) {
      throw new ConfigError(key, '', `is not an option of start(): use ${[...Object.keys(embeddedDefaults), ...INJECTED].join(', ')}`);
    }
  }
  const given = Object.fromEntries(
    Object.entries(overrides)
      .filter(([, value]) => value !== undefined)
      .map(([field, value]) => [field, optionValue(field, value)]),
  ) as Partial<Config>;
  const config: Config = { ...embeddedDefaults, ...given };
  if (!('sinkEndpoints' in given)) config.sinkEndpoints = sinkEndpointsFromEnv(process.env);
  checkConfig(config);
  return config;
}

/** A seed file problem as a ConfigError naming `seedFile` and the file (the CLI says SEED_FILE or --seed). */
function seedError(file: string | undefined, error: unknown): unknown {
  if (!(error instanceof SeedError)) return error;
  const problem = error.message.startsWith('cannot be read') ? error.message : `cannot be applied: ${error.message}`;
  return new ConfigError('seedFile', JSON.stringify(file), problem);
}

function seedStep<T>(file: string | undefined, step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw seedError(file, error);
  }
}

/** Why the listener could not start, as a ConfigError naming `port` or `host`, or the error itself. */
function listenError(error: NodeJS.ErrnoException, config: Config): Error {
  const port = JSON.stringify(config.port);
  const host = JSON.stringify(config.host);
  switch (error.code) {
    case 'EADDRINUSE':
      return new ConfigError('port', port, `cannot be used: it is already in use on ${config.host}`);
    case 'EACCES':
      return new ConfigError('port', port, 'cannot be used: this user may not listen on it (use 1024 or above)');
    case 'EADDRNOTAVAIL':
      return new ConfigError('host', host, 'cannot be used: it is not an address of this machine');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ConfigError('host', host, 'cannot be used: the name does not resolve');
    default:
      return error;
  }
}

/**
 * Starts sms-voice-local in this process and resolves once it listens and delivers events.
 * @throws ConfigError (naming the option, its value and what is allowed) for an option that is
 *   not allowed, a port in use, a host that is not local, or a database that cannot be opened
 *   (e.g. an unwritable SQLite path, an unreachable PostgreSQL)
 */
export async function start(options: StartOptions = {}): Promise<RunningServer> {
  const { logger: givenLogger, clock = systemClock, ids = randomIds, ...overrides } = options;
  const config = resolveConfig(overrides);
  const logDestination = givenLogger ? undefined : logOutput();
  const logger = givenLogger ?? pino({ level: config.logLevel, base: undefined }, logDestination);
  const handlers = buildHandlerTable();
  const seedScopes = config.seedFile === undefined ? undefined : seedStep(config.seedFile, () => readSeedFile(config.seedFile as string));
  const accountTiers = seedScopes ? seedStep(config.seedFile, () => seedAccountTiers(seedScopes, config)) : config.accountTiers;
  const store = await openStore(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous }).catch((error: Error) => {
    throw new ConfigError('databaseUrl', JSON.stringify(redactPassword(config.databaseUrl)), `cannot be opened: ${error.message}`);
  });
  const sinks = new SinkRegistry(config.sinkEndpoints, config.eventDeliveryTimeoutMs);
  const faults = new FaultRegistry(config.eventDeliveryTimeoutMs);
  // Local capture cannot fail, so its deliveries are recorded as the event is routed, unless a
  // fault names the destination (faults act on deliveries the dispatcher attempts).
  const capturesAtOnce =
    (scope: Scope): CapturesAtOnce =>
    (d) =>
      sinks.capturesLocally(d.sink.kind) && !faults.names({ scope, configurationSetName: d.configurationSetName, destinationName: d.name });
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
    faults,
    capturesAtOnce,
  });
  // Reads the store only while a console (or another stream client) is open.
  const changes = new ChangeStream({
    store,
    logger,
    pollMs: STREAM_POLL_MS,
    settleMs: store.singleNode ? 0 : STREAM_SETTLE_MS,
    batchSize: 500,
    maxSubscribers: config.streamMaxConnections,
  });
  const limits = {
    maxConfigurationSets: config.maxConfigurationSets,
    accountLimits: config.accountLimits,
    spendLimits: config.spendLimits,
    phoneNumberActivationMs: config.phoneNumberActivationMs,
    releasedPhoneNumberRetentionMs: config.releasedPhoneNumberRetentionMs,
    registrationReviewMs: config.registrationReviewMs,
    notifyConfigurationReviewMs: config.notifyConfigurationReviewMs,
    verificationCodeLifetimeMs: config.verificationCodeLifetimeMs,
    accountTiers,
    defaultAccountTier: config.defaultAccountTier,
  };
  const events = { stepDelayMs: config.eventStepDelayMs, capturesAtOnce };
  if (seedScopes) {
    try {
      const created = await applySeed(
        {
          store,
          handlers,
          defaultScope: { accountId: config.defaultAccountId, region: config.defaultRegion },
          context: (scope, tx) => ({ scope, tx, clock, ids, limits, events, outboxChanged: () => undefined }),
        },
        seedScopes,
      );
      logger.info({ seedFile: config.seedFile, created }, 'seed applied');
    } catch (error) {
      await store.close();
      throw seedError(config.seedFile, error);
    }
  }
  const serviceDeps = { store, clock, ids, handlers, limits, events, onOutboxChanged: () => dispatcher.wake() };
  const dispatch = createDispatcher(serviceDeps);
  const localWriter = createLocalWriter(serviceDeps);
  const { server, shutdown } = createHttpServer({
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
      '/_local/messages': (params) => messagesView(store, params, clock.now()),
      '/_local/events': (params) => eventsView(store, params),
      '/_local/attempts': (params) => attemptsView(store, params),
      '/_local/resources': { method: 'GET', handle: ({ params, scope }) => resourcesView(dispatch, params, scope) },
      '/_local/stream': {
        method: 'GET',
        stream: (request, out) => streamRoute({ changes, heartbeatMs: STREAM_HEARTBEAT_MS, now: () => clock.now() }, request, out),
      },
      '/_local/faults': [
        { method: 'GET', handle: async ({ params, scope }) => listFaults({ faults, store, clock }, params, scope) },
        { method: 'POST', handle: ({ body, scope }) => addFault({ faults, store, clock }, body, scope) },
        { method: 'DELETE', handle: async ({ params, scope, body }) => clearFaults({ faults, store, clock }, params, scope, body) },
      ],
      '/_local/console/*': { method: 'GET', raw: ({ pathParams }) => consoleFile(pathParams['*']) },
      '/_local/inbound': { method: 'POST', handle: ({ body, scope }) => inboundRoute(localWriter, body, scope) },
      '/_local/handsets/:number/messages': {
        method: 'GET',
        handle: ({ params, pathParams, scope }) => handsetMessagesView({ store, clock, stepDelayMs: events.stepDelayMs }, pathParams.number, params, scope),
      },
    },
  });
  server.keepAliveTimeout = 65_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await store.close();
    throw listenError(error as NodeJS.ErrnoException, config);
  }
  await dispatcher.start();
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  logger.info({ url, console: `${url}/_local/console`, databaseUrl: redactPassword(config.databaseUrl), pid: process.pid }, 'sms-voice-local listening');
  logDestination?.flush();

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await shutdown(config.shutdownGraceMs);
      await dispatcher.stop();
      await sinks.destroy();
      await store.close();
      logger.info('sms-voice-local stopped');
      await logDestination?.drain(LOG_DRAIN_MS);
    })());
  return { url, port, stop };
}
