// Opt-out lists and their entries through the SDK, sends refused for opted-out destinations, pools
// sharing a list, and the Terraform provider's opt-out list call sequence (opt_out_list.go).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConflictException,
  CreateOptOutListCommand,
  CreatePoolCommand,
  DeleteOptedOutNumberCommand,
  DeleteOptOutListCommand,
  DescribeAccountLimitsCommand,
  DescribeOptedOutNumbersCommand,
  DescribeOptOutListsCommand,
  ListTagsForResourceCommand,
  PutOptedOutNumberCommand,
  ResourceNotFoundException,
  SendTextMessageCommand,
  ServiceQuotaExceededException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePhoneNumberCommand,
  ValidationException,
  type PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor, rejectionOf } from '../support/client.js';
import { localEvents } from '../support/events.js';
import { HANDSET, reply, simulatorNumber } from '../support/handset.js';

let server: ServerProcess;
before(async () => {
  server = await startServer({ ACCOUNT_LIMITS: 'OPT_OUT_LISTS=2', EVENT_STEP_DELAY_MS: '5' });
});
after(async () => {
  await server.stop();
});
let regions = 0;
const region = () => `optout-region-${regions}`;
const fresh = (): PinpointSMSVoiceV2Client => clientFor(server.url, { region: `optout-region-${++regions}` });

async function messageCount(region: string): Promise<number> {
  const res = await fetch(`${server.url}/_local/messages?region=${region}&limit=1000`);
  return ((await res.json()) as { messages: unknown[] }).messages.length;
}

test('CreateOptOutList, DescribeOptOutLists with Default, a duplicate, the quota, DeleteOptOutList', async () => {
  const c = fresh();
  const created = await c.send(new CreateOptOutListCommand({ OptOutListName: 'customers', Tags: [{ Key: 'team', Value: 'a' }] }));
  assert.equal(created.OptOutListName, 'customers');
  assert.match(created.OptOutListArn!, /^arn:aws:sms-voice:optout-region-\d+:123456789012:opt-out-list\/customers$/);
  assert.deepEqual(created.Tags, [{ Key: 'team', Value: 'a' }]);
  assert.ok(created.CreatedTimestamp instanceof Date);

  const dup = await rejectionOf(() => c.send(new CreateOptOutListCommand({ OptOutListName: 'customers' })));
  assert.ok(dup instanceof ConflictException);
  assert.equal(dup.Reason, 'RESOURCE_ALREADY_EXISTS');
  assert.equal(dup.$metadata.httpStatusCode, 400);
  assert.equal((await rejectionOf(() => c.send(new CreateOptOutListCommand({ OptOutListName: 'Default' })))).Reason, 'RESOURCE_ALREADY_EXISTS');

  const lists = await c.send(new DescribeOptOutListsCommand({}));
  assert.deepEqual(
    lists.OptOutLists!.map((l) => l.OptOutListName),
    ['Default', 'customers'],
  );
  const byArn = await c.send(new DescribeOptOutListsCommand({ OptOutListNames: [created.OptOutListArn!] }));
  assert.deepEqual(
    byArn.OptOutLists!.map((l) => l.OptOutListName),
    ['customers'],
  );
  const missing = await rejectionOf(() => c.send(new DescribeOptOutListsCommand({ OptOutListNames: ['nope'] })));
  assert.ok(missing instanceof ResourceNotFoundException);
  assert.equal(missing.ResourceType, 'opt-out-list');
  const owner = await rejectionOf(() => c.send(new DescribeOptOutListsCommand({ OptOutListNames: ['customers'], Owner: 'SELF' })));
  assert.ok(owner instanceof ValidationException);

  // Default does not count towards the quota of 2.
  await c.send(new CreateOptOutListCommand({ OptOutListName: 'second' }));
  const quota = await rejectionOf(() => c.send(new CreateOptOutListCommand({ OptOutListName: 'third' })));
  assert.ok(quota instanceof ServiceQuotaExceededException);
  assert.equal(quota.Reason, 'OPT_OUT_LISTS_PER_ACCOUNT');
  const limits = await c.send(new DescribeAccountLimitsCommand({}));
  assert.deepEqual(
    limits.AccountLimits!.find((l) => l.Name === 'OPT_OUT_LISTS'),
    { Name: 'OPT_OUT_LISTS', Used: 2, Max: 2 },
  );

  const deleted = await c.send(new DeleteOptOutListCommand({ OptOutListName: 'second' }));
  assert.equal(deleted.OptOutListName, 'second');
  assert.ok((await rejectionOf(() => c.send(new DeleteOptOutListCommand({ OptOutListName: 'second' })))) instanceof ResourceNotFoundException);
  const deleteDefault = await rejectionOf(() => c.send(new DeleteOptOutListCommand({ OptOutListName: 'Default' })));
  assert.ok(deleteDefault instanceof ConflictException);
  assert.equal(deleteDefault.Reason, 'RESOURCE_DELETION_NOT_ALLOWED');
});

