import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  type ConfigurationSetFilter,
  type ConfigurationSetFilterName,
  ConflictException,
  CreateConfigurationSetCommand,
  CreateEventDestinationCommand,
  DeleteConfigurationSetCommand,
  DeleteDefaultMessageTypeCommand,
  DeleteDefaultSenderIdCommand,
  DescribeConfigurationSetsCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  SetDefaultMessageFeedbackEnabledCommand,
  SetDefaultMessageTypeCommand,
  SetDefaultSenderIdCommand,
  TagResourceCommand,
  UntagResourceCommand,
  ValidationException,
  paginateDescribeConfigurationSets,
  type PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor, rejectionOf } from '../support/client.js';

const SNS = { TopicArn: 'arn:aws:sns:us-east-1:123456789012:events' };
const ARN_PREFIX = 'arn:aws:sms-voice:us-east-1:123456789012:configuration-set/';

let server: ServerProcess;
let client: PinpointSMSVoiceV2Client;

before(async () => {
  // A small quota so that the quota test needs only a few sets; every other test uses its own region.
  server = await startServer({ MAX_CONFIGURATION_SETS: '3' });
  client = clientFor(server.url);
});
after(async () => {
  client.destroy();
  await server.stop();
});

/** A client in a region of its own, so that each test starts from an empty namespace. */
let regionCounter = 0;
function freshClient(): PinpointSMSVoiceV2Client {
  return clientFor(server.url, { region: `test-region-${++regionCounter}` });
}

describe('CreateConfigurationSet', () => {
  test('answers ARN, name, tags and creation time, and the set is described the same way', async () => {
    const c = freshClient();
    const region = await c.config.region();
    const before = Date.now() / 1000;
    const out = await c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'orders', Tags: [{ Key: 'team', Value: 'payments' }] }));
    assert.equal(out.ConfigurationSetArn, `arn:aws:sms-voice:${region}:123456789012:configuration-set/orders`);
    assert.equal(out.ConfigurationSetName, 'orders');
    assert.deepEqual(out.Tags, [{ Key: 'team', Value: 'payments' }]);
    assert.ok(out.CreatedTimestamp instanceof Date);
    const created = out.CreatedTimestamp.getTime() / 1000;
    assert.ok(created >= before - 1 && created <= Date.now() / 1000 + 1);
    const described = await c.send(new DescribeConfigurationSetsCommand({}));
    assert.deepEqual(described.ConfigurationSets, [
      { ConfigurationSetArn: out.ConfigurationSetArn, ConfigurationSetName: 'orders', EventDestinations: [], CreatedTimestamp: out.CreatedTimestamp },
    ]);
  });

  test('a duplicate name is ConflictException RESOURCE_ALREADY_EXISTS', async () => {
    const c = freshClient();
    await c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'dup' }));
    const error = await rejectionOf(() => c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'dup' })));
    assert.ok(error instanceof ConflictException);
    assert.equal(error.Reason, 'RESOURCE_ALREADY_EXISTS');
    assert.equal(error.ResourceType, 'configuration-set');
    assert.equal(error.ResourceId, 'dup');
  });

  test('past the configured quota is ServiceQuotaExceededException CONFIGURATION_SETS_PER_ACCOUNT', async () => {
    const c = freshClient();
    for (const name of ['q1', 'q2', 'q3']) await c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: name }));
    const error = await rejectionOf(() => c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'q4' })));
    assert.ok(error instanceof ServiceQuotaExceededException);
    assert.equal(error.Reason, 'CONFIGURATION_SETS_PER_ACCOUNT');
    assert.equal((await c.send(new DescribeConfigurationSetsCommand({}))).ConfigurationSets!.length, 3);
  });

  test('an invalid name names the field; ARN-like names are not valid names here', async () => {
    const c = freshClient();
    for (const name of ['', 'with space', 'x'.repeat(65), 'arn:aws:sms-voice:us-east-1:123456789012:configuration-set/a']) {
      const error = await rejectionOf(() => c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: name })));
      assert.ok(error instanceof ValidationException, name);
      assert.deepEqual(
        error.Fields!.map((f) => f.Name),
        ['ConfigurationSetName'],
      );
    }
    assert.deepEqual((await c.send(new DescribeConfigurationSetsCommand({}))).ConfigurationSets, []);
  });

  test('the same ClientToken and request return the first answer; a different request with it is refused', async () => {
    const c = freshClient();
    const first = await c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'idem', ClientToken: 'cs-token' }));
    const again = await c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'idem', ClientToken: 'cs-token' }));
    assert.deepEqual(again.CreatedTimestamp, first.CreatedTimestamp);
    const error = await rejectionOf(() => c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'other', ClientToken: 'cs-token' })));
    assert.ok(error instanceof ConflictException);
    assert.deepEqual(
      (await c.send(new DescribeConfigurationSetsCommand({}))).ConfigurationSets!.map((s) => s.ConfigurationSetName),
      ['idem'],
    );
  });
});

