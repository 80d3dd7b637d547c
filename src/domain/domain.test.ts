import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationException } from '../generated/errors.js';
import { buildArn, nameFromNameOrArn, parseArn, partitionOf } from './arn.js';
import { decodeNextToken, encodeNextToken } from './pagination.js';
import { MAX_TIMESTAMP_SECONDS, parseTimeText } from './clock.js';
import { canonicalJson, requestHash } from './request-hash.js';
import { uuidV7 } from './ids.js';

const scope = { accountId: '123456789012', region: 'eu-west-2' };

describe('ARNs', () => {
  test('build and parse round-trip with partition, region and account', () => {
    const arn = buildArn(scope, 'configuration-set', 'orders');
    assert.equal(arn, 'arn:aws:sms-voice:eu-west-2:123456789012:configuration-set/orders');
    assert.deepEqual(parseArn(arn), {
      partition: 'aws',
      service: 'sms-voice',
      region: 'eu-west-2',
      accountId: '123456789012',
      resourceType: 'configuration-set',
      resourceId: 'orders',
    });
    assert.equal(partitionOf('cn-north-1'), 'aws-cn');
    assert.equal(partitionOf('us-gov-west-1'), 'aws-us-gov');
    assert.equal(parseArn('arn:aws:sms-voice'), undefined);
  });

  test('a name or an own ARN resolves to the name; a foreign ARN or another type does not', () => {
    assert.equal(nameFromNameOrArn('orders', 'configuration-set', scope), 'orders');
    assert.equal(nameFromNameOrArn(buildArn(scope, 'configuration-set', 'orders'), 'configuration-set', scope), 'orders');
    assert.equal(nameFromNameOrArn(buildArn({ ...scope, accountId: '999999999999' }, 'configuration-set', 'o'), 'configuration-set', scope), undefined);
    assert.equal(nameFromNameOrArn(buildArn({ ...scope, region: 'us-east-1' }, 'configuration-set', 'o'), 'configuration-set', scope), undefined);
    assert.equal(nameFromNameOrArn(buildArn(scope, 'pool', 'o'), 'configuration-set', scope), undefined);
    assert.equal(nameFromNameOrArn('arn:aws:sns:eu-west-2:123456789012:configuration-set/o', 'configuration-set', scope), undefined);
  });
});

describe('NextToken', () => {
  test('round-trips a key position, and is opaque', () => {
    const token = encodeNextToken('DescribeConfigurationSets', 'set-42');
    assert.doesNotMatch(token, /set-42/);
    assert.equal(decodeNextToken('DescribeConfigurationSets', token), 'set-42');
  });

  test('is bound to the list it pages', () => {
    const token = encodeNextToken('DescribeNotifyTemplates', 'a');
    assert.throws(
      () => decodeNextToken('ListNotifyCountries', token),
      (e: unknown) => e instanceof ValidationException && e.members.Reason === 'INVALID_NEXT_TOKEN',
    );
  });

  test('anything else is ValidationException INVALID_NEXT_TOKEN', () => {
    for (const bad of [
      'x',
      `${encodeNextToken('L', 'a')}x`,
      Buffer.from('{"v":2,"after":"a"}').toString('base64url'),
      Buffer.from('[]').toString('base64url'),
    ]) {
      assert.throws(
        () => decodeNextToken('L', bad),
        (e: unknown) => e instanceof ValidationException && e.members.Reason === 'INVALID_NEXT_TOKEN',
      );
    }
  });
});

describe('request fingerprint for ClientToken', () => {
  test('ignores key order, absent members and the token itself', () => {
    const a = requestHash('Op', { B: 1, A: { y: [1, 2], x: 'v' }, ClientToken: 't1' }, 'ClientToken');
    const b = requestHash('Op', { A: { x: 'v', y: [1, 2] }, B: 1, C: null, ClientToken: 't2' }, 'ClientToken');
    assert.equal(a, b);
  });

  test('differs when any member or the operation differs', () => {
    const base = requestHash('Op', { A: [1, 2] }, 'ClientToken');
    assert.notEqual(requestHash('Op', { A: [2, 1] }, 'ClientToken'), base);
    assert.notEqual(requestHash('Other', { A: [1, 2] }, 'ClientToken'), base);
    assert.equal(canonicalJson({ b: 1, a: [true, 'x'] }), '{"a":[true,"x"],"b":1}');
  });
});

describe('time text (filter values)', () => {
  test('takes epoch seconds and ISO 8601 dates and date-times', () => {
    assert.equal(parseTimeText('1767225600'), 1767225600000);
    assert.equal(parseTimeText('1767225600.5'), 1767225600500);
    assert.equal(parseTimeText('2026-01-01'), Date.UTC(2026, 0, 1));
    assert.equal(parseTimeText('2026-02-28T23:59:59Z'), Date.UTC(2026, 1, 28, 23, 59, 59));
    assert.equal(parseTimeText('2028-02-29T00:00:00+01:00'), Date.UTC(2028, 1, 28, 23));
    assert.equal(parseTimeText('9999-12-31T23:59:59Z'), MAX_TIMESTAMP_SECONDS * 1000);
  });

  test('refuses dates the calendar does not have, instead of rolling them over, and times past 9999', () => {
    for (const bad of [
      '2026-02-30T00:00:00Z',
      '2026-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-01T24:00:00Z',
      '999999999999',
      '10000-01-01',
      'soon',
    ]) {
      assert.equal(parseTimeText(bad), undefined, bad);
    }
  });
});

describe('message ids (UUID version 7)', () => {
  test('the first 48 bits are the time in milliseconds, then version 7 and variant 10; the rest is random', () => {
    const at = Date.UTC(2026, 10, 29, 18, 0, 0, 123);
    const id = uuidV7(at);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16), at);
    assert.notEqual(uuidV7(at), id);
  });

  test('ids of later milliseconds sort after earlier ones, as text', () => {
    const ids = [0, 1, 255, 256, 65_536, 2 ** 40, Date.now()].map((ms) => uuidV7(ms));
    assert.deepEqual([...ids].sort(), ids);
  });
});
