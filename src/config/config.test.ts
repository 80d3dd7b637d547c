import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, checkConfig, configFromEnv, defaultConfig, redactPassword, settingName } from './config.js';
import { scopeFromAuthorization } from '../http/identity.js';

test('defaults apply when the environment is empty', () => {
  assert.deepEqual(configFromEnv({}), { ...defaultConfig, sinkEndpoints: { sns: undefined, firehose: undefined, cloudwatchLogs: undefined } });
  checkConfig(defaultConfig);
});

test('sink endpoints follow the AWS SDK variables, the service-specific one first', () => {
  const config = configFromEnv({ AWS_ENDPOINT_URL: 'http://all:1', AWS_ENDPOINT_URL_SNS: 'http://sns:2' });
  assert.deepEqual(config.sinkEndpoints, { sns: 'http://sns:2', firehose: 'http://all:1', cloudwatchLogs: 'http://all:1' });
});

test('allowed environment values are parsed', () => {
  const config = configFromEnv({
    PORT: '0',
    HOST: '::1',
    DATABASE_URL: 'postgres://app:pw@db:5432/sms',
    ACCOUNTS: 'AKID1=111111111111, AKID2=222222222222',
    AUTH_KEYS: 'AKID:secret:111111111111,AKID2:other',
    SQLITE_SYNCHRONOUS: 'full',
    LOG_LEVEL: 'WARN',
    DEFAULT_REGION: 'us-gov-west-1',
    SHUTDOWN_GRACE_MS: '0',
    PORT_UNUSED: 'x',
  });
  assert.equal(config.port, 0);
  assert.equal(config.host, '::1');
  assert.equal(config.databaseUrl, 'postgres://app:pw@db:5432/sms');
  assert.deepEqual(config.accounts, { AKID1: '111111111111', AKID2: '222222222222' });
  assert.deepEqual([...config.authKeys.keys()], ['AKID', 'AKID2']);
  assert.equal(config.sqliteSynchronous, 'FULL');
  assert.equal(config.logLevel, 'warn');
  assert.equal(config.defaultRegion, 'us-gov-west-1');
  assert.equal(config.shutdownGraceMs, 0);
});

