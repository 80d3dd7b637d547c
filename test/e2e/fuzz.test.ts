// Hostile input: thousands of malformed, oversized, wrongly typed and unicode-laden requests.
// No 5xx, no crash, no state change from any rejected request, and correct answers afterwards.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { operations, shapes } from '../../src/generated/model.js';
import type { StructureShape } from '../../src/protocol/model-types.js';
import { startServer, type ServerProcess } from '../support/server-process.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 2500);
const T = 'PinpointSMSVoiceV2.';
let server: ServerProcess;

before(async () => {
  server = await startServer({ MAX_BODY_BYTES: '65536' });
});
after(async () => {
  await server.stop();
});

const operationNames = Object.keys(operations);
const weird = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\ud800',
    '💥'.repeat(300),
    'a'.repeat(70_000),
    'arn:aws:sms-voice:us-east-1:123456789012:configuration-set/x',
    '../../etc/passwd',
    '{"__proto__":1}',
  ),
);
const anyValue = fc.oneof(
  weird,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(weird, { maxLength: 5 }),
  fc.dictionary(weird, weird, { maxKeys: 5 }),
);

/** An input built from an operation's own member names, with hostile values. */
const memberShaped = fc.constantFrom(...operationNames).chain((op) => {
  const members = Object.keys((shapes[operations[op as keyof typeof operations].input] as StructureShape).members);
  return fc.record({
    target: fc.constant(`${T}${op}`),
    body: (members.length ? fc.dictionary(fc.constantFrom(...members), anyValue, { maxKeys: members.length }) : fc.constant({})).map((o) => JSON.stringify(o)),
  });
});

const request = fc.oneof(
  memberShaped,
  fc.record({
    target: fc.oneof(
      fc.constantFrom(...operationNames).map((o) => `${T}${o}`),
      weird.map((w) => `${T}${w}`),
      weird,
    ),
    body: fc.json(),
  }),
  fc.record({ target: fc.constantFrom(...operationNames).map((o) => `${T}${o}`), body: fc.string({ unit: 'binary', maxLength: 200 }) }),
  fc.record({
    target: fc.constant(`${T}CreateConfigurationSet`),
    body: anyValue.map((v) => JSON.stringify({ ConfigurationSetName: v, Tags: [{ Key: v, Value: v }] })),
  }),
  // Origination identities: nearly valid requests with one hostile member, so the handlers' own rules run.
  fc.record({
    target: fc
      .constantFrom(
        'RequestPhoneNumber',
        'RequestSenderId',
        'CreatePool',
        'AssociateOriginationIdentity',
        'DescribePhoneNumbers',
        'DescribePools',
        'DescribeSenderIds',
        'ListPoolOriginationIdentities',
        'UpdatePhoneNumber',
        'ReleasePhoneNumber',
        'DeletePool',
      )
      .map((o) => `${T}${o}`),
    body: fc
      .record(
        {
          IsoCountryCode: fc.oneof(fc.constantFrom('US', 'GB', 'ZZ', 'CN', 'us'), weird),
          MessageType: fc.constantFrom('TRANSACTIONAL', 'PROMOTIONAL', 'x'),
          NumberCapabilities: fc.constantFrom(['SMS'], ['SMS', 'SMS'], [], ['FAX']),
          NumberType: fc.constantFrom('LONG_CODE', 'TOLL_FREE', 'SIMULATOR', 'TEN_DLC', 'SHORT_CODE'),
          SenderId: fc.oneof(fc.constantFrom('ACME', 'a'.repeat(12)), weird),
          OriginationIdentity: fc.oneof(
            fc.constantFrom('phone-00000000000000000000000000000000', 'arn:aws:sms-voice:us-east-1:123456789012:sender-id/ACME', 'ACME'),
            weird,
          ),
          PoolId: fc.oneof(fc.constant('pool-00000000000000000000000000000000'), weird),
          PhoneNumberId: fc.oneof(fc.constant('phone-00000000000000000000000000000000'), weird),
          NextToken: fc.oneof(weird, fc.constant('eyJ2IjoxLCJhZnRlciI6Ilt9In0')),
          Filters: fc.constantFrom([{ Name: 'status', Values: ['ACTIVE', 'nope'] }], [{ Name: 'bogus', Values: ['x'] }], []),
          Tags: fc.constantFrom(
            [{ Key: 'aws:x', Value: '' }],
            [
              { Key: 'a', Value: '1' },
              { Key: 'a', Value: '2' },
            ],
            [],
          ),
        },
        { requiredKeys: [] },
      )
      .map((o) => JSON.stringify(o)),
  }),
);

async function post(target: string, body: string) {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0' };
  // Header values must be Latin-1 for fetch; anything else stands for a missing target.
  if (/^[\x20-\x7e]*$/.test(target)) headers['x-amz-target'] = target;
  const res = await fetch(server.url, { method: 'POST', headers, body });
  return { status: res.status, type: res.headers.get('x-amzn-errortype'), text: await res.text() };
}

/** Everything a rejected request could have changed. */
async function snapshot(): Promise<string> {
  const sets = await post(`${T}DescribeConfigurationSets`, '{}');
  const messages = await (await fetch(`${server.url}/_local/messages?limit=1`)).text();
  const identities = await Promise.all(
    ['DescribePhoneNumbers', 'DescribeSenderIds', 'DescribePools', 'DescribeAccountLimits'].map((op) => post(`${T}${op}`, '{}')),
  );
  return `${sets.text}|${messages}|${identities.map((r) => r.text).join('|')}`;
}

test(`${RUNS} hostile requests: never a 5xx, never a state change when rejected`, { timeout: 300_000 }, async () => {
  let state = await snapshot();
  let accepted = 0;
  let rejected = 0;
  await fc.assert(
    fc.asyncProperty(request, async ({ target, body }) => {
      const res = await post(target, body);
      assert.ok(res.status < 500, `${res.status} for ${target} ${body.slice(0, 200)}: ${res.text.slice(0, 200)}`);
      if (res.status === 200) {
        accepted++;
        state = await snapshot();
        return;
      }
      rejected++;
      assert.ok(res.type, 'an error answer carries x-amzn-ErrorType');
      const parsed = JSON.parse(res.text) as { __type: string; message: string };
      assert.equal(parsed.__type, res.type);
      assert.equal(typeof parsed.message, 'string');
      assert.equal(await snapshot(), state, `rejected ${target} changed state`);
    }),
    { numRuns: RUNS },
  );
  console.log(`# fuzz: ${RUNS} requests, ${accepted} accepted, ${rejected} rejected`);
  // Still alive and correct.
  const created = await post(`${T}CreateConfigurationSet`, '{"ConfigurationSetName":"after-fuzz"}');
  assert.equal(created.status, 200);
  const health = await fetch(`${server.url}/_local/health`);
  assert.equal(health.status, 200);
  assert.equal(server.child.exitCode, null);
});
