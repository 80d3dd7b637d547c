// Typed configuration from the environment, with defaults, every value checked up front. Every
// knob is in the README's configuration table.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { SinkEndpoints } from '../events/sinks/registry.js';
import type { AccessKey } from '../http/access-keys.js';
import type { AccountLimitName, SpendLimitName } from '../generated/types.js';
import {
  ConfigError,
  LOG_LEVELS,
  MAX_TIMER_MS,
  accountsRule,
  authKeysRule,
  integer,
  isAccountId,
  isDatabaseUrl,
  isEndpointUrl,
  isHost,
  isNodeId,
  isPlainObject,
  isRegion,
  oneOf,
  pairs,
  redactPassword,
  SettingProblem,
  text,
  type LogLevel,
  type Rule,
} from './settings.js';

export { ConfigError, redactPassword, type LogLevel };

export interface Config {
  port: number;
  host: string;
  /** `sqlite:<path>`, `memory` or `postgres://...`. */
  databaseUrl: string;
  /** Region for requests whose Authorization header carries no SigV4 credential scope. */
  defaultRegion: string;
  /** Account for access keys that `accounts` does not name. */
  defaultAccountId: string;
  /** Access key id -> account id. */
  accounts: Record<string, string>;
  maxBodyBytes: number;
  /** SigV4 keys; authentication is on when any is configured. */
  authKeys: Map<string, AccessKey>;
  /** Requests per second per account; 0 turns throttling off. */
  rateLimitPerSecond: number;
  /** SQLite durability: NORMAL survives a killed process, FULL also a power cut (an fsync per commit). */
  sqliteSynchronous: 'FULL' | 'NORMAL';
  maxConfigurationSets: number;
  /** Max of each DescribeAccountLimits entry besides CONFIGURATION_SETS, and the per-pool and per-number quotas. */
  accountLimits: AccountLimitMaxima;
  /** MaxLimit of each monthly spend limit, in whole US dollars (DescribeSpendLimits; overrides may not exceed it). */
  spendLimits: SpendLimitMaxima;
  /** Milliseconds a requested phone number stays PENDING before it is ACTIVE. */
  phoneNumberActivationMs: number;
  /** Milliseconds a released phone number is still described as DELETED before it is gone. */
  releasedPhoneNumberRetentionMs: number;
  /** Milliseconds a submitted registration version takes to be reviewed (REVIEWING from half-time, then APPROVED or DENIED). */
  registrationReviewMs: number;
  /** Milliseconds a new notify configuration is validated (PENDING) before it is ACTIVE or REJECTED. */
  notifyConfigurationReviewMs: number;
  /** Milliseconds a destination number verification code can be used (VerifyDestinationNumber), from when it was sent. */
  verificationCodeLifetimeMs: number;
  /** Account id -> ACCOUNT_TIER value (DescribeAccountAttributes); other accounts get `defaultAccountTier`. */
  accountTiers: Record<string, AccountTier>;
  defaultAccountTier: AccountTier;
  /** pino level of the server's log (JSON lines on stdout). */
  logLevel: LogLevel;
  /** Milliseconds between the events of one message. */
  eventStepDelayMs: number;
  /** Longest wait between looks at the outbox. */
  eventPollMs: number;
  eventLeaseMs: number;
  eventRetryBaseMs: number;
  eventRetryMaxMs: number;
  /** One delivery call slower than this counts as a failed attempt. */
  eventDeliveryTimeoutMs: number;
  /** Deliveries still failing after this long are marked failed. */
  eventMaxDeliveryAgeMs: number;
  /** Where events of each destination kind go; a kind without an endpoint is captured locally. */
  sinkEndpoints: SinkEndpoints;
  /** Names this process as a lease owner in the outbox. */
  nodeId: string;
  /** A JSON file of resources to create at start-up when absent (see src/seed.ts); none when undefined. */
  seedFile: string | undefined;
  /** After SIGTERM (or stop()), how long requests in flight may take before their connections are closed. */
  shutdownGraceMs: number;
  /** How many /_local/stream connections may be open at once; more are refused (503). */
  streamMaxConnections: number;
}