// Each row: environment, and the one message configFromEnv must throw.
const rejected: [Record<string, string>, string][] = [
  [{ PORT: '99999' }, 'PORT "99999" is not allowed: use an integer from 0 to 65535'],
  [{ PORT: '-1' }, 'PORT "-1" is not allowed: use an integer from 0 to 65535'],
  [{ PORT: '80.5' }, 'PORT "80.5" is not allowed: use an integer from 0 to 65535'],
  [{ PORT: '1e3' }, 'PORT "1e3" is not allowed: use an integer from 0 to 65535'],
  [{ PORT: 'eighty' }, 'PORT "eighty" is not allowed: use an integer from 0 to 65535'],
  [{ HOST: 'not a host' }, 'HOST "not a host" is not allowed: use an IP address or a host name'],
  [{ DATABASE_URL: 'mysql://db/sms' }, 'DATABASE_URL "mysql://db/sms" is not allowed: use memory, sqlite:<file path> or postgres://user@host:5432/db'],
  [{ DATABASE_URL: 'sqlite:' }, 'DATABASE_URL "sqlite:" is not allowed: use memory, sqlite:<file path> or postgres://user@host:5432/db'],
  [{ DATABASE_URL: './data/x.db' }, 'DATABASE_URL "./data/x.db" is not allowed: use memory, sqlite:<file path> or postgres://user@host:5432/db'],
  [{ DATABASE_URL: 'postgres://u:secret@' }, 'DATABASE_URL "postgres://u:***@" is not allowed: use memory, sqlite:<file path> or postgres://user@host:5432/db'],
  [{ DEFAULT_REGION: 'US East' }, 'DEFAULT_REGION "US East" is not allowed: use an AWS region name such as us-east-1'],
  [{ DEFAULT_ACCOUNT_ID: 'abc' }, 'DEFAULT_ACCOUNT_ID "abc" is not allowed: use 12 digits'],
  [{ ACCOUNTS: 'AKID=12' }, 'ACCOUNTS "AKID=12" is not allowed: use comma-separated ACCESSKEY=123456789012 entries'],
  [{ AUTH_KEYS: 'AKID:topsecret:12' }, 'AUTH_KEYS "AKID:***:12" is not allowed: use comma-separated ACCESSKEY:SECRET or ACCESSKEY:SECRET:123456789012 entries'],
  [{ MAX_BODY_BYTES: '100' }, 'MAX_BODY_BYTES "100" is not allowed: use an integer from 1024 to 1073741824'],
  [{ RATE_LIMIT_PER_SECOND: '-5' }, 'RATE_LIMIT_PER_SECOND "-5" is not allowed: use an integer from 0 to 1000000'],
  [{ SQLITE_SYNCHRONOUS: 'OFF' }, 'SQLITE_SYNCHRONOUS "OFF" is not allowed: use one of FULL, NORMAL'],
  [{ MAX_CONFIGURATION_SETS: '0' }, 'MAX_CONFIGURATION_SETS "0" is not allowed: use an integer from 1 to 1000000000'],
  [{ LOG_LEVEL: 'verbose' }, 'LOG_LEVEL "verbose" is not allowed: use one of fatal, error, warn, info, debug, trace, silent'],
  [{ EVENT_STEP_DELAY_MS: '1.5' }, 'EVENT_STEP_DELAY_MS "1.5" is not allowed: use an integer from 0 to 2147483647'],
  [{ EVENT_POLL_MS: '0' }, 'EVENT_POLL_MS "0" is not allowed: use an integer from 1 to 2147483647'],
  [{ EVENT_POLL_MS: '3000000000' }, 'EVENT_POLL_MS "3000000000" is not allowed: use an integer from 1 to 2147483647'],
  [{ EVENT_LEASE_MS: '10' }, 'EVENT_LEASE_MS "10" is not allowed: use an integer from 100 to 2147483647'],
  [{ EVENT_RETRY_BASE_MS: 'x' }, 'EVENT_RETRY_BASE_MS "x" is not allowed: use an integer from 1 to 2147483647'],
  [{ EVENT_RETRY_BASE_MS: '500', EVENT_RETRY_MAX_MS: '100' }, 'EVENT_RETRY_MAX_MS 100 is not allowed: use at least EVENT_RETRY_BASE_MS (500)'],
  [{ EVENT_DELIVERY_TIMEOUT_MS: '0' }, 'EVENT_DELIVERY_TIMEOUT_MS "0" is not allowed: use an integer from 1 to 2147483647'],
  [{ EVENT_MAX_DELIVERY_AGE_MS: '-1' }, 'EVENT_MAX_DELIVERY_AGE_MS "-1" is not allowed: use an integer from 1 to 2147483647'],
  [{ NODE_ID: 'two words' }, 'NODE_ID "two words" is not allowed: use 1 to 128 printable characters without spaces'],
  [{ SHUTDOWN_GRACE_MS: '-1' }, 'SHUTDOWN_GRACE_MS "-1" is not allowed: use an integer from 0 to 2147483647'],
  [{ AWS_ENDPOINT_URL: 'localhost:5000' }, 'AWS_ENDPOINT_URL "localhost:5000" is not allowed: use an http:// or https:// URL'],
  [{ AWS_ENDPOINT_URL_SNS: 'ftp://x' }, 'AWS_ENDPOINT_URL_SNS "ftp://x" is not allowed: use an http:// or https:// URL'],
];

for (const [env, message] of rejected) {
  test(`configFromEnv rejects ${JSON.stringify(env)}`, () => {
    assert.throws(
      () => configFromEnv(env),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.message, message);
        return true;
      },
    );
  });
}

test('a value given by a flag is named by the flag', () => {
  assert.throws(() => configFromEnv({ PORT: '99999' }, { PORT: '--port' }), { message: '--port "99999" is not allowed: use an integer from 0 to 65535' });
  assert.equal(settingName('databaseUrl', { DATABASE_URL: '--database-url' }), '--database-url');
  assert.equal(settingName('databaseUrl'), 'DATABASE_URL');
});