describe('DescribeConfigurationSets', () => {
  test('pages in name order with MaxResults and an opaque NextToken, and the SDK paginator walks them all', async () => {
    const c = clientFor(server.url, { region: 'paging-region' });
    const local = await startServer({ MAX_CONFIGURATION_SETS: '100' });
    const lc = clientFor(local.url);
    try {
      const names = Array.from({ length: 23 }, (_, i) => `p-${String(i).padStart(2, '0')}`);
      for (const name of [...names].reverse()) await lc.send(new CreateConfigurationSetCommand({ ConfigurationSetName: name }));
      const first = await lc.send(new DescribeConfigurationSetsCommand({ MaxResults: 10 }));
      assert.deepEqual(
        first.ConfigurationSets!.map((s) => s.ConfigurationSetName),
        names.slice(0, 10),
      );
      assert.ok(first.NextToken);
      const seen: string[] = [];
      for await (const page of paginateDescribeConfigurationSets({ client: lc, pageSize: 7 }, {})) {
        seen.push(...page.ConfigurationSets!.map((s) => s.ConfigurationSetName!));
      }
      assert.deepEqual(seen, names);
      const last = await lc.send(new DescribeConfigurationSetsCommand({ MaxResults: 23 }));
      assert.equal(last.NextToken, undefined);
    } finally {
      lc.destroy();
      c.destroy();
      await local.stop();
    }
  });

  test('an invalid NextToken is ValidationException INVALID_NEXT_TOKEN', async () => {
    for (const token of ['garbage', 'eyJ2IjoyfQ']) {
      const error = await rejectionOf(() => client.send(new DescribeConfigurationSetsCommand({ NextToken: token })));
      assert.ok(error instanceof ValidationException);
      assert.equal(error.Reason, 'INVALID_NEXT_TOKEN');
    }
  });

  test('ConfigurationSetNames takes names and ARNs; an unknown one is ResourceNotFoundException', async () => {
    const c = freshClient();
    const region = await c.config.region();
    for (const name of ['b', 'a', 'c']) await c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: name }));
    const out = await c.send(
      new DescribeConfigurationSetsCommand({ ConfigurationSetNames: ['c', `arn:aws:sms-voice:${region}:123456789012:configuration-set/a`] }),
    );
    assert.deepEqual(
      out.ConfigurationSets!.map((s) => s.ConfigurationSetName),
      ['a', 'c'],
    );
    const error = await rejectionOf(() => c.send(new DescribeConfigurationSetsCommand({ ConfigurationSetNames: ['a', 'missing'] })));
    assert.ok(error instanceof ResourceNotFoundException);
    assert.equal(error.ResourceType, 'configuration-set');
    assert.equal(error.ResourceId, 'missing');
  });

  test('every filter name selects what it says; filters AND, values OR', async () => {
    const c = freshClient();
    const local = await startServer({ MAX_CONFIGURATION_SETS: '10' });
    const lc = clientFor(local.url);
    try {
      for (const name of ['alpha', 'beta', 'gamma', 'delta']) await lc.send(new CreateConfigurationSetCommand({ ConfigurationSetName: name }));
      await lc.send(
        new CreateEventDestinationCommand({
          ConfigurationSetName: 'alpha',
          EventDestinationName: 'sns',
          MatchingEventTypes: ['TEXT_DELIVERED'],
          SnsDestination: SNS,
        }),
      );
      await lc.send(
        new CreateEventDestinationCommand({
          ConfigurationSetName: 'beta',
          EventDestinationName: 'logs',
          MatchingEventTypes: ['VOICE_ALL'],
          SnsDestination: SNS,
        }),
      );
      await lc.send(new SetDefaultMessageTypeCommand({ ConfigurationSetName: 'alpha', MessageType: 'TRANSACTIONAL' }));
      await lc.send(new SetDefaultMessageTypeCommand({ ConfigurationSetName: 'gamma', MessageType: 'PROMOTIONAL' }));
      await lc.send(new SetDefaultSenderIdCommand({ ConfigurationSetName: 'beta', SenderId: 'ACME' }));
      await lc.send(new SetDefaultMessageFeedbackEnabledCommand({ ConfigurationSetName: 'delta', MessageFeedbackEnabled: true }));
      const names = async (Filters: ConfigurationSetFilter[]) =>
        (await lc.send(new DescribeConfigurationSetsCommand({ Filters }))).ConfigurationSets!.map((s) => s.ConfigurationSetName);
      assert.deepEqual(await names([{ Name: 'event-destination-name', Values: ['sns', 'logs'] }]), ['alpha', 'beta']);
      assert.deepEqual(await names([{ Name: 'matching-event-types', Values: ['VOICE_ALL'] }]), ['beta']);
      assert.deepEqual(await names([{ Name: 'default-message-type', Values: ['PROMOTIONAL', 'TRANSACTIONAL'] }]), ['alpha', 'gamma']);
      assert.deepEqual(await names([{ Name: 'default-sender-id', Values: ['ACME'] }]), ['beta']);
      assert.deepEqual(await names([{ Name: 'default-message-feedback-enabled', Values: ['true'] }]), ['delta']);
      assert.deepEqual(await names([{ Name: 'default-message-feedback-enabled', Values: ['false'] }]), ['alpha', 'beta', 'gamma']);
      assert.deepEqual(await names([{ Name: 'protect-configuration-id', Values: ['protect-1'] }]), []);
      assert.deepEqual(
        await names([
          { Name: 'default-message-type', Values: ['TRANSACTIONAL', 'PROMOTIONAL'] },
          { Name: 'event-destination-name', Values: ['sns'] },
        ]),
        ['alpha'],
      );
      const paged = await lc.send(
        new DescribeConfigurationSetsCommand({ MaxResults: 1, Filters: [{ Name: 'default-message-type', Values: ['TRANSACTIONAL', 'PROMOTIONAL'] }] }),
      );
      assert.deepEqual(
        paged.ConfigurationSets!.map((s) => s.ConfigurationSetName),
        ['alpha'],
      );
      const rest = await lc.send(
        new DescribeConfigurationSetsCommand({
          NextToken: paged.NextToken,
          Filters: [{ Name: 'default-message-type', Values: ['TRANSACTIONAL', 'PROMOTIONAL'] }],
        }),
      );
      assert.deepEqual(
        rest.ConfigurationSets!.map((s) => s.ConfigurationSetName),
        ['gamma'],
      );
      const bad = await rejectionOf(() => lc.send(new DescribeConfigurationSetsCommand({ Filters: [{ Name: 'default-message-type', Values: ['LOUD'] }] })));
      assert.ok(bad instanceof ValidationException);
      assert.equal(bad.Reason, 'INVALID_FILTER_VALUES');
      const badName = await rejectionOf(() =>
        lc.send(new DescribeConfigurationSetsCommand({ Filters: [{ Name: 'colour' as string as ConfigurationSetFilterName, Values: ['x'] }] })),
      );
      assert.ok(badName instanceof ValidationException);
      assert.deepEqual(
        badName.Fields!.map((f) => f.Name),
        ['Filters[0].Name'],
      );
    } finally {
      lc.destroy();
      c.destroy();
      await local.stop();
    }
  });
});

