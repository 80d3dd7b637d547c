// Typed configuration from the environment, with defaults. Every knob is in the README's table.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { sinkEndpointsFromEnv, type SinkEndpoints } from '../events/sinks/registry.js';
import { parseAccessKeys, type AccessKey } from '../http/access-keys.js';
import type { AccountLimitName } from '../generated/types.js';

export interface Config {
  port: number;
  host: string;
  /** `sqlite:<path>` or `memory`. */
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
  /** Max of each DescribeAccountLimits entry besides CONFIGURATION_SETS, and ORIGINATION_IDENTITIES_PER_POOL. */
  accountLimits: AccountLimitMaxima;
  /** Milliseconds a requested phone number stays PENDING before it is ACTIVE. */
  phoneNumberActivationMs: number;
  /** Milliseconds a released phone number is still described as DELETED before it is gone. */
  releasedPhoneNumberRetentionMs: number;
  /** Account id -> ACCOUNT_TIER value (DescribeAccountAttributes); other accounts get `defaultAccountTier`. */
  accountTiers: Record<string, string>;
  defaultAccountTier: string;
  logLevel: string;
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
  seedFile?: string;
}

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
  },
  phoneNumberActivationMs: 0,
  releasedPhoneNumberRetentionMs: 60_000,
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
};

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  return value;
}

const ACCOUNT_ID = /^\d{12}$/;

/** The configurable maxima: the model's AccountLimitName values but CONFIGURATION_SETS, plus ORIGINATION_IDENTITIES_PER_POOL. */
export type AccountLimitMaxima = Record<
  Exclude<AccountLimitName, 'CONFIGURATION_SETS'> | 'ORIGINATION_IDENTITIES_PER_POOL',
  number
>;

/** Parses `PHONE_NUMBERS=5,POOLS=2` over the defaults; an unknown name or a bad number throws. */
export function parseAccountLimits(raw: string | undefined): AccountLimitMaxima {
  const limits = { ...defaultConfig.accountLimits };
  for (const pair of (raw ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name, value] = pair.split('=').map((p) => p.trim());
    if (!Object.hasOwn(limits, name) || !/^\d+$/.test(value ?? '')) {
      throw new Error(`ACCOUNT_LIMITS entries look like NAME=number with NAME one of ${Object.keys(limits).join(', ')}; got ${JSON.stringify(pair)}`);
    }
    limits[name as keyof AccountLimitMaxima] = Number(value);
  }
  return limits;
}

/** Parses `111111111111=SANDBOX,222222222222=PRODUCTION`. */
export function parseAccountTiers(raw: string | undefined): Record<string, string> {
  const tiers: Record<string, string> = {};
  for (const pair of (raw ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const [account, tier] = pair.split('=').map((p) => p.trim());
    if (!ACCOUNT_ID.test(account ?? '') || !tier) throw new Error(`ACCOUNT_TIERS entries look like 123456789012=SANDBOX; got ${JSON.stringify(pair)}`);
    tiers[account] = tier;
  }
  return tiers;
}

function synchronousMode(raw: string | undefined): Config['sqliteSynchronous'] {
  if (raw === undefined || raw === '') return defaultConfig.sqliteSynchronous;
  const mode = raw.toUpperCase();
  if (mode !== 'FULL' && mode !== 'NORMAL') throw new Error(`SQLITE_SYNCHRONOUS must be FULL or NORMAL, got ${JSON.stringify(raw)}`);
  return mode;
}

/** Parses `AKID1=111111111111,AKID2=222222222222`. */
export function parseAccounts(raw: string | undefined): Record<string, string> {
  const accounts: Record<string, string> = {};
  for (const pair of (raw ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, account] = pair.split('=').map((p) => p.trim());
    if (!key || !account || !ACCOUNT_ID.test(account)) {
      throw new Error(`ACCOUNTS entries look like ACCESSKEY=123456789012; got ${JSON.stringify(pair)}`);
    }
    accounts[key] = account;
  }
  return accounts;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  const defaultAccountId = env.DEFAULT_ACCOUNT_ID || defaultConfig.defaultAccountId;
  if (!ACCOUNT_ID.test(defaultAccountId)) throw new Error('DEFAULT_ACCOUNT_ID must be 12 digits');
  return {
    port: integer(env, 'PORT', defaultConfig.port, 0),
    host: env.HOST || defaultConfig.host,
    databaseUrl: env.DATABASE_URL || defaultConfig.databaseUrl,
    defaultRegion: env.DEFAULT_REGION || defaultConfig.defaultRegion,
    defaultAccountId,
    accounts: parseAccounts(env.ACCOUNTS),
    maxBodyBytes: integer(env, 'MAX_BODY_BYTES', defaultConfig.maxBodyBytes, 1024),
    sqliteSynchronous: synchronousMode(env.SQLITE_SYNCHRONOUS),
    authKeys: parseAccessKeys(env.AUTH_KEYS),
    rateLimitPerSecond: integer(env, 'RATE_LIMIT_PER_SECOND', defaultConfig.rateLimitPerSecond, 0),
    maxConfigurationSets: integer(env, 'MAX_CONFIGURATION_SETS', defaultConfig.maxConfigurationSets, 1),
    accountLimits: parseAccountLimits(env.ACCOUNT_LIMITS),
    phoneNumberActivationMs: integer(env, 'PHONE_NUMBER_ACTIVATION_MS', defaultConfig.phoneNumberActivationMs, 0),
    releasedPhoneNumberRetentionMs: integer(env, 'RELEASED_PHONE_NUMBER_RETENTION_MS', defaultConfig.releasedPhoneNumberRetentionMs, 0),
    accountTiers: parseAccountTiers(env.ACCOUNT_TIERS),
    defaultAccountTier: env.DEFAULT_ACCOUNT_TIER || defaultConfig.defaultAccountTier,
    logLevel: env.LOG_LEVEL || defaultConfig.logLevel,
    eventStepDelayMs: integer(env, 'EVENT_STEP_DELAY_MS', defaultConfig.eventStepDelayMs, 0),
    eventPollMs: integer(env, 'EVENT_POLL_MS', defaultConfig.eventPollMs, 1),
    eventLeaseMs: integer(env, 'EVENT_LEASE_MS', defaultConfig.eventLeaseMs, 100),
    eventRetryBaseMs: integer(env, 'EVENT_RETRY_BASE_MS', defaultConfig.eventRetryBaseMs, 1),
    eventRetryMaxMs: integer(env, 'EVENT_RETRY_MAX_MS', defaultConfig.eventRetryMaxMs, 1),
    eventDeliveryTimeoutMs: integer(env, 'EVENT_DELIVERY_TIMEOUT_MS', defaultConfig.eventDeliveryTimeoutMs, 1),
    eventMaxDeliveryAgeMs: integer(env, 'EVENT_MAX_DELIVERY_AGE_MS', defaultConfig.eventMaxDeliveryAgeMs, 1),
    sinkEndpoints: sinkEndpointsFromEnv(env),
    nodeId: env.NODE_ID || defaultConfig.nodeId,
    ...(env.SEED_FILE && { seedFile: env.SEED_FILE }),
  };
}