test('a list used by a number cannot be deleted; deleting a list deletes its entries', async () => {
  const c = fresh();
  await c.send(new CreateOptOutListCommand({ OptOutListName: 'used' }));
  const n = await simulatorNumber(c, { OptOutListName: 'used' });
  const inUse = await rejectionOf(() => c.send(new DeleteOptOutListCommand({ OptOutListName: 'used' })));
  assert.ok(inUse instanceof ConflictException);
  assert.equal(inUse.Reason, 'RESOURCE_DELETION_NOT_ALLOWED');
  // Still there after the refusal.
  assert.equal((await c.send(new DescribeOptOutListsCommand({ OptOutListNames: ['used'] }))).OptOutLists!.length, 1);

  await c.send(new UpdatePhoneNumberCommand({ PhoneNumberId: n.id, OptOutListName: 'Default' }));
  await c.send(new PutOptedOutNumberCommand({ OptOutListName: 'used', OptedOutNumber: '+14255550101' }));
  await c.send(new DeleteOptOutListCommand({ OptOutListName: 'used' }));
  await c.send(new CreateOptOutListCommand({ OptOutListName: 'used' }));
  assert.deepEqual((await c.send(new DescribeOptedOutNumbersCommand({ OptOutListName: 'used' }))).OptedOutNumbers, []);
});

test('UpdatePhoneNumber checks that the opt-out list exists', async () => {
  const c = fresh();
  const n = await simulatorNumber(c);
  const missing = await rejectionOf(() => c.send(new UpdatePhoneNumberCommand({ PhoneNumberId: n.id, OptOutListName: 'absent' })));
  assert.ok(missing instanceof ResourceNotFoundException);
  assert.equal(missing.ResourceType, 'opt-out-list');
  await c.send(new CreateOptOutListCommand({ OptOutListName: 'present' }));
  const updated = await c.send(new UpdatePhoneNumberCommand({ PhoneNumberId: n.id, OptOutListName: 'present' }));
  assert.equal(updated.OptOutListName, 'present');
});