describe('DeleteConfigurationSet', () => {
  test('returns the set with its destinations and defaults, and removes set, destinations and tags', async () => {
    const c = freshClient();
    const region = await c.config.region();
    const created = await c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'doomed', Tags: [{ Key: 'k', Value: 'v' }] }));
    await c.send(
      new CreateEventDestinationCommand({ ConfigurationSetName: 'doomed', EventDestinationName: 'd', MatchingEventTypes: ['ALL'], SnsDestination: SNS }),
    );
    await c.send(new SetDefaultMessageTypeCommand({ ConfigurationSetName: 'doomed', MessageType: 'PROMOTIONAL' }));
    await c.send(new SetDefaultSenderIdCommand({ ConfigurationSetName: 'doomed', SenderId: 'ACME' }));
    await c.send(new SetDefaultMessageFeedbackEnabledCommand({ ConfigurationSetName: 'doomed', MessageFeedbackEnabled: false }));
    const arn = `arn:aws:sms-voice:${region}:123456789012:configuration-set/doomed`;
    const { $metadata, ...out } = await c.send(new DeleteConfigurationSetCommand({ ConfigurationSetName: arn }));
    assert.deepEqual(out, {
      ConfigurationSetArn: arn,
      ConfigurationSetName: 'doomed',
      EventDestinations: [{ EventDestinationName: 'd', Enabled: true, MatchingEventTypes: ['ALL'], SnsDestination: SNS }],
      DefaultMessageType: 'PROMOTIONAL',
      DefaultSenderId: 'ACME',
      DefaultMessageFeedbackEnabled: false,
      CreatedTimestamp: created.CreatedTimestamp,
    });
    assert.deepEqual((await c.send(new DescribeConfigurationSetsCommand({}))).ConfigurationSets, []);
    const missing = await rejectionOf(() => c.send(new DeleteConfigurationSetCommand({ ConfigurationSetName: 'doomed' })));
    assert.ok(missing instanceof ResourceNotFoundException);
    assert.equal(missing.ResourceType, 'configuration-set');
    // A new set of the same name starts clean: no old destinations, no old tags.
    await c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'doomed' }));
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, []);
    assert.deepEqual((await c.send(new DescribeConfigurationSetsCommand({}))).ConfigurationSets![0].EventDestinations, []);
  });
});

