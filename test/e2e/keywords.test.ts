// Keywords through the SDK, and the Terraform provider's keyword call sequence (keyword.go, keyword_test.go).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConflictException,
  CreatePoolCommand,
  DeleteKeywordCommand,
  DescribeKeywordsCommand,
  PutKeywordCommand,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ValidationException,
  type PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor, rejectionOf } from '../support/client.js';
import { simulatorNumber } from '../support/handset.js';

let server: ServerProcess;
before(async () => {
  server = await startServer({ ACCOUNT_LIMITS: 'KEYWORDS_PER_PHONE_NUMBER=4,KEYWORDS_PER_POOL=3' });
});
after(async () => {
  await server.stop();
});
let regions = 0;
const fresh = (): PinpointSMSVoiceV2Client => clientFor(server.url, { region: `keyword-region-${++regions}` });

test('every number has HELP and STOP; PutKeyword upper-cases, defaults to AUTOMATIC_RESPONSE and answers the ID for an ARN', async () => {
  const c = fresh();
  const n = await simulatorNumber(c);
  const initial = await c.send(new DescribeKeywordsCommand({ OriginationIdentity: n.id }));
  assert.deepEqual(
    initial.Keywords!.map((k) => [k.Keyword, k.KeywordAction]),
    [
      ['HELP', 'AUTOMATIC_RESPONSE'],
      ['STOP', 'OPT_OUT'],
    ],
  );
  assert.equal(initial.OriginationIdentity, n.id);
  assert.equal(initial.OriginationIdentityArn, n.arn);

  const put = await c.send(new PutKeywordCommand({ OriginationIdentity: n.arn, Keyword: 'info', KeywordMessage: 'Opening hours: 9-5' }));
  assert.deepEqual(
    { ...put, $metadata: undefined },
    {
      $metadata: undefined,
      OriginationIdentity: n.id,
      OriginationIdentityArn: n.arn,
      Keyword: 'INFO',
      KeywordMessage: 'Opening hours: 9-5',
      KeywordAction: 'AUTOMATIC_RESPONSE',
    },
  );
  // Keywords are case-insensitive: `Info` updates INFO.
  await c.send(new PutKeywordCommand({ OriginationIdentity: n.id, Keyword: 'Info', KeywordMessage: 'Open 9-6', KeywordAction: 'AUTOMATIC_RESPONSE' }));
  const one = await c.send(new DescribeKeywordsCommand({ OriginationIdentity: n.id, Keywords: ['info'] }));
  assert.deepEqual(one.Keywords, [{ Keyword: 'INFO', KeywordMessage: 'Open 9-6', KeywordAction: 'AUTOMATIC_RESPONSE' }]);
  await c.send(new PutKeywordCommand({ OriginationIdentity: n.id, Keyword: 'START', KeywordMessage: 'Welcome back', KeywordAction: 'OPT_IN' }));
  const optIn = await c.send(new DescribeKeywordsCommand({ OriginationIdentity: n.id, Filters: [{ Name: 'keyword-action', Values: ['OPT_IN', 'OPT_OUT'] }] }));
  assert.deepEqual(
    optIn.Keywords!.map((k) => k.Keyword),
    ['START', 'STOP'],
  );
  const badFilter = await rejectionOf(() =>
    c.send(new DescribeKeywordsCommand({ OriginationIdentity: n.id, Filters: [{ Name: 'keyword-action', Values: ['NOPE'] }] })),
  );
  assert.ok(badFilter instanceof ValidationException);
});

test('HELP and STOP: the message can change, the action cannot, and they cannot be deleted', async () => {
  const c = fresh();
  const n = await simulatorNumber(c);
  const help = await c.send(new PutKeywordCommand({ OriginationIdentity: n.id, Keyword: 'HELP', KeywordMessage: 'Call 555-0100' }));
  assert.equal(help.KeywordAction, 'AUTOMATIC_RESPONSE');
  const stop = await c.send(new PutKeywordCommand({ OriginationIdentity: n.id, Keyword: 'stop', KeywordMessage: 'Bye' }));
  assert.equal(stop.KeywordAction, 'OPT_OUT');
  for (const [keyword, action] of [
    ['HELP', 'OPT_OUT'],
    ['STOP', 'AUTOMATIC_RESPONSE'],
    ['QUIT', 'AUTOMATIC_RESPONSE'],
  ] as const) {
    const refused = await rejectionOf(() =>
      c.send(new PutKeywordCommand({ OriginationIdentity: n.id, Keyword: keyword, KeywordMessage: 'x', KeywordAction: action })),
    );
    assert.ok(refused instanceof ConflictException, keyword);
    assert.equal(refused.Reason, 'RESOURCE_MODIFICATION_NOT_ALLOWED');
  }
  for (const keyword of ['HELP', 'Stop']) {
    const refused = await rejectionOf(() => c.send(new DeleteKeywordCommand({ OriginationIdentity: n.id, Keyword: keyword })));
    assert.ok(refused instanceof ConflictException);
    assert.equal(refused.Reason, 'RESOURCE_DELETION_NOT_ALLOWED');
  }
  const after = await c.send(new DescribeKeywordsCommand({ OriginationIdentity: n.id }));
  assert.deepEqual(
    after.Keywords!.map((k) => [k.Keyword, k.KeywordMessage, k.KeywordAction]),
    [
      ['HELP', 'Call 555-0100', 'AUTOMATIC_RESPONSE'],
      ['STOP', 'Bye', 'OPT_OUT'],
    ],
  );
});