/** The CLI's defaults (start() differs only in logging at `warn`). */
export const defaultConfig: Config = {
  port: 4566,
  host: '127.0.0.1',
  databaseUrl: 'sqlite:./data/sms-voice-local.db',
  defaultRegion: 'us-east-1',
  defaultAccountId: '123456789012',
  accounts: {},
  maxBodyBytes: 4 * 1024 * 1024,
  authKeys: new Map(),
  rateLimitPerSecond: 0,
  sqliteSynchronous: 'NORMAL',
  maxConfigurationSets: 1000,
  accountLimits: {
    PHONE_NUMBERS: 100,
    POOLS: 100,
    SENDER_IDS: 100,
    OPT_OUT_LISTS: 100,
    REGISTRATIONS: 100,
    REGISTRATION_ATTACHMENTS: 100,
    // The only default AWS documents (CreateVerifiedDestinationNumber doc; sandbox page).
    VERIFIED_DESTINATION_NUMBERS: 10,
    ORIGINATION_IDENTITIES_PER_POOL: 100,
    // AWS does not document these defaults either (quota names KEYWORDS_PER_PHONE_NUMBER, KEYWORDS_PER_POOL).
    KEYWORDS_PER_PHONE_NUMBER: 30,
    KEYWORDS_PER_POOL: 30,
    // User Guide, protect-configuration-create.html: 25 by default (quota name PROTECT_CONFIGURATIONS_PER_ACCOUNT).
    PROTECT_CONFIGURATIONS: 25,
    // RCS agents per account: quota RCS_AGENTS_PER_ACCOUNT, default not documented.
    RCS_AGENTS: 100,
    // Notify configurations per account: 25 (User Guide, notify-quotas; quota NOTIFY_CONFIGURATIONS_PER_ACCOUNT).
    NOTIFY_CONFIGURATIONS: 25,
  },
  // AWS starts accounts at 1 USD a month; these are high enough that nobody reaches them by accident.
  spendLimits: {
    TEXT_MESSAGE_MONTHLY_SPEND_LIMIT: 10_000,
    VOICE_MESSAGE_MONTHLY_SPEND_LIMIT: 10_000,
    MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT: 10_000,
    NOTIFY_MESSAGE_MONTHLY_SPEND_LIMIT: 10_000,
  },
  phoneNumberActivationMs: 0,
  releasedPhoneNumberRetentionMs: 60_000,
  registrationReviewMs: 10_000,
  notifyConfigurationReviewMs: 0,
  // AWS does not document a code's lifetime (notes 7.3); ten minutes, as common for one-time codes.
  verificationCodeLifetimeMs: 600_000,
  accountTiers: {},
  defaultAccountTier: 'PRODUCTION',
  logLevel: 'info',
  eventStepDelayMs: 100,
  eventPollMs: 500,
  eventLeaseMs: 30_000,
  eventRetryBaseMs: 250,
  eventRetryMaxMs: 30_000,
  eventDeliveryTimeoutMs: 10_000,
  eventMaxDeliveryAgeMs: 3_600_000,
  sinkEndpoints: {},
  nodeId: `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`,
  seedFile: undefined,
  shutdownGraceMs: 5_000,
  streamMaxConnections: 100,
};

/**
 * The configurable maxima: the model's AccountLimitName values but CONFIGURATION_SETS, plus the
 * per-resource quotas ORIGINATION_IDENTITIES_PER_POOL, KEYWORDS_PER_PHONE_NUMBER and KEYWORDS_PER_POOL, and
 * the account quotas DescribeAccountLimits does not list (its names are the model's): PROTECT_CONFIGURATIONS, RCS_AGENTS and
 * NOTIFY_CONFIGURATIONS, per account and region.
 */
export type AccountLimitMaxima = Record<
  | Exclude<AccountLimitName, 'CONFIGURATION_SETS'>
  | 'ORIGINATION_IDENTITIES_PER_POOL'
  | 'KEYWORDS_PER_PHONE_NUMBER'
  | 'KEYWORDS_PER_POOL'
  | 'PROTECT_CONFIGURATIONS'
  | 'RCS_AGENTS'
  | 'NOTIFY_CONFIGURATIONS',
  number
