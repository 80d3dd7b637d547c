import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConflictException,
  CreateConfigurationSetCommand,
  CreateEventDestinationCommand,
  DeleteEventDestinationCommand,
  DescribeConfigurationSetsCommand,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  UpdateEventDestinationCommand,
  ValidationException,
  type PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor, rejectionOf } from '../support/client.js';

const SNS = { TopicArn: 'arn:aws:sns:us-east-1:123456789012:events' };
const LOGS = {
  IamRoleArn: 'arn:aws:iam::123456789012:role/sms-voice-logs',
  LogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:sms-events',
};
const FIREHOSE = {
  IamRoleArn: 'arn:aws:iam::123456789012:role/sms-voice-firehose',
  DeliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/sms-events',
};

let server: ServerProcess;
let client: PinpointSMSVoiceV2Client;
let counter = 0;

async function newSet(): Promise<string> {
  const name = `set-${process.pid}-${++counter}`;
  await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: name }));
  return name;
}

async function destinationsOf(name: string) {
  const out = await client.send(new DescribeConfigurationSetsCommand({ ConfigurationSetNames: [name] }));
  return out.ConfigurationSets![0].EventDestinations!;
}

before(async () => {
  server = await startServer();
  client = clientFor(server.url);
});
after(async () => {
  client.destroy();
  await server.stop();
});

