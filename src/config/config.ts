// Typed configuration from the environment, with defaults. Every knob is in the README's table.

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
  maxConfigurationSets: number;
  logLevel: string;
}

export const defaultConfig: Config = {
  port: 4566,
  host: '127.0.0.1',
  databaseUrl: 'sqlite:./data/sms-voice-local.db',
  defaultRegion: 'us-east-1',
  defaultAccountId: '123456789012',
  accounts: {},
  maxBodyBytes: 4 * 1024 * 1024,
  maxConfigurationSets: 1000,
  logLevel: 'info',
};

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}, got ${JSON.stringify(raw)}`);
  return value;
}

const ACCOUNT_ID = /^\d{12}$/;

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
    maxConfigurationSets: integer(env, 'MAX_CONFIGURATION_SETS', defaultConfig.maxConfigurationSets, 1),
    logLevel: env.LOG_LEVEL || defaultConfig.logLevel,
  };
}