describe('defaults of a configuration set', () => {
  test('set and delete default message type, sender id, and set message feedback', async () => {
    const c = freshClient();
    const region = await c.config.region();
    const arn = `arn:aws:sms-voice:${region}:123456789012:configuration-set/defaults`;
    await c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'defaults' }));
    const mt = await c.send(new SetDefaultMessageTypeCommand({ ConfigurationSetName: 'defaults', MessageType: 'TRANSACTIONAL' }));
    assert.deepEqual(
      { ...mt, $metadata: undefined },
      { $metadata: undefined, ConfigurationSetArn: arn, ConfigurationSetName: 'defaults', MessageType: 'TRANSACTIONAL' },
    );
    const sid = await c.send(new SetDefaultSenderIdCommand({ ConfigurationSetName: arn, SenderId: 'MyBrand' }));
    assert.equal(sid.SenderId, 'MyBrand');
    const fb = await c.send(new SetDefaultMessageFeedbackEnabledCommand({ ConfigurationSetName: 'defaults', MessageFeedbackEnabled: true }));
    assert.equal(fb.MessageFeedbackEnabled, true);
    let info = (await c.send(new DescribeConfigurationSetsCommand({}))).ConfigurationSets![0];
    assert.equal(info.DefaultMessageType, 'TRANSACTIONAL');
    assert.equal(info.DefaultSenderId, 'MyBrand');
    assert.equal(info.DefaultMessageFeedbackEnabled, true);

    const delMt = await c.send(new DeleteDefaultMessageTypeCommand({ ConfigurationSetName: 'defaults' }));
    assert.equal(delMt.MessageType, 'TRANSACTIONAL');
    const delSid = await c.send(new DeleteDefaultSenderIdCommand({ ConfigurationSetName: 'defaults' }));
    assert.equal(delSid.SenderId, 'MyBrand');
    info = (await c.send(new DescribeConfigurationSetsCommand({}))).ConfigurationSets![0];
    assert.equal(info.DefaultMessageType, undefined);
    assert.equal(info.DefaultSenderId, undefined);
    assert.equal(info.DefaultMessageFeedbackEnabled, true);
  });

  test('model validation and unknown sets', async () => {
    const bad = await rejectionOf(() => client.send(new SetDefaultSenderIdCommand({ ConfigurationSetName: 'x', SenderId: 'TWELVE_CHARS' })));
    assert.ok(bad instanceof ValidationException);
    assert.deepEqual(
      bad.Fields!.map((f) => f.Name),
      ['SenderId'],
    );
    const badType = await rejectionOf(() => client.send(new SetDefaultMessageTypeCommand({ ConfigurationSetName: 'x', MessageType: 'LOUD' as never })));
    assert.ok(badType instanceof ValidationException);
    for (const call of [
      () => client.send(new SetDefaultMessageTypeCommand({ ConfigurationSetName: 'nope', MessageType: 'PROMOTIONAL' })),
      () => client.send(new DeleteDefaultMessageTypeCommand({ ConfigurationSetName: 'nope' })),
      () => client.send(new SetDefaultSenderIdCommand({ ConfigurationSetName: 'nope', SenderId: 'A' })),
      () => client.send(new DeleteDefaultSenderIdCommand({ ConfigurationSetName: 'nope' })),
      () => client.send(new SetDefaultMessageFeedbackEnabledCommand({ ConfigurationSetName: 'nope', MessageFeedbackEnabled: true })),
    ]) {
      const error = await rejectionOf(call);
      assert.ok(error instanceof ResourceNotFoundException);
      assert.equal(error.ResourceId, 'nope');
    }
  });
});