describe('CreateEventDestination', () => {
  test('creates an enabled destination and answers exactly the set ARN, set name and destination', async () => {
    const set = await newSet();
    const out = await client.send(
      new CreateEventDestinationCommand({
        ConfigurationSetName: set,
        EventDestinationName: 'to-sns',
        MatchingEventTypes: ['TEXT_DELIVERED', 'TEXT_BLOCKED'],
        SnsDestination: SNS,
      }),
    );
    const { $metadata, ...body } = out;
    assert.equal($metadata.httpStatusCode, 200);
    assert.deepEqual(body, {
      ConfigurationSetArn: `arn:aws:sms-voice:us-east-1:123456789012:configuration-set/${set}`,
      ConfigurationSetName: set,
      EventDestination: {
        EventDestinationName: 'to-sns',
        Enabled: true,
        MatchingEventTypes: ['TEXT_DELIVERED', 'TEXT_BLOCKED'],
        SnsDestination: SNS,
      },
    });
    assert.deepEqual(await destinationsOf(set), [body.EventDestination]);
  });

  test('accepts each of the three sink kinds', async () => {
    const set = await newSet();
    for (const [name, sink] of [
      ['logs', { CloudWatchLogsDestination: LOGS }],
      ['firehose', { KinesisFirehoseDestination: FIREHOSE }],
      ['sns', { SnsDestination: SNS }],
    ] as const) {
      const out = await client.send(
        new CreateEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: name, MatchingEventTypes: ['ALL'], ...sink }),
      );
      assert.deepEqual(out.EventDestination, { EventDestinationName: name, Enabled: true, MatchingEventTypes: ['ALL'], ...sink });
    }
    assert.deepEqual(
      (await destinationsOf(set)).map((d) => d.EventDestinationName),
      ['logs', 'firehose', 'sns'],
    );
  });

  test('accepts the configuration set ARN in place of its name', async () => {
    const set = await newSet();
    const arn = `arn:aws:sms-voice:us-east-1:123456789012:configuration-set/${set}`;
    const out = await client.send(
      new CreateEventDestinationCommand({ ConfigurationSetName: arn, EventDestinationName: 'd', MatchingEventTypes: ['ALL'], SnsDestination: SNS }),
    );
    assert.equal(out.ConfigurationSetName, set);
    assert.equal(out.ConfigurationSetArn, arn);
  });

  test('no sink is a ValidationException with Reason MISSING_PARAMETER, and creates nothing', async () => {
    const set = await newSet();
    const error = await rejectionOf(() =>
      client.send(new CreateEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: 'd', MatchingEventTypes: ['ALL'] })),
    );
    assert.ok(error instanceof ValidationException);
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.equal(error.Reason, 'MISSING_PARAMETER');
    assert.deepEqual(await destinationsOf(set), []);
  });

  test('two sinks are a ValidationException with Reason PARAMETERS_CANNOT_BE_USED_TOGETHER naming both', async () => {
    const set = await newSet();
    const error = await rejectionOf(() =>
      client.send(
        new CreateEventDestinationCommand({
          ConfigurationSetName: set,
          EventDestinationName: 'd',
          MatchingEventTypes: ['ALL'],
          SnsDestination: SNS,
          CloudWatchLogsDestination: LOGS,
        }),
      ),
    );
    assert.ok(error instanceof ValidationException);
    assert.equal(error.Reason, 'PARAMETERS_CANNOT_BE_USED_TOGETHER');
    assert.deepEqual(error.Fields!.map((f) => f.Name).sort(), ['CloudWatchLogsDestination', 'SnsDestination']);
    assert.deepEqual(await destinationsOf(set), []);
  });

  test('an unknown set is ResourceNotFoundException with ResourceType configuration-set and the given id', async () => {
    for (const given of ['no-such-set', 'arn:aws:sms-voice:us-east-1:123456789012:configuration-set/no-such-set']) {
      const error = await rejectionOf(() =>
        client.send(
          new CreateEventDestinationCommand({ ConfigurationSetName: given, EventDestinationName: 'd', MatchingEventTypes: ['ALL'], SnsDestination: SNS }),
        ),
      );
      assert.ok(error instanceof ResourceNotFoundException, String(error));
      assert.equal(error.$metadata.httpStatusCode, 400);
      assert.equal(error.ResourceType, 'configuration-set');
      assert.equal(error.ResourceId, given);
    }
  });

  test('an ARN of another account or region does not reach the set', async () => {
    const set = await newSet();
    for (const arn of [
      `arn:aws:sms-voice:us-east-1:999999999999:configuration-set/${set}`,
      `arn:aws:sms-voice:eu-west-1:123456789012:configuration-set/${set}`,
      `arn:aws:sms-voice:us-east-1:123456789012:pool/${set}`,
    ]) {
      const error = await rejectionOf(() =>
        client.send(
          new CreateEventDestinationCommand({ ConfigurationSetName: arn, EventDestinationName: 'd', MatchingEventTypes: ['ALL'], SnsDestination: SNS }),
        ),
      );
      assert.ok(error instanceof ResourceNotFoundException, arn);
    }
    assert.deepEqual(await destinationsOf(set), []);
  });

  test('a duplicate destination name in the set is a ConflictException', async () => {
    const set = await newSet();
    const input = { ConfigurationSetName: set, EventDestinationName: 'dup', MatchingEventTypes: ['ALL' as const], SnsDestination: SNS };
    await client.send(new CreateEventDestinationCommand(input));
    const error = await rejectionOf(() => client.send(new CreateEventDestinationCommand({ ...input, SnsDestination: { TopicArn: `${SNS.TopicArn}-2` } })));
    assert.ok(error instanceof ConflictException);
    assert.equal(error.Reason, 'RESOURCE_ALREADY_EXISTS');
    assert.equal(error.ResourceType, 'event-destination');
    assert.equal(error.ResourceId, 'dup');
    const destinations = await destinationsOf(set);
    assert.equal(destinations.length, 1);
    assert.deepEqual(destinations[0].SnsDestination, SNS);
  });

  test('the same destination name may be used in two different sets', async () => {
    const [a, b] = [await newSet(), await newSet()];
    for (const set of [a, b]) {
      await client.send(
        new CreateEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: 'same', MatchingEventTypes: ['ALL'], SnsDestination: SNS }),
      );
    }
    assert.equal((await destinationsOf(a)).length, 1);
    assert.equal((await destinationsOf(b)).length, 1);
  });

  test('a sixth destination is ServiceQuotaExceededException EVENT_DESTINATIONS_PER_CONFIGURATION_SET', async () => {
    const set = await newSet();
    for (let i = 1; i <= 5; i++) {
      await client.send(
        new CreateEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: `d${i}`, MatchingEventTypes: ['ALL'], SnsDestination: SNS }),
      );
    }
    const error = await rejectionOf(() =>
      client.send(
        new CreateEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: 'd6', MatchingEventTypes: ['ALL'], SnsDestination: SNS }),
      ),
    );
    assert.ok(error instanceof ServiceQuotaExceededException);
    assert.equal(error.$metadata.httpStatusCode, 400);
    assert.equal(error.Reason, 'EVENT_DESTINATIONS_PER_CONFIGURATION_SET');
    assert.equal((await destinationsOf(set)).length, 5);
  });

  test('concurrent creates on one set: exactly five succeed, the rest hit the quota', async () => {
    const set = await newSet();
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        client.send(
          new CreateEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: `c${i}`, MatchingEventTypes: ['ALL'], SnsDestination: SNS }),
        ),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
    assert.equal(ok.length, 5);
    assert.ok(rejected.every((e) => e instanceof ServiceQuotaExceededException));
    assert.equal((await destinationsOf(set)).length, 5);
  });

  test('concurrent creates of one name: exactly one succeeds', async () => {
    const set = await newSet();
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () =>
        client.send(
          new CreateEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: 'one', MatchingEventTypes: ['ALL'], SnsDestination: SNS }),
        ),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    assert.ok(results.every((r) => r.status === 'fulfilled' || r.reason instanceof ConflictException));
  });

  test('model validation: bad name, bad event type, empty list and short ARN each name their field', async () => {
    const set = await newSet();
    const cases: [Record<string, unknown>, string][] = [
      [{ EventDestinationName: 'has space' }, 'EventDestinationName'],
      [{ EventDestinationName: 'x'.repeat(65) }, 'EventDestinationName'],
      [{ MatchingEventTypes: ['TEXT_EVERYTHING'] }, 'MatchingEventTypes[0]'],
      [{ MatchingEventTypes: [] }, 'MatchingEventTypes'],
      [{ SnsDestination: { TopicArn: 'arn:short' } }, 'SnsDestination.TopicArn'],
      [{ SnsDestination: { TopicArn: 'not-an-arn-at-all-but-long' } }, 'SnsDestination.TopicArn'],
      [{ CloudWatchLogsDestination: { LogGroupArn: LOGS.LogGroupArn }, SnsDestination: undefined }, 'CloudWatchLogsDestination.IamRoleArn'],
    ];
    for (const [override, field] of cases) {
      const input = { ConfigurationSetName: set, EventDestinationName: 'd', MatchingEventTypes: ['ALL'], SnsDestination: SNS, ...override };
      const error = await rejectionOf(() => client.send(new CreateEventDestinationCommand(input as never)));
      assert.ok(error instanceof ValidationException, `${field}: ${error}`);
      assert.equal(error.Reason, 'FIELD_VALIDATION_FAILED');
      assert.deepEqual(
        error.Fields!.map((f) => f.Name),
        [field],
      );
    }
    assert.deepEqual(await destinationsOf(set), []);
  });

  test('TEXT_SENT, documented as unsupported, is rejected', async () => {
    const set = await newSet();
    const error = await rejectionOf(() =>
      client.send(
        new CreateEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: 'd', MatchingEventTypes: ['TEXT_SENT'], SnsDestination: SNS }),
      ),
    );
    assert.ok(error instanceof ValidationException);
    assert.deepEqual(
      error.Fields!.map((f) => f.Name),
      ['MatchingEventTypes[0]'],
    );
  });
});

