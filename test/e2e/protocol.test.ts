import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { rawCall } from '../support/client.js';
import { operations } from '../../src/generated/model.js';

const T = 'PinpointSMSVoiceV2.';
let server: ServerProcess;

before(async () => {
  server = await startServer({ MAX_BODY_BYTES: '65536' });
});
after(async () => {
  await server.stop();
});

/** Every error answer: its status, AWS error header and body shape. */
function assertAwsError(res: Awaited<ReturnType<typeof rawCall>>, status: number, type: string) {
  assert.equal(res.status, status, JSON.stringify(res.json));
  assert.equal(res.headers.get('x-amzn-errortype'), type);
  assert.ok(res.headers.get('x-amzn-requestid'));
  assert.equal(res.json.__type, type);
  assert.equal(typeof res.json.message, 'string');
  assert.ok(res.json.message.length > 0);
}

describe('AWS JSON 1.0 wire protocol', () => {
  test('a success carries x-amzn-RequestId and the JSON 1.0 content type', async () => {
    const res = await rawCall(server.url, `${T}DescribeConfigurationSets`, '{}');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(res.headers.get('content-type'), 'application/x-amz-json-1.0');
    assert.deepEqual(res.json, { ConfigurationSets: [] });
  });

  test('an empty body is an empty input', async () => {
    const res = await rawCall(server.url, `${T}DescribeConfigurationSets`, '');
    assert.equal(res.status, 200);
  });

  test('malformed JSON is SerializationException 400', async () => {
    assertAwsError(await rawCall(server.url, `${T}CreateConfigurationSet`, '{"ConfigurationSetName":'), 400, 'SerializationException');
  });

  test('a body that is not an object is SerializationException 400', async () => {
    for (const body of ['[]', '"text"', '42', 'null', 'true']) {
      assertAwsError(await rawCall(server.url, `${T}CreateConfigurationSet`, body), 400, 'SerializationException');
    }
  });

  test('an unknown or missing target is UnknownOperationException 400', async () => {
    assertAwsError(await rawCall(server.url, `${T}MakeCoffee`, '{}'), 400, 'UnknownOperationException');
    assertAwsError(await rawCall(server.url, 'OtherService.CreateConfigurationSet', '{}'), 400, 'UnknownOperationException');
    assertAwsError(await rawCall(server.url, `${T}hasOwnProperty`, '{}'), 400, 'UnknownOperationException');
    assertAwsError(await rawCall(server.url, undefined, '{}'), 400, 'UnknownOperationException');
  });

  test('a wrong method is 405 and an unknown path 404, both AWS-shaped', async () => {
    assertAwsError(await rawCall(server.url, `${T}DescribeConfigurationSets`, '', { method: 'GET' }), 405, 'MethodNotAllowedException');
    assertAwsError(await rawCall(server.url, `${T}DescribeConfigurationSets`, '{}', { method: 'PUT' }), 405, 'MethodNotAllowedException');
    assertAwsError(await rawCall(server.url, `${T}DescribeConfigurationSets`, '{}', { path: '/v1/things' }), 404, 'NotFoundException');
  });

  test('headers too large for the HTTP parser still get an AWS-shaped 431', async () => {
    const res = await rawCall(server.url, `${T}${'x'.repeat(20_000)}`, '{}');
    assertAwsError(res, 431, 'RequestHeaderFieldsTooLargeException');
    assert.equal((await rawCall(server.url, `${T}DescribeConfigurationSets`, '{}')).status, 200);
  });

  test('a content type that is not JSON is 415', async () => {
    const res = await rawCall(server.url, `${T}DescribeConfigurationSets`, '{}', { headers: { 'content-type': 'text/xml' } });
    assertAwsError(res, 415, 'UnsupportedMediaTypeException');
  });

  test('a body over the limit is 413, and the server goes on answering', async () => {
    const big = JSON.stringify({ ConfigurationSetName: 'x'.repeat(70_000) });
    assertAwsError(await rawCall(server.url, `${T}CreateConfigurationSet`, big), 413, 'RequestEntityTooLargeException');
    // The same, streamed without a Content-Length, so only the running count can catch it.
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(server.url);
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/',
          headers: { 'x-amz-target': `${T}CreateConfigurationSet`, 'transfer-encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write('x'.repeat(10_000));
      req.end();
    });
    assert.equal(status, 413);
    assert.equal((await rawCall(server.url, `${T}DescribeConfigurationSets`, '{}')).status, 200);
  });

  test('validation errors carry Reason and Fields, and message in both spellings', async () => {
    const res = await rawCall(server.url, `${T}CreateEventDestination`, JSON.stringify({ ConfigurationSetName: 'bad name!', MatchingEventTypes: 'ALL' }));
    assertAwsError(res, 400, 'ValidationException');
    assert.equal(res.json.Message, res.json.message);
    assert.equal(res.json.Reason, 'FIELD_VALIDATION_FAILED');
    assert.deepEqual(res.json.Fields.map((f: { Name: string }) => f.Name).sort(), ['ConfigurationSetName', 'EventDestinationName', 'MatchingEventTypes']);
    for (const field of res.json.Fields) assert.equal(typeof field.Message, 'string');
  });

  test('wrong JSON types are validation failures, never server errors', async () => {
    const cases: Record<string, unknown>[] = [
      { ConfigurationSetName: 5 },
      { ConfigurationSetName: 'a', Tags: 'not-a-list' },
      { ConfigurationSetName: 'a', Tags: [null] },
      { ConfigurationSetName: 'a', Tags: [{ Key: 1, Value: {} }] },
      { ConfigurationSetName: ['a'] },
      { ConfigurationSetName: { a: 1 } },
    ];
    for (const body of cases) {
      const res = await rawCall(server.url, `${T}CreateConfigurationSet`, JSON.stringify(body));
      assertAwsError(res, 400, 'ValidationException');
    }
    const describe = await rawCall(server.url, `${T}DescribeConfigurationSets`, JSON.stringify({ MaxResults: 1.5 }));
    assertAwsError(describe, 400, 'ValidationException');
    const range = await rawCall(server.url, `${T}DescribeConfigurationSets`, JSON.stringify({ MaxResults: 101 }));
    assertAwsError(range, 400, 'ValidationException');
    assert.deepEqual((await rawCall(server.url, `${T}DescribeConfigurationSets`, '{}')).json, { ConfigurationSets: [] });
  });

  test('every operation of the model answers, with an empty body, something other than NotImplementedException, and never a 5xx', async () => {
    for (const operation of Object.keys(operations)) {
      const res = await rawCall(server.url, `${T}${operation}`, '{}');
      assert.ok(res.status < 500, `${operation} answered ${res.status}`);
      assert.notEqual(res.json.__type, 'NotImplementedException', operation);
    }
  });

  test('GET /_local/health answers 200', async () => {
    const res = await fetch(`${server.url}/_local/health`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  test('a body with a Content-Encoding the server does not decode is 415, and changes nothing', async () => {
    const body = JSON.stringify({ ConfigurationSetName: 'encoded' });
    for (const encoding of ['gzip', 'br', 'deflate', 'x-custom']) {
      const res = await rawCall(server.url, `${T}CreateConfigurationSet`, body, { headers: { 'content-encoding': encoding } });
      assertAwsError(res, 415, 'UnsupportedMediaTypeException');
      assert.match(res.json.message, new RegExp(`Content-Encoding ${encoding}`));
    }
    const described = await rawCall(server.url, `${T}DescribeConfigurationSets`, JSON.stringify({ ConfigurationSetNames: ['encoded'] }));
    assertAwsError(described, 400, 'ResourceNotFoundException');
    const identity = await rawCall(server.url, `${T}DescribeConfigurationSets`, '{}', { headers: { 'content-encoding': 'identity' } });
    assert.equal(identity.status, 200);
  });
});

describe('/_local routes', () => {
  test('a method other than GET or HEAD is 405 with Allow, on every route; an unknown route is 404', async () => {
    for (const path of ['/_local/events', '/_local/messages', '/_local/health']) {
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
        const res = await rawCall(server.url, undefined, '{}', { method, path });
        assertAwsError(res, 405, 'MethodNotAllowedException');
        assert.equal(res.headers.get('allow'), 'GET, HEAD');
      }
      assert.equal((await fetch(`${server.url}${path}`, { method: 'HEAD' })).status, 200);
    }
    assertAwsError(await rawCall(server.url, undefined, '', { method: 'GET', path: '/_local/nothing' }), 404, 'NotFoundException');
    assertAwsError(await rawCall(server.url, undefined, '', { method: 'GET', path: '/_local/constructor' }), 404, 'NotFoundException');
  });

  test('every query parameter is checked, and a refused one is 400 ValidationException naming it', async () => {
    const refused: [string, string][] = [
      ['/_local/events', 'account=12'],
      ['/_local/events', 'region=us_east_1'],
      ['/_local/events', 'configurationSet=has space'],
      ['/_local/events', 'configurationSet='],
      ['/_local/events', `messageId=${'x'.repeat(65)}`],
      ['/_local/events', 'destination=a.b'],
      ['/_local/events', 'eventType=TEXT_NOPE'],
      ['/_local/events', 'status=lost'],
      ['/_local/events', 'limit=0'],
      ['/_local/events', 'limit=1.5'],
      ['/_local/events', 'limit=1e2'],
      ['/_local/events', 'nextToken=zzz'],
      ['/_local/events', 'colour=red'],
      ['/_local/events', 'limit=1&limit=2'],
      ['/_local/messages', 'destination=a'],
      ['/_local/messages', 'account=abc'],
      ['/_local/health', 'verbose=1'],
    ];
    for (const [path, query] of refused) {
      const res = await rawCall(server.url, undefined, '', { method: 'GET', path: `${path}?${query}` });
      assertAwsError(res, 400, 'ValidationException');
      assert.deepEqual(
        res.json.Fields.map((f: { Name: string }) => f.Name),
        [query.split('=')[0]],
        `${path}?${query}`,
      );
    }
    const accepted = [
      'account=123456789012',
      'region=eu-west-2',
      'configurationSet=a_b-c',
      'messageId=abc-123',
      'destination=d',
      'eventType=TEXT_DELIVERED',
      'status=routed',
      'status=scheduled',
      'limit=1000',
    ];
    for (const query of accepted) {
      const res = await rawCall(server.url, undefined, '', { method: 'GET', path: `/_local/events?${query}` });
      assert.equal(res.status, 200, `${query}: ${JSON.stringify(res.json)}`);
    }
  });

  test('one structured log line per request: operation, status, error type, milliseconds', async () => {
    const ofOperation = () => server.logs.filter((l) => l.operation === 'DeleteConfigurationSet');
    const before = ofOperation().length;
    await rawCall(server.url, `${T}DeleteConfigurationSet`, JSON.stringify({ ConfigurationSetName: 'logged-missing' }));
    // The line is written after the answer: wait for it (up to 5 s on a busy machine).
    for (let i = 0; i < 100 && ofOperation().length === before; i++) await new Promise((r) => setTimeout(r, 50));
    const line = ofOperation()[before];
    assert.ok(line, 'a log line for the request');
    assert.equal(line.status, 400);
    assert.equal(line.errorType, 'ResourceNotFoundException');
    assert.equal(typeof line.ms, 'number');
    assert.equal(typeof line.requestId, 'string');
  });
});
