// SigV4 authentication (on when AUTH_KEYS is set) and per-account throttling.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@aws-crypto/sha256-js';
import {
  CreateConfigurationSetCommand,
  DescribeConfigurationSetsCommand,
  PinpointSMSVoiceV2ServiceException,
  ThrottlingException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor, rawCall, rejectionOf } from '../support/client.js';

const T = 'PinpointSMSVoiceV2.';

describe('SigV4 authentication', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServer({ AUTH_KEYS: 'AKIDGOOD:good-secret:111111111111,AKIDOTHER:other-secret' });
  });
  after(async () => {
    await server.stop();
  });

  const signedClient = (accessKeyId: string, secretAccessKey: string) => {
    const c = clientFor(server.url, { accessKeyId });
    c.config.credentials = async () => ({ accessKeyId, secretAccessKey });
    return c;
  };

  /** Signs a raw request with the SDK's signer, at `date`, and sends it; `tamper` edits it after signing. */
  async function signedRaw(op: string, body: string, { date = new Date(), secret = 'good-secret', tamper = (r: { body: string }) => r } = {}) {
    const url = new URL(server.url);
    const signer = new SignatureV4({
      credentials: { accessKeyId: 'AKIDGOOD', secretAccessKey: secret },
      region: 'us-east-1',
      service: 'sms-voice',
      sha256: Sha256,
    });
    const signed = await signer.sign(
      {
        method: 'POST',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        headers: { host: url.host, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `${T}${op}` },
        body,
      },
      { signingDate: date },
    );
    const sent = tamper({ body });
    return rawCall(server.url, `${T}${op}`, sent.body, { headers: signed.headers as Record<string, string> });
  }

  const setsOf = async () =>
    (await signedClient('AKIDGOOD', 'good-secret').send(new DescribeConfigurationSetsCommand({}))).ConfigurationSets!.map((s) => s.ConfigurationSetName);

  test('requests signed by the SDK with a configured key are accepted, and the key decides the account', async () => {
    const out = await signedClient('AKIDGOOD', 'good-secret').send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'signed' }));
    assert.equal(out.ConfigurationSetArn, 'arn:aws:sms-voice:us-east-1:111111111111:configuration-set/signed');
    const other = await signedClient('AKIDOTHER', 'other-secret').send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'signed' }));
    assert.equal(other.ConfigurationSetArn, 'arn:aws:sms-voice:us-east-1:123456789012:configuration-set/signed');
    assert.equal((await signedRaw('DescribeConfigurationSets', '{}')).status, 200);
  });

  test('a wrong secret is InvalidSignatureException and changes nothing', async () => {
    const error = await rejectionOf(() =>
      signedClient('AKIDGOOD', 'wrong-secret').send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'bad-secret' })),
    );
    assert.ok(error instanceof PinpointSMSVoiceV2ServiceException);
    assert.equal(error.name, 'InvalidSignatureException');
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.ok(!(await setsOf()).includes('bad-secret'));
  });

  test('an unknown access key is UnrecognizedClientException', async () => {
    const error = await rejectionOf(() => signedClient('AKIDNOBODY', 'x').send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'unknown-key' })));
    assert.equal(error.name, 'UnrecognizedClientException');
    assert.ok(!(await setsOf()).includes('unknown-key'));
  });

  test('no Authorization header is MissingAuthenticationTokenException; a malformed one IncompleteSignatureException', async () => {
    const missing = await rawCall(server.url, `${T}CreateConfigurationSet`, '{"ConfigurationSetName":"anonymous"}');
    assert.equal(missing.status, 400);
    assert.equal(missing.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    const malformed = await rawCall(server.url, `${T}CreateConfigurationSet`, '{"ConfigurationSetName":"anonymous"}', {
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=AKIDGOOD' },
    });
    assert.equal(malformed.headers.get('x-amzn-errortype'), 'IncompleteSignatureException');
    assert.equal(malformed.json.__type, 'IncompleteSignatureException');
    assert.ok(!(await setsOf()).includes('anonymous'));
  });

  test('a signature older than the clock-skew window is InvalidSignatureException "Signature expired"', async () => {
    const stale = await signedRaw('CreateConfigurationSet', '{"ConfigurationSetName":"stale"}', { date: new Date(Date.now() - 6 * 60 * 1000) });
    assert.equal(stale.headers.get('x-amzn-errortype'), 'InvalidSignatureException');
    assert.match(stale.json.message, /Signature expired/);
    const fresh = await signedRaw('DescribeConfigurationSets', '{}', { date: new Date(Date.now() - 4 * 60 * 1000) });
    assert.equal(fresh.status, 200);
    assert.ok(!(await setsOf()).includes('stale'));
  });

  test('a body changed after signing is InvalidSignatureException', async () => {
    const res = await signedRaw('CreateConfigurationSet', '{"ConfigurationSetName":"original"}', {
      tamper: () => ({ body: '{"ConfigurationSetName":"tampered"}' }),
    });
    assert.equal(res.headers.get('x-amzn-errortype'), 'InvalidSignatureException', `${res.status} ${JSON.stringify(res.json)}`);
    assert.ok(!(await setsOf()).includes('tampered'));
  });
});

describe('throttling', () => {
  let server: ServerProcess;
  before(async () => {
    server = await startServer({ RATE_LIMIT_PER_SECOND: '5' });
  });
  after(async () => {
    await server.stop();
  });

  test('requests past the account rate get ThrottlingException, which the SDK retries', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => rawCall(server.url, `${T}DescribeConfigurationSets`, '{}')));
    const throttled = results.filter((r) => r.status === 400 && r.json.__type === 'ThrottlingException');
    assert.ok(throttled.length >= 10, `${throttled.length} of 20 throttled`);
    assert.ok(results.filter((r) => r.status === 200).length >= 1);
    const noRetry = clientFor(server.url, { maxAttempts: 1 });
    const errors = await Promise.allSettled(Array.from({ length: 10 }, () => noRetry.send(new DescribeConfigurationSetsCommand({}))));
    assert.ok(errors.some((r) => r.status === 'rejected' && r.reason instanceof ThrottlingException));
    noRetry.destroy();
    // With its default retries the SDK gets through once tokens come back.
    await new Promise((r) => setTimeout(r, 1100));
    const retrying = clientFor(server.url, { maxAttempts: 5 });
    const outs = await Promise.all(Array.from({ length: 8 }, () => retrying.send(new DescribeConfigurationSetsCommand({}))));
    assert.equal(outs.length, 8);
    retrying.destroy();
  });
});