describe('MatchingEventTypes given twice', () => {
  test('is ValidationException naming the repeated entry, in create and update, and changes nothing', async () => {
    const set = await newSet();
    const create = await rejectionOf(() =>
      client.send(
        new CreateEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: 'd', MatchingEventTypes: ['ALL', 'ALL'], SnsDestination: SNS }),
      ),
    );
    assert.ok(create instanceof ValidationException);
    assert.equal(create.$metadata.httpStatusCode, 400);
    assert.equal(create.Reason, 'INVALID_PARAMETER');
    assert.deepEqual(
      create.Fields!.map((f) => f.Name),
      ['MatchingEventTypes[1]'],
    );
    assert.deepEqual(await destinationsOf(set), []);
    await client.send(
      new CreateEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: 'd', MatchingEventTypes: ['TEXT_DELIVERED'], SnsDestination: SNS }),
    );
    const update = await rejectionOf(() =>
      client.send(
        new UpdateEventDestinationCommand({
          ConfigurationSetName: set,
          EventDestinationName: 'd',
          MatchingEventTypes: ['TEXT_DELIVERED', 'TEXT_BLOCKED', 'TEXT_DELIVERED'],
        }),
      ),
    );
    assert.ok(update instanceof ValidationException);
    assert.deepEqual(
      update.Fields!.map((f) => f.Name),
      ['MatchingEventTypes[2]'],
    );
    assert.deepEqual(
      (await destinationsOf(set)).map((d) => d.MatchingEventTypes),
      [['TEXT_DELIVERED']],
    );
  });
});