test('errors: unknown identity, unknown keyword, blank message, a keyword with spaces around it, the quota', async () => {
  const c = fresh();
  const n = await simulatorNumber(c);
  const unknown = await rejectionOf(() => c.send(new DescribeKeywordsCommand({ OriginationIdentity: 'phone-00000000000000000000000000000000' })));
  assert.ok(unknown instanceof ResourceNotFoundException);
  assert.equal(unknown.ResourceType, 'phone-number');
  const unknownPool = await rejectionOf(() =>
    c.send(new PutKeywordCommand({ OriginationIdentity: 'pool-00000000000000000000000000000000', Keyword: 'A', KeywordMessage: 'a' })),
  );
  assert.equal(unknownPool.ResourceType, 'pool');
  const missing = await rejectionOf(() => c.send(new DeleteKeywordCommand({ OriginationIdentity: n.id, Keyword: 'NOPE' })));
  assert.ok(missing instanceof ResourceNotFoundException);
  assert.equal(missing.ResourceType, 'keyword');
  const missingDescribe = await rejectionOf(() => c.send(new DescribeKeywordsCommand({ OriginationIdentity: n.id, Keywords: ['NOPE'] })));
  assert.equal(missingDescribe.ResourceType, 'keyword');
  assert.ok(
    (await rejectionOf(() => c.send(new PutKeywordCommand({ OriginationIdentity: n.id, Keyword: 'A', KeywordMessage: '   ' })))) instanceof ValidationException,
  );
  assert.ok(
    (await rejectionOf(() => c.send(new PutKeywordCommand({ OriginationIdentity: n.id, Keyword: ' A', KeywordMessage: 'a' })))) instanceof ValidationException,
  );

  // HELP and STOP count: 4 per number leaves room for two more.
  await c.send(new PutKeywordCommand({ OriginationIdentity: n.id, Keyword: 'ONE', KeywordMessage: '1' }));
  await c.send(new PutKeywordCommand({ OriginationIdentity: n.id, Keyword: 'TWO', KeywordMessage: '2' }));
  const quota = await rejectionOf(() => c.send(new PutKeywordCommand({ OriginationIdentity: n.id, Keyword: 'THREE', KeywordMessage: '3' })));
  assert.ok(quota instanceof ServiceQuotaExceededException);
  assert.equal(quota.Reason, 'KEYWORDS_PER_PHONE_NUMBER');
  // Updating an existing keyword is not a new one.
  await c.send(new PutKeywordCommand({ OriginationIdentity: n.id, Keyword: 'TWO', KeywordMessage: 'two' }));
  assert.equal((await c.send(new DescribeKeywordsCommand({ OriginationIdentity: n.id }))).Keywords!.length, 4);
});

test("a pool copies its first number's keywords and has a quota of its own", async () => {
  const c = fresh();
  const n = await simulatorNumber(c);
  await c.send(new PutKeywordCommand({ OriginationIdentity: n.id, Keyword: 'JOIN', KeywordMessage: 'Joined', KeywordAction: 'OPT_IN' }));
  const pool = await c.send(new CreatePoolCommand({ OriginationIdentity: n.id, MessageType: 'TRANSACTIONAL' }));
  const keywords = await c.send(new DescribeKeywordsCommand({ OriginationIdentity: pool.PoolArn }));
  assert.equal(keywords.OriginationIdentity, pool.PoolId);
  assert.deepEqual(
    keywords.Keywords!.map((k) => k.Keyword),
    ['HELP', 'JOIN', 'STOP'],
  );
  const quota = await rejectionOf(() => c.send(new PutKeywordCommand({ OriginationIdentity: pool.PoolId, Keyword: 'MORE', KeywordMessage: 'm' })));
  assert.equal(quota.Reason, 'KEYWORDS_PER_POOL');
});

test('Terraform keyword: put, read by keyword, update the message, delete, read until gone', async () => {
  const c = fresh();
  const n = await simulatorNumber(c);
  const created = await c.send(new PutKeywordCommand({ OriginationIdentity: n.arn, Keyword: 'tfkeyword', KeywordMessage: 'first' }));
  assert.equal(created.Keyword, 'TFKEYWORD');
  // The provider reads with the identity it was given and the keyword as stored.
  const read = await c.send(new DescribeKeywordsCommand({ OriginationIdentity: n.arn, Keywords: [created.Keyword!] }));
  assert.deepEqual(read.Keywords, [{ Keyword: 'TFKEYWORD', KeywordMessage: 'first', KeywordAction: 'AUTOMATIC_RESPONSE' }]);
  await c.send(new PutKeywordCommand({ OriginationIdentity: n.arn, Keyword: 'TFKEYWORD', KeywordMessage: 'second', KeywordAction: 'AUTOMATIC_RESPONSE' }));
  assert.equal((await c.send(new DescribeKeywordsCommand({ OriginationIdentity: n.arn, Keywords: ['TFKEYWORD'] }))).Keywords![0].KeywordMessage, 'second');
  const deleted = await c.send(new DeleteKeywordCommand({ OriginationIdentity: n.arn, Keyword: 'TFKEYWORD' }));
  assert.deepEqual([deleted.Keyword, deleted.KeywordMessage, deleted.OriginationIdentity], ['TFKEYWORD', 'second', n.id]);
  const gone = await rejectionOf(() => c.send(new DescribeKeywordsCommand({ OriginationIdentity: n.arn, Keywords: ['TFKEYWORD'] })));
  assert.ok(gone instanceof ResourceNotFoundException);
});
