// Hostile input a tester found: bodies nested deep enough to overflow a recursive walk, keys that
// name Object.prototype members, timestamps past what SDKs represent, impossible dates and
// NextTokens of other operations. Each must be a 4xx, never a 5xx or a silent success.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { rawCall } from '../support/client.js';

const T = 'PinpointSMSVoiceV2.';
let server: ServerProcess;

before(async () => {
  server = await startServer();
});
after(async () => {
  await server.stop();
});

/** `{"a":` n times around 1: an object nested n levels deep (n + 1 with the body around it). */
const nested = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

describe('deeply nested bodies', () => {
  test('are SerializationException 400 on any operation, with or without a ClientToken', async () => {
    const bodies: [string, string][] = [
      ['DescribeConfigurationSets', `{"Extra":${nested(5000)}}`],
      ['CreateConfigurationSet', `{"ConfigurationSetName":"deep","ClientToken":"deep-1","Extra":${nested(5000)}}`],
      ['SendTextMessage', `{"DestinationPhoneNumber":"+14254147755","Context":${nested(5000)}}`],
      ['DescribePools', `{"Extra":${'['.repeat(20000)}${']'.repeat(20000)}}`],
    ];
    for (const [operation, body] of bodies) {
      const res = await rawCall(server.url, `${T}${operation}`, body);
      assert.equal(res.status, 400, `${operation}: ${JSON.stringify(res.json)}`);
      assert.equal(res.json.__type, 'SerializationException');
      assert.match(res.json.message, /deeper than 100 levels/);
    }
    // Nothing was created by the refused request.
    const sets = await rawCall(server.url, `${T}DescribeConfigurationSets`, '{}');
    assert.deepEqual(sets.json.ConfigurationSets, []);
  });

  test('within the bound, unknown members are still ignored', async () => {
    const res = await rawCall(server.url, `${T}DescribeConfigurationSets`, `{"Extra":${nested(90)}}`);
    assert.equal(res.status, 200, JSON.stringify(res.json));
  });

  test('the local routes refuse them too', async () => {
    const res = await rawCall(server.url, undefined, `{"originationNumber":${nested(5000)}}`, { path: '/_local/inbound' });
    assert.equal(res.status, 400, JSON.stringify(res.json));
  });
});

/** Calls an operation with a JSON input over raw HTTP; answers status and body. */
const call = async (operation: string, input: unknown) => rawCall(server.url, `${T}${operation}`, JSON.stringify(input));
const assertInvalid = (res: Awaited<ReturnType<typeof rawCall>>, reason: string) => {
  assert.equal(res.status, 400, JSON.stringify(res.json));
  assert.equal(res.json.__type, 'ValidationException');
  assert.equal(res.json.Reason, reason, res.json.message);
};

describe('protect number overrides', () => {
  test('an ExpirationTimestamp after 9999-12-31T23:59:59Z is INVALID_PARAMETER and is not stored', async () => {
    const { json } = await call('CreateProtectConfiguration', {});
    const id = json.ProtectConfigurationId;
    for (const ExpirationTimestamp of [1e20, 1e300, 253402300800]) {
      const res = await call('PutProtectConfigurationRuleSetNumberOverride', {
        ProtectConfigurationId: id,
        DestinationPhoneNumber: '+14254147755',
        Action: 'BLOCK',
        ExpirationTimestamp,
      });
      assertInvalid(res, 'INVALID_PARAMETER');
      assert.equal(res.json.Fields[0].Name, 'ExpirationTimestamp');
    }
    const listed = await call('ListProtectConfigurationRuleSetNumberOverrides', { ProtectConfigurationId: id });
    assert.deepEqual(listed.json.RuleSetNumberOverrides, []);
    const last = await call('PutProtectConfigurationRuleSetNumberOverride', {
      ProtectConfigurationId: id,
      DestinationPhoneNumber: '+14254147755',
      Action: 'BLOCK',
      ExpirationTimestamp: 253402300799,
    });
    assert.equal(last.status, 200, JSON.stringify(last.json));
    assert.equal(last.json.ExpirationTimestamp, 253402300799);
  });

  test('a time filter with a date the calendar does not have is INVALID_FILTER_VALUES', async () => {
    const { json } = await call('CreateProtectConfiguration', {});
    for (const value of ['2026-02-30T00:00:00Z', '2026-04-31', '2026-01-01T24:00:00Z']) {
      const res = await call('ListProtectConfigurationRuleSetNumberOverrides', {
        ProtectConfigurationId: json.ProtectConfigurationId,
        Filters: [{ Name: 'created-after', Values: [value] }],
      });
      assertInvalid(res, 'INVALID_FILTER_VALUES');
    }
  });
});