describe('ClientToken idempotency', () => {
  test('the same token and request return the same answer and create once', async () => {
    const set = await newSet();
    const input = {
      ConfigurationSetName: set,
      EventDestinationName: 'idem',
      MatchingEventTypes: ['ALL' as const],
      SnsDestination: SNS,
      ClientToken: 'token-1',
    };
    const first = await client.send(new CreateEventDestinationCommand(input));
    const second = await client.send(new CreateEventDestinationCommand(input));
    assert.deepEqual({ ...second, $metadata: undefined }, { ...first, $metadata: undefined });
    assert.equal((await destinationsOf(set)).length, 1);
  });

  test('the same token with a different request is a ConflictException and changes nothing', async () => {
    const set = await newSet();
    const input = {
      ConfigurationSetName: set,
      EventDestinationName: 'idem',
      MatchingEventTypes: ['ALL' as const],
      SnsDestination: SNS,
      ClientToken: 'token-2',
    };
    await client.send(new CreateEventDestinationCommand(input));
    const error = await rejectionOf(() => client.send(new CreateEventDestinationCommand({ ...input, EventDestinationName: 'other' })));
    assert.ok(error instanceof ConflictException);
    assert.match(error.message, /ClientToken/);
    assert.deepEqual(
      (await destinationsOf(set)).map((d) => d.EventDestinationName),
      ['idem'],
    );
  });

  test('concurrent retries with one token create once and all get equal answers', async () => {
    const set = await newSet();
    const input = {
      ConfigurationSetName: set,
      EventDestinationName: 'race',
      MatchingEventTypes: ['ALL' as const],
      SnsDestination: SNS,
      ClientToken: 'token-race',
    };
    const outs = await Promise.all(Array.from({ length: 10 }, () => client.send(new CreateEventDestinationCommand(input))));
    for (const out of outs) assert.deepEqual(out.EventDestination, outs[0].EventDestination);
    assert.equal((await destinationsOf(set)).length, 1);
  });

  test('without a token every call is its own request', async () => {
    const set = await newSet();
    const input = { ConfigurationSetName: set, EventDestinationName: 'no-token', MatchingEventTypes: ['ALL' as const], SnsDestination: SNS };
    // The SDK fills in a fresh ClientToken for each call, as AWS documents.
    await client.send(new CreateEventDestinationCommand(input));
    assert.ok((await rejectionOf(() => client.send(new CreateEventDestinationCommand(input)))) instanceof ConflictException);
  });
});