>;

/** The MaxLimit of each spend limit the model names, in whole US dollars. */
export type SpendLimitMaxima = Record<SpendLimitName, number>;

/** DescribeAccountAttributes' ACCOUNT_TIER values (AWS leaves the literals undocumented; see the README). */
export const ACCOUNT_TIERS = ['PRODUCTION', 'SANDBOX'] as const;
export type AccountTier = (typeof ACCOUNT_TIERS)[number];

type Rules = { [K in Exclude<keyof Config, 'sinkEndpoints'>]: Rule<Config[K]> };

/** Every setting but the sink endpoints (read by sinkEndpointsFromEnv), keyed by its Config field. */
export const rules: Rules = {
  port: integer('PORT', 0, 65_535),
  host: text('HOST', 'an IP address or a host name', isHost),
  databaseUrl: { ...text('DATABASE_URL', 'memory, sqlite:<file path> or postgres://user@host:5432/db', isDatabaseUrl), redact: redactPassword },
  defaultRegion: text('DEFAULT_REGION', 'an AWS region name such as us-east-1', isRegion),
  defaultAccountId: text('DEFAULT_ACCOUNT_ID', '12 digits', isAccountId),
  accounts: accountsRule,
  maxBodyBytes: integer('MAX_BODY_BYTES', 1024, 1024 ** 3),
  authKeys: authKeysRule,
  rateLimitPerSecond: integer('RATE_LIMIT_PER_SECOND', 0, 1_000_000),
  sqliteSynchronous: oneOf('SQLITE_SYNCHRONOUS', ['FULL', 'NORMAL'] as const, (raw) => raw.toUpperCase()),
  maxConfigurationSets: integer('MAX_CONFIGURATION_SETS', 1, 1_000_000_000),
  accountLimits: pairs(
    'ACCOUNT_LIMITS',
    'comma-separated NAME=number entries, NAME one of the account limit names',
    (name, value) => (Object.hasOwn(defaultConfig.accountLimits, name) && /^\d{1,9}$/.test(value) ? [name, Number(value)] : undefined),
    (entries) => ({ ...defaultConfig.accountLimits, ...entries }) as AccountLimitMaxima,
    (value) =>
      Object.keys(defaultConfig.accountLimits).every(
        (k) => Number.isSafeInteger((value as Record<string, unknown>)[k]) && (value as Record<string, number>)[k] >= 0,
      ),
    'an object of some account limit names to whole numbers (the others keep their defaults)',
  ),
  spendLimits: pairs(
    'SPEND_LIMITS',
    'comma-separated NAME=dollars entries, NAME one of the spend limit names, dollars 0 to 1000000000',
    (name, value) => (Object.hasOwn(defaultConfig.spendLimits, name) && /^\d{1,10}$/.test(value) ? [name, Number(value)] : undefined),
    (entries) => ({ ...defaultConfig.spendLimits, ...entries }) as SpendLimitMaxima,
    (value) =>
      Object.keys(defaultConfig.spendLimits).every((k) => {
        const v = (value as Record<string, unknown>)[k];
        return Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= 1_000_000_000;
      }),
    'an object of some spend limit names to whole dollars from 0 to 1000000000 (the others keep their defaults)',
  ),
  phoneNumberActivationMs: integer('PHONE_NUMBER_ACTIVATION_MS', 0, MAX_TIMER_MS),
  releasedPhoneNumberRetentionMs: integer('RELEASED_PHONE_NUMBER_RETENTION_MS', 0, MAX_TIMER_MS),
  registrationReviewMs: integer('REGISTRATION_REVIEW_MS', 0, MAX_TIMER_MS),
  notifyConfigurationReviewMs: integer('NOTIFY_CONFIGURATION_REVIEW_MS', 0, MAX_TIMER_MS),
  verificationCodeLifetimeMs: integer('VERIFICATION_CODE_LIFETIME_MS', 1, MAX_TIMER_MS),
  accountTiers: pairs(
    'ACCOUNT_TIERS',
    'comma-separated 123456789012=PRODUCTION or =SANDBOX entries',
    (account, tier) => (isAccountId(account) && (ACCOUNT_TIERS as readonly string[]).includes(tier.toUpperCase()) ? [account, tier.toUpperCase()] : undefined),
    (entries) => entries as Record<string, AccountTier>,
    (value) => Object.entries(value).every(([a, t]) => isAccountId(a) && (ACCOUNT_TIERS as readonly string[]).includes(t)),
    'an object of 12-digit account id to PRODUCTION or SANDBOX',
  ),
  defaultAccountTier: oneOf('DEFAULT_ACCOUNT_TIER', ACCOUNT_TIERS, (raw) => raw.toUpperCase()),
  seedFile: {
    env: 'SEED_FILE',
    allowed: 'the path of a JSON seed file',
    parse: (raw) => raw,
    valid: (value) => value === undefined || (typeof value === 'string' && value !== ''),
  },
  logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, (raw) => raw.toLowerCase()),
  eventStepDelayMs: integer('EVENT_STEP_DELAY_MS', 0, MAX_TIMER_MS),
  eventPollMs: integer('EVENT_POLL_MS', 1, MAX_TIMER_MS),
  eventLeaseMs: integer('EVENT_LEASE_MS', 100, MAX_TIMER_MS),
  eventRetryBaseMs: integer('EVENT_RETRY_BASE_MS', 1, MAX_TIMER_MS),
  eventRetryMaxMs: integer('EVENT_RETRY_MAX_MS', 1, MAX_TIMER_MS),
  eventDeliveryTimeoutMs: integer('EVENT_DELIVERY_TIMEOUT_MS', 1, MAX_TIMER_MS),
  eventMaxDeliveryAgeMs: integer('EVENT_MAX_DELIVERY_AGE_MS', 1, MAX_TIMER_MS),
  nodeId: text('NODE_ID', '1 to 128 printable characters without spaces', isNodeId),
  shutdownGraceMs: integer('SHUTDOWN_GRACE_MS', 0, MAX_TIMER_MS),
  streamMaxConnections: integer('STREAM_MAX_CONNECTIONS', 1, 10_000),
};