describe('keys that name Object.prototype members', () => {
  test('are unknown TemplateVariables (INVALID_PARAMETER), not variables', async () => {
    const created = await call('CreateNotifyConfiguration', {
      DisplayName: 'ProtoApp',
      UseCase: 'CODE_VERIFICATION',
      EnabledChannels: ['SMS'],
      DefaultTemplateId: 'notify-otp-sms-en-002',
    });
    const id = created.json.NotifyConfigurationId;
    const ok = await call('SendNotifyTextMessage', {
      NotifyConfigurationId: id,
      DestinationPhoneNumber: '+14254147755',
      TemplateVariables: { code: '123456' },
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.json));
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf']) {
      // Raw text: JSON.stringify would drop a `__proto__` key given as an object literal.
      const body = `{"NotifyConfigurationId":"${id}","DestinationPhoneNumber":"+14254147755","TemplateVariables":{"code":"123456","${name}":"1"}}`;
      const res = await rawCall(server.url, `${T}SendNotifyTextMessage`, body);
      assertInvalid(res, 'INVALID_PARAMETER');
      assert.equal(res.json.Fields[0].Name, `TemplateVariables[${name}]`);
    }
  });

  test('are no access key of the ACCOUNTS map: the caller gets the default account', async () => {
    const auth = (key: string) => ({
      authorization: `AWS4-HMAC-SHA256 Credential=${key}/20260101/us-east-1/sms-voice/aws4_request, SignedHeaders=host, Signature=00`,
    });
    const mine = await rawCall(server.url, `${T}CreateOptOutList`, '{"OptOutListName":"proto-list"}', { headers: auth('constructor') });
    assert.equal(mine.status, 200, JSON.stringify(mine.json));
    assert.match(mine.json.OptOutListArn, /:123456789012:opt-out-list\/proto-list$/);
  });

  test('are no taggable resource type, and no attachment file type', async () => {
    for (const type of ['constructor', 'toString', '__proto__']) {
      const res = await call('ListTagsForResource', { ResourceArn: `arn:aws:sms-voice:us-east-1:123456789012:${type}/x` });
      assert.equal(res.status, 400, JSON.stringify(res.json));
      assert.equal(res.json.__type, 'ResourceNotFoundException');
    }
    const res = await call('CreateRegistrationAttachment', { AttachmentUrl: 's3://my-bucket/file.constructor' });
    assertInvalid(res, 'ATTACHMENT_TYPE_NOT_SUPPORTED');
  });
});

describe('NextTokens', () => {
  test('DescribeNotifyTemplates and ListNotifyCountries refuse tokens of other operations and forged ones', async () => {
    const templates = await call('DescribeNotifyTemplates', { MaxResults: 1 });
    const countries = await call('ListNotifyCountries', { MaxResults: 1 });
    const forged = Buffer.from(JSON.stringify({ v: 1, after: 'Z' })).toString('base64url');
    assert.ok(templates.json.NextToken && countries.json.NextToken);
    await call('CreateConfigurationSet', { ConfigurationSetName: 'token-a' });
    await call('CreateConfigurationSet', { ConfigurationSetName: 'token-b' });
    const sets = await call('DescribeConfigurationSets', { MaxResults: 1 });
    for (const [operation, tokens] of [
      ['DescribeNotifyTemplates', [countries.json.NextToken, sets.json.NextToken, forged]],
      ['ListNotifyCountries', [templates.json.NextToken, sets.json.NextToken, forged]],
      ['DescribeConfigurationSets', [templates.json.NextToken, countries.json.NextToken]],
    ] as const) {
      for (const NextToken of tokens) assertInvalid(await call(operation, { NextToken }), 'INVALID_NEXT_TOKEN');
    }
    // Their own tokens still page on.
    const second = await call('ListNotifyCountries', { MaxResults: 1, NextToken: countries.json.NextToken });
    assert.equal(second.status, 200);
    assert.notEqual(second.json.NotifyCountries[0].IsoCountryCode, countries.json.NotifyCountries[0].IsoCountryCode);
  });
});

describe('messages that say what is wrong', () => {
  test('deleting an absent or expired override says the configuration has no such override', async () => {
    const { json } = await call('CreateProtectConfiguration', {});
    const id = json.ProtectConfigurationId;
    const res = await call('DeleteProtectConfigurationRuleSetNumberOverride', { ProtectConfigurationId: id, DestinationPhoneNumber: '+14254147755' });
    assert.equal(res.status, 400);
    assert.equal(res.json.__type, 'ResourceNotFoundException');
    assert.equal(res.json.ResourceType, 'protect-configuration');
    assert.equal(res.json.ResourceId, id);
    assert.match(res.json.message, new RegExp(`${id} has no number override for \\+14254147755`));
  });

  test('a country protect configurations do not know is named as such', async () => {
    const { json } = await call('CreateProtectConfiguration', {});
    const res = await call('UpdateProtectConfigurationCountryRuleSet', {
      ProtectConfigurationId: json.ProtectConfigurationId,
      NumberCapability: 'SMS',
      CountryRuleSetUpdates: { AQ: { ProtectStatus: 'BLOCK' } },
    });
    assertInvalid(res, 'INVALID_PARAMETER');
    assert.deepEqual(res.json.Fields, [{ Name: 'CountryRuleSetUpdates[AQ]', Message: 'AQ is not a country protect configurations know' }]);
    assert.doesNotMatch(res.json.message, /ISO 3166/);
  });
});