describe('UpdateEventDestination', () => {
  async function withDestination() {
    const set = await newSet();
    await client.send(
      new CreateEventDestinationCommand({
        ConfigurationSetName: set,
        EventDestinationName: 'u',
        MatchingEventTypes: ['TEXT_ALL'],
        CloudWatchLogsDestination: LOGS,
      }),
    );
    return set;
  }

  test('changes only what is given and returns the whole destination', async () => {
    const set = await withDestination();
    const disabled = await client.send(new UpdateEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: 'u', Enabled: false }));
    assert.deepEqual(disabled.EventDestination, {
      EventDestinationName: 'u',
      Enabled: false,
      MatchingEventTypes: ['TEXT_ALL'],
      CloudWatchLogsDestination: LOGS,
    });
    const retyped = await client.send(
      new UpdateEventDestinationCommand({
        ConfigurationSetName: set,
        EventDestinationName: 'u',
        MatchingEventTypes: ['VOICE_ALL', 'MEDIA_ALL'],
        CloudWatchLogsDestination: { ...LOGS, LogGroupArn: `${LOGS.LogGroupArn}-2` },
      }),
    );
    assert.deepEqual(retyped.EventDestination, {
      EventDestinationName: 'u',
      Enabled: false,
      MatchingEventTypes: ['VOICE_ALL', 'MEDIA_ALL'],
      CloudWatchLogsDestination: { ...LOGS, LogGroupArn: `${LOGS.LogGroupArn}-2` },
    });
    assert.deepEqual(await destinationsOf(set), [retyped.EventDestination]);
  });

  test('changing the sink kind is ConflictException EVENT_DESTINATION_MISMATCH', async () => {
    const set = await withDestination();
    const error = await rejectionOf(() =>
      client.send(new UpdateEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: 'u', SnsDestination: SNS })),
    );
    assert.ok(error instanceof ConflictException);
    assert.equal(error.Reason, 'EVENT_DESTINATION_MISMATCH');
    assert.deepEqual((await destinationsOf(set))[0].CloudWatchLogsDestination, LOGS);
  });

  test('an unknown destination is ResourceNotFoundException event-destination', async () => {
    const set = await withDestination();
    const error = await rejectionOf(() =>
      client.send(new UpdateEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: 'nope', Enabled: false })),
    );
    assert.ok(error instanceof ResourceNotFoundException);
    assert.equal(error.ResourceType, 'event-destination');
    assert.equal(error.ResourceId, 'nope');
  });
});

describe('DeleteEventDestination', () => {
  test('removes the destination and returns it', async () => {
    const set = await newSet();
    await client.send(
      new CreateEventDestinationCommand({
        ConfigurationSetName: set,
        EventDestinationName: 'gone',
        MatchingEventTypes: ['ALL'],
        KinesisFirehoseDestination: FIREHOSE,
      }),
    );
    const out = await client.send(new DeleteEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: 'gone' }));
    assert.deepEqual(out.EventDestination, { EventDestinationName: 'gone', Enabled: true, MatchingEventTypes: ['ALL'], KinesisFirehoseDestination: FIREHOSE });
    assert.deepEqual(await destinationsOf(set), []);
    const again = await rejectionOf(() => client.send(new DeleteEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: 'gone' })));
    assert.ok(again instanceof ResourceNotFoundException);
    assert.equal(again.ResourceType, 'event-destination');
  });

  test('a freed slot can be used again after the set was full', async () => {
    const set = await newSet();
    for (let i = 1; i <= 5; i++) {
      await client.send(
        new CreateEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: `d${i}`, MatchingEventTypes: ['ALL'], SnsDestination: SNS }),
      );
    }
    await client.send(new DeleteEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: 'd3' }));
    await client.send(
      new CreateEventDestinationCommand({ ConfigurationSetName: set, EventDestinationName: 'd6', MatchingEventTypes: ['ALL'], SnsDestination: SNS }),
    );
    assert.deepEqual(
      (await destinationsOf(set)).map((d) => d.EventDestinationName),
      ['d1', 'd2', 'd4', 'd5', 'd6'],
    );
  });
});