const ENDPOINT_VARIABLES = { sns: 'AWS_ENDPOINT_URL_SNS', firehose: 'AWS_ENDPOINT_URL_FIREHOSE', cloudwatchLogs: 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS' } as const;
const ENDPOINT_ALLOWED = 'is not allowed: use an http:// or https:// URL';

/**
 * Sink endpoints as the AWS SDKs name them: AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL.
 * @throws ConfigError naming the variable when one is set to something other than an http(s) URL
 */
export function sinkEndpointsFromEnv(env: NodeJS.ProcessEnv): SinkEndpoints {
  for (const name of ['AWS_ENDPOINT_URL', ...Object.values(ENDPOINT_VARIABLES)]) {
    const raw = env[name];
    if (raw && !isEndpointUrl(raw)) throw new ConfigError(name, JSON.stringify(raw), ENDPOINT_ALLOWED);
  }
  const pick = (name: string) => env[name] || env.AWS_ENDPOINT_URL || undefined;
  return { sns: pick(ENDPOINT_VARIABLES.sns), firehose: pick(ENDPOINT_VARIABLES.firehose), cloudwatchLogs: pick(ENDPOINT_VARIABLES.cloudwatchLogs) };
}

const show = (value: unknown): string => (value instanceof Map ? `{${[...value.keys()].join(', ')}}` : (JSON.stringify(value) ?? String(value)));

/**
 * Checks every value of a typed configuration (what start() is given), naming settings with
 * `nameOf` (by default the Config field, as start()'s options are named).
 * @throws ConfigError for the first value that is not allowed
 */
export function checkConfig(config: Config, nameOf: (field: keyof Config) => string = (field) => field): void {
  for (const [field, rule] of Object.entries(rules) as [keyof Rules, Rule<unknown>][]) {
    const value = config[field];
    if (!rule.valid(value)) {
      const shown = typeof value === 'string' && rule.redact ? JSON.stringify(rule.redact(value)) : show(value);
      throw new ConfigError(nameOf(field), shown, `is not allowed: use ${rule.typedAllowed ?? rule.allowed}`);
    }
  }
  const endpoints: unknown = config.sinkEndpoints ?? {};
  if (!isPlainObject(endpoints) || Object.keys(endpoints).some((kind) => !Object.hasOwn(ENDPOINT_VARIABLES, kind))) {
    throw new ConfigError(
      nameOf('sinkEndpoints'),
      show(endpoints),
      'is not allowed: use an object with sns, firehose and cloudwatchLogs endpoint URLs, each optional',
    );
  }
  for (const [kind, endpoint] of Object.entries(endpoints)) {
    if (endpoint !== undefined && !isEndpointUrl(endpoint as string))
      throw new ConfigError(`${nameOf('sinkEndpoints')}.${kind}`, show(endpoint), ENDPOINT_ALLOWED);
  }
  if (config.eventRetryMaxMs < config.eventRetryBaseMs) {
    throw new ConfigError(
      nameOf('eventRetryMaxMs'),
      show(config.eventRetryMaxMs),
      `is not allowed: use at least ${nameOf('eventRetryBaseMs')} (${config.eventRetryBaseMs})`,
    );
  }
}

/**
 * An option of start() as its Config value: a list setting (accounts, authKeys, accountLimits,
 * spendLimits, accountTiers) may also be given as its variable's text, read as the variable is; a
 * plain object of some limits is completed with the defaults, as the variable's text is.
 * @throws ConfigError naming the option when its text is not allowed
 */
export function optionValue(field: string, value: unknown): unknown {
  const rule = rules[field as keyof Rules] as Rule<unknown> | undefined;
  if (!rule || typeof defaultConfig[field as keyof Config] !== 'object') return value;
  if (typeof value === 'string') {
    const shown = JSON.stringify(rule.redact ? rule.redact(value) : value);
    let parsed: unknown;
    try {
      parsed = rule.parse(value);
    } catch (error) {
      throw error instanceof SettingProblem ? new ConfigError(field, shown, error.message) : error;
    }
    if (parsed === undefined) throw new ConfigError(field, shown, `is not allowed: use ${rule.typedAllowed ?? rule.allowed}`);
    return parsed;
  }
  return rule.complete && isPlainObject(value) ? rule.complete(value) : value;
}

/**
 * How a message names a Config field: its environment variable, or the flag that gave it
 * (`labels` maps variables to flags, e.g. `{ PORT: '--port' }`).
 */
export function settingName(field: string, labels: Record<string, string> = {}): string {
  const env = field === 'sinkEndpoints' ? 'AWS_ENDPOINT_URL' : rules[field as keyof Rules]?.env;
  return env === undefined ? field : (labels[env] ?? env);
}

/**
 * The configuration from environment variables (an empty or missing variable takes its
 * default), every value checked.
 * @param labels variables that came from a flag, e.g. `{ PORT: '--port' }`, so messages name the flag
 * @throws ConfigError naming the variable (or flag), its value and what is allowed
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env, labels: Record<string, string> = {}): Config {
  const config: Record<string, unknown> = { ...defaultConfig };
  for (const [field, rule] of Object.entries(rules) as [keyof Rules, Rule<unknown>][]) {
    const raw = env[rule.env];
    if (raw === undefined || raw === '') continue;
    const shown = JSON.stringify(rule.redact ? rule.redact(raw) : raw);
    let value: unknown;
    try {
      value = rule.parse(raw);
    } catch (error) {
      if (error instanceof SettingProblem) throw new ConfigError(labels[rule.env] ?? rule.env, shown, error.message);
      throw error;
    }
    if (value === undefined || !rule.valid(value)) {
      throw new ConfigError(labels[rule.env] ?? rule.env, shown, `is not allowed: use ${rule.allowed}`);
    }
    config[field] = value;
  }
  config.sinkEndpoints = sinkEndpointsFromEnv(env);
  checkConfig(config as unknown as Config, (field) => settingName(field, labels));
  return config as unknown as Config;
}
