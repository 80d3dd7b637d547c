import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConflictException, InternalServerException, ThrottlingException } from '../generated/errors.js';
import { toServiceError, writeError } from './error-writer.js';
import { decodeRequest, nestsDeeperThan } from './json10.js';
import { FrameworkError } from './framework-errors.js';

describe('error writer', () => {
  test('writes status, x-amzn-ErrorType, __type, message, Message and the modelled members', () => {
    const wire = writeError(
      new ConflictException({ message: 'exists', Reason: 'RESOURCE_ALREADY_EXISTS', ResourceType: 'configuration-set', ResourceId: 'a' }),
    );
    assert.equal(wire.status, 400);
    assert.equal(wire.headers['x-amzn-errortype'], 'ConflictException');
    assert.equal(wire.headers['content-type'], 'application/x-amz-json-1.0');
    assert.deepEqual(JSON.parse(wire.body), {
      __type: 'ConflictException',
      message: 'exists',
      Message: 'exists',
      Reason: 'RESOURCE_ALREADY_EXISTS',
      ResourceType: 'configuration-set',
      ResourceId: 'a',
    });
  });

  test('the server fault is 500; throttling is a retryable client fault', () => {
    assert.equal(writeError(new InternalServerException({ message: 'x', RequestId: 'r' })).status, 500);
    const throttling = new ThrottlingException({ message: 'slow down' });
    assert.equal(throttling.status, 400);
    assert.equal(throttling.throttling, true);
  });

  test('an unexpected error becomes InternalServerException with the request id and no stack', () => {
    const error = toServiceError(new TypeError('secret internals'), 'req-1');
    const body = JSON.parse(writeError(error).body);
    assert.deepEqual(body, {
      __type: 'InternalServerException',
      message: 'An internal error occurred',
      Message: 'An internal error occurred',
      RequestId: 'req-1',
    });
  });
});

describe('JSON 1.0 decoding', () => {
  test('nestsDeeperThan counts object and array levels, iteratively', () => {
    assert.equal(nestsDeeperThan({}, 1), false);
    assert.equal(nestsDeeperThan({ a: { b: 1 } }, 2), false);
    assert.equal(nestsDeeperThan({ a: { b: 1 } }, 1), true);
    assert.equal(nestsDeeperThan({ a: [1, [2]] }, 2), true);
    assert.equal(nestsDeeperThan({ a: 'x', b: [1, 2], c: { d: null } }, 2), false);
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = { a: deep };
    assert.equal(nestsDeeperThan(deep, 100), true);
  });

  const target = 'PinpointSMSVoiceV2.DescribeConfigurationSets';

  test('routes on the target and parses an object body', () => {
    const decoded = decodeRequest(target, 'application/x-amz-json-1.0', Buffer.from('{"MaxResults":5}'));
    assert.equal(decoded.operation.name, 'DescribeConfigurationSets');
    assert.deepEqual(decoded.input, { MaxResults: 5 });
  });

  test('protocol faults are typed 4xx framework errors', () => {
    const code = (fn: () => unknown) => {
      try {
        fn();
      } catch (e) {
        assert.ok(e instanceof FrameworkError);
        assert.ok(e.status >= 400 && e.status < 500);
        return e.code;
      }
      assert.fail('expected a framework error');
    };
    assert.equal(
      code(() => decodeRequest(undefined, undefined, Buffer.from('{}'))),
      'UnknownOperationException',
    );
    assert.equal(
      code(() => decodeRequest('PinpointSMSVoiceV2.constructor', undefined, Buffer.from('{}'))),
      'UnknownOperationException',
    );
    assert.equal(
      code(() => decodeRequest(target, 'text/plain', Buffer.from('{}'))),
      'UnsupportedMediaTypeException',
    );
    assert.equal(
      code(() => decodeRequest(target, undefined, Buffer.from('{'))),
      'SerializationException',
    );
    assert.equal(
      code(() => decodeRequest(target, undefined, Buffer.from('[1]'))),
      'SerializationException',
    );
  });
});
