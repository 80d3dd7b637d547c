import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configFromEnv, defaultConfig, parseAccounts } from './config.js';
import { scopeFromAuthorization } from '../http/identity.js';
import { redactPassword } from '../app.js';

test('defaults apply when the environment is empty', () => {
  assert.deepEqual(configFromEnv({}), { ...defaultConfig, sinkEndpoints: { sns: undefined, firehose: undefined, cloudwatchLogs: undefined } });
});

test('sink endpoints follow the AWS SDK variables, the service-specific one first', () => {
  const config = configFromEnv({ AWS_ENDPOINT_URL: 'http://all:1', AWS_ENDPOINT_URL_SNS: 'http://sns:2' });
  assert.deepEqual(config.sinkEndpoints, { sns: 'http://sns:2', firehose: 'http://all:1', cloudwatchLogs: 'http://all:1' });
});

test('environment values are parsed and checked', () => {
  const config = configFromEnv({ PORT: '0', DATABASE_URL: 'memory', ACCOUNTS: 'AKID1=111111111111, AKID2=222222222222' });
  assert.equal(config.port, 0);
  assert.equal(config.databaseUrl, 'memory');
  assert.deepEqual(config.accounts, { AKID1: '111111111111', AKID2: '222222222222' });
  assert.throws(() => configFromEnv({ PORT: 'eighty' }), /PORT/);
  assert.throws(() => parseAccounts('AKID=12'), /ACCOUNTS/);
  assert.throws(() => configFromEnv({ DEFAULT_ACCOUNT_ID: 'abc' }), /DEFAULT_ACCOUNT_ID/);
});

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