describe('tags on configuration sets', () => {
  test('tag, overwrite, list and untag', async () => {
    const c = freshClient();
    const { ConfigurationSetArn: arn } = await c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'tagged', Tags: [{ Key: 'a', Value: '1' }] }));
    await c.send(
      new TagResourceCommand({
        ResourceArn: arn,
        Tags: [
          { Key: 'b', Value: '2' },
          { Key: 'a', Value: 'one' },
        ],
      }),
    );
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, [
      { Key: 'a', Value: 'one' },
      { Key: 'b', Value: '2' },
    ]);
    await c.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['a', 'never-set'] }));
    const listed = await c.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    assert.equal(listed.ResourceArn, arn);
    assert.deepEqual(listed.Tags, [{ Key: 'b', Value: '2' }]);
  });

  test('unknown resources, bad ARNs and bad tags are rejected without change', async () => {
    const missing = await rejectionOf(() => client.send(new TagResourceCommand({ ResourceArn: `${ARN_PREFIX}missing`, Tags: [{ Key: 'a', Value: 'b' }] })));
    assert.ok(missing instanceof ResourceNotFoundException);
    assert.equal(missing.ResourceType, 'configuration-set');
    const tooShort = await rejectionOf(() => client.send(new ListTagsForResourceCommand({ ResourceArn: 'arn:aws:x' })));
    assert.ok(tooShort instanceof ValidationException);
    assert.deepEqual(
      tooShort.Fields!.map((f) => f.Name),
      ['ResourceArn'],
    );
    const c = freshClient();
    const { ConfigurationSetArn: arn } = await c.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 't' }));
    const emptyKey = await rejectionOf(() => c.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: '', Value: 'v' }] })));
    assert.ok(emptyKey instanceof ValidationException);
    assert.deepEqual(
      emptyKey.Fields!.map((f) => f.Name),
      ['Tags[0].Key'],
    );
    const none = await rejectionOf(() => c.send(new TagResourceCommand({ ResourceArn: arn, Tags: [] })));
    assert.ok(none instanceof ValidationException);
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, []);
  });
});