// Each row: typed options (as start() takes them), and the message checkConfig must throw.
const rejectedOptions: [Partial<typeof defaultConfig>, string][] = [
  [{ port: 70000 }, 'port 70000 is not allowed: use an integer from 0 to 65535'],
  [{ port: 1.5 }, 'port 1.5 is not allowed: use an integer from 0 to 65535'],
  [{ port: '80' as unknown as number }, 'port "80" is not allowed: use an integer from 0 to 65535'],
  [{ logLevel: 'loud' as never }, 'logLevel "loud" is not allowed: use one of fatal, error, warn, info, debug, trace, silent'],
  [{ databaseUrl: 'postgres://u:pw@/x' }, 'databaseUrl "postgres://u:***@/x" is not allowed: use memory, sqlite:<file path> or postgres://user@host:5432/db'],
  [
    { accounts: { AKID: '1' } },
    'accounts {"AKID":"1"} is not allowed: use an object of access key id to 12-digit account id, or the ACCOUNTS text (comma-separated ACCESSKEY=123456789012 entries)',
  ],
  [
    { authKeys: new Map([['AKID', { secretAccessKey: '' }]]) },
    'authKeys {AKID} is not allowed: use a Map of access key id to { secretAccessKey, accountId? }, or the AUTH_KEYS text (comma-separated ACCESSKEY:SECRET or ACCESSKEY:SECRET:123456789012 entries)',
  ],
  // A Map where an object is taken is refused, never read as empty.
  [
    { accountTiers: new Map([['222222222222', 'SANDBOX']]) as never },
    'accountTiers {222222222222} is not allowed: use an object of 12-digit account id to PRODUCTION or SANDBOX, or the ACCOUNT_TIERS text (comma-separated 123456789012=PRODUCTION or =SANDBOX entries)',
  ],
  [
    { spendLimits: { ...defaultConfig.spendLimits, SMS: 5 } as never },
    `spendLimits ${JSON.stringify({ ...defaultConfig.spendLimits, SMS: 5 })} is not allowed: use an object of some spend limit names to whole dollars from 0 to 1000000000 (the others keep their defaults), or the SPEND_LIMITS text (comma-separated NAME=dollars entries, NAME one of the spend limit names, dollars 0 to 1000000000)`,
  ],
  [
    { sinkEndpoints: { sqs: 'http://localhost:4566' } as never },
    'sinkEndpoints {"sqs":"http://localhost:4566"} is not allowed: use an object with sns, firehose and cloudwatchLogs endpoint URLs, each optional',
  ],
  [{ shutdownGraceMs: -1 }, 'shutdownGraceMs -1 is not allowed: use an integer from 0 to 2147483647'],
  [{ sinkEndpoints: { sns: 'nowhere' } }, 'sinkEndpoints.sns "nowhere" is not allowed: use an http:// or https:// URL'],
];

for (const [options, message] of rejectedOptions) {
  test(`checkConfig rejects ${JSON.stringify(options)}`, () => {
    assert.throws(() => checkConfig({ ...defaultConfig, ...options }), { name: 'ConfigError', message });
  });
}

test('the SigV4 credential scope decides the region, and the access key the account', () => {
  const identity = { defaultRegion: 'us-east-1', defaultAccountId: '123456789012', accounts: { AKIDTEAM: '111111111111' } };
  const header = (key: string, region: string) =>
    `AWS4-HMAC-SHA256 Credential=${key}/20261127/${region}/sms-voice/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc`;
  assert.deepEqual(scopeFromAuthorization(header('AKIDTEAM', 'ap-southeast-2'), identity), { accountId: '111111111111', region: 'ap-southeast-2' });
  assert.deepEqual(scopeFromAuthorization(header('AKIDOTHER', 'eu-west-1'), identity), { accountId: '123456789012', region: 'eu-west-1' });
  assert.deepEqual(scopeFromAuthorization(undefined, identity), { accountId: '123456789012', region: 'us-east-1' });
  assert.deepEqual(scopeFromAuthorization('Bearer nonsense', identity), { accountId: '123456789012', region: 'us-east-1' });
});

test('database passwords never reach the log', () => {
  assert.equal(redactPassword('postgres://app:s3cret@db:5432/sms'), 'postgres://app:***@db:5432/sms');
  assert.equal(redactPassword('postgres://postgres@127.0.0.1:5432/test'), 'postgres://postgres@127.0.0.1:5432/test');
  assert.equal(redactPassword('sqlite:./data/x.db'), 'sqlite:./data/x.db');
});