test('PutOptedOutNumber, DescribeOptedOutNumbers with the end-user-opted-out filter, DeleteOptedOutNumber', async () => {
  const c = fresh();
  const put = await c.send(new PutOptedOutNumberCommand({ OptOutListName: 'Default', OptedOutNumber: '14255550123' }));
  assert.equal(put.OptedOutNumber, '+14255550123');
  assert.equal(put.EndUserOptedOut, false);
  assert.equal(put.OptOutListName, 'Default');
  // Putting it again keeps the entry as it was.
  const again = await c.send(new PutOptedOutNumberCommand({ OptOutListName: 'Default', OptedOutNumber: '+14255550123' }));
  assert.equal(again.OptedOutTimestamp!.getTime(), put.OptedOutTimestamp!.getTime());

  const n = await simulatorNumber(c);
  await reply(server.url, n.number, 'Stop', HANDSET, { region: region() });
  const all = await c.send(new DescribeOptedOutNumbersCommand({ OptOutListName: 'Default' }));
  assert.deepEqual(
    all.OptedOutNumbers!.map((e) => [e.OptedOutNumber, e.EndUserOptedOut]),
    [
      ['+14254147755', true],
      ['+14255550123', false],
    ],
  );
  const byUser = await c.send(new DescribeOptedOutNumbersCommand({ OptOutListName: 'Default', Filters: [{ Name: 'end-user-opted-out', Values: ['true'] }] }));
  assert.deepEqual(
    byUser.OptedOutNumbers!.map((e) => e.OptedOutNumber),
    [HANDSET],
  );
  const page = await c.send(new DescribeOptedOutNumbersCommand({ OptOutListName: 'Default', MaxResults: 1 }));
  assert.equal(page.OptedOutNumbers!.length, 1);
  const next = await c.send(new DescribeOptedOutNumbersCommand({ OptOutListName: 'Default', MaxResults: 1, NextToken: page.NextToken }));
  assert.deepEqual(
    next.OptedOutNumbers!.map((e) => e.OptedOutNumber),
    ['+14255550123'],
  );
  const badFilter = await rejectionOf(() =>
    c.send(new DescribeOptedOutNumbersCommand({ OptOutListName: 'Default', Filters: [{ Name: 'end-user-opted-out', Values: ['maybe'] }] })),
  );
  assert.equal(badFilter.Reason, 'INVALID_FILTER_VALUES');
  const unknownNumber = await rejectionOf(() => c.send(new DescribeOptedOutNumbersCommand({ OptOutListName: 'Default', OptedOutNumbers: ['+14255550999'] })));
  assert.ok(unknownNumber instanceof ResourceNotFoundException);
  assert.equal(unknownNumber.ResourceType, 'opted-out-number');

  const removed = await c.send(new DeleteOptedOutNumberCommand({ OptOutListName: 'Default', OptedOutNumber: '+14255550123' }));
  assert.equal(removed.EndUserOptedOut, false);
  assert.equal(removed.OptedOutNumber, '+14255550123');
  const gone = await rejectionOf(() => c.send(new DeleteOptedOutNumberCommand({ OptOutListName: 'Default', OptedOutNumber: '+14255550123' })));
  assert.ok(gone instanceof ResourceNotFoundException);
  for (const call of [
    () => c.send(new PutOptedOutNumberCommand({ OptOutListName: 'absent', OptedOutNumber: '+14255550123' })),
    () => c.send(new DescribeOptedOutNumbersCommand({ OptOutListName: 'absent' })),
    () => c.send(new DeleteOptedOutNumberCommand({ OptOutListName: 'absent', OptedOutNumber: '+14255550123' })),
  ]) {
    const error = await rejectionOf(call);
    assert.ok(error instanceof ResourceNotFoundException);
    assert.equal(error.ResourceType, 'opt-out-list');
  }
  const invalid = await rejectionOf(() => c.send(new PutOptedOutNumberCommand({ OptOutListName: 'Default', OptedOutNumber: 'not-a-number' })));
  assert.ok(invalid instanceof ValidationException);
});

test('a send to an opted-out number is refused with DESTINATION_PHONE_NUMBER_OPTED_OUT, records nothing and has no events', async () => {
  const region = `optout-region-${++regions}`;
  const c = clientFor(server.url, { region });
  const n = await simulatorNumber(c);
  await c.send(new SendTextMessageCommand({ DestinationPhoneNumber: HANDSET, MessageBody: 'before', OriginationIdentity: n.id }));
  await c.send(new PutOptedOutNumberCommand({ OptOutListName: 'Default', OptedOutNumber: HANDSET }));
  const before = await messageCount(region);
  const eventsBefore = (await localEvents(server.url, { region })).length;
  for (const input of [{ OriginationIdentity: n.id }, { OriginationIdentity: n.number }, {}, { OriginationIdentity: n.id, DryRun: true }]) {
    const refused = await rejectionOf(() => c.send(new SendTextMessageCommand({ DestinationPhoneNumber: HANDSET, MessageBody: 'after', ...input })));
    assert.ok(refused instanceof ConflictException, String(refused));
    assert.equal(refused.Reason, 'DESTINATION_PHONE_NUMBER_OPTED_OUT');
    assert.equal(refused.ResourceType, 'opt-out-list');
    assert.equal(refused.ResourceId, 'Default');
    assert.equal(refused.$metadata.httpStatusCode, 400);
  }
  assert.equal(await messageCount(region), before);
  assert.equal((await localEvents(server.url, { region })).length, eventsBefore);

  // A number on another list still reaches the handset; opting it in again lets the first send.
  await c.send(new CreateOptOutListCommand({ OptOutListName: 'other' }));
  const other = await simulatorNumber(c, { OptOutListName: 'other' });
  await c.send(new SendTextMessageCommand({ DestinationPhoneNumber: HANDSET, MessageBody: 'other list', OriginationIdentity: other.id }));
  await c.send(new DeleteOptedOutNumberCommand({ OptOutListName: 'Default', OptedOutNumber: HANDSET }));
  await c.send(new SendTextMessageCommand({ DestinationPhoneNumber: HANDSET, MessageBody: 'opted in', OriginationIdentity: n.id }));
});

test('pools sharing an opt-out list: a STOP to one pool blocks sends through the other', async () => {
  const c = fresh();
  await c.send(new CreateOptOutListCommand({ OptOutListName: 'shared' }));
  const a = await simulatorNumber(c, { OptOutListName: 'shared' });
  const b = await simulatorNumber(c, { OptOutListName: 'shared' });
  const poolA = await c.send(new CreatePoolCommand({ OriginationIdentity: a.id, MessageType: 'TRANSACTIONAL' }));
  const poolB = await c.send(new CreatePoolCommand({ OriginationIdentity: b.id, MessageType: 'TRANSACTIONAL' }));
  assert.equal(poolA.OptOutListName, 'shared');
  await c.send(new SendTextMessageCommand({ DestinationPhoneNumber: HANDSET, MessageBody: 'hello', OriginationIdentity: poolB.PoolId }));
  const stop = await reply(server.url, a.number, 'STOP', HANDSET, { region: region() });
  assert.equal(stop.action, 'OPT_OUT');
  for (const identity of [poolA.PoolId!, poolB.PoolId!, b.id]) {
    const refused = await rejectionOf(() =>
      c.send(new SendTextMessageCommand({ DestinationPhoneNumber: HANDSET, MessageBody: 'again', OriginationIdentity: identity })),
    );
    assert.equal(refused.Reason, 'DESTINATION_PHONE_NUMBER_OPTED_OUT', identity);
  }
});

test('Terraform opt_out_list: create with tags, read, update tags, delete, read until gone', async () => {
  const c = fresh();
  const name = 'tf-acc-test-opt-out';
  const created = await c.send(new CreateOptOutListCommand({ OptOutListName: name, Tags: [{ Key: 'key1', Value: 'value1' }] }));
  const read = await c.send(new DescribeOptOutListsCommand({ OptOutListNames: [name] }));
  assert.equal(read.OptOutLists![0].OptOutListArn, created.OptOutListArn);
  assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: created.OptOutListArn }))).Tags, [{ Key: 'key1', Value: 'value1' }]);
  await c.send(new TagResourceCommand({ ResourceArn: created.OptOutListArn, Tags: [{ Key: 'key2', Value: 'value2' }] }));
  await c.send(new UntagResourceCommand({ ResourceArn: created.OptOutListArn, TagKeys: ['key1'] }));
  assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: created.OptOutListArn }))).Tags, [{ Key: 'key2', Value: 'value2' }]);
  await c.send(new DeleteOptOutListCommand({ OptOutListName: name }));
  const gone = await rejectionOf(() => c.send(new DescribeOptOutListsCommand({ OptOutListNames: [name] })));
  assert.ok(gone instanceof ResourceNotFoundException);
  // A list of the same name starts with no tags.
  const again = await c.send(new CreateOptOutListCommand({ OptOutListName: name }));
  assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: again.OptOutListArn }))).Tags, []);
});
