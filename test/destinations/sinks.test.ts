// Events reach real destinations (moto): SNS -> SQS, CloudWatch Logs, Firehose -> S3.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateConfigurationSetCommand,
  CreateEventDestinationCommand,
  SendTextMessageCommand,
  type PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { CloudWatchLogsClient, CreateLogGroupCommand, GetLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { FirehoseClient, CreateDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { S3Client, CreateBucketCommand, ListObjectsV2Command, GetObjectCommand } from '@aws-sdk/client-s3';
import { sendingSeed } from '../support/seed.js';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor } from '../support/client.js';
import { startMoto, motoClientConfig, type MotoServer } from '../support/moto.js';
import { eventually, settledEventsOf } from '../support/events.js';
import { receiveEvents, topicWithQueue } from '../support/aws-resources.js';

let moto: MotoServer;
let server: ServerProcess;
let client: PinpointSMSVoiceV2Client;

before(async () => {
  moto = await startMoto();
  server = await startServer({ AWS_ENDPOINT_URL: moto.url, EVENT_STEP_DELAY_MS: '20', SEED_FILE: sendingSeed() });
  client = clientFor(server.url);
});
after(async () => {
  client.destroy();
  await server.stop();
  await moto.kill();
});

async function sendDelivered(set: string): Promise<string> {
  const out = await client.send(
    new SendTextMessageCommand({ ConfigurationSetName: set, DestinationPhoneNumber: '+14254147755', MessageBody: 'hi', Context: { run: 'sinks' } }),
  );
  return out.MessageId!;
}

test('SNS: each event is published as its JSON and arrives in the subscribed SQS queue', async () => {
  const { topicArn, queueUrl } = await topicWithQueue(moto.url, 'sms-events');
  await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'sns-set' }));
  await client.send(
    new CreateEventDestinationCommand({
      ConfigurationSetName: 'sns-set',
      EventDestinationName: 'topic',
      MatchingEventTypes: ['ALL'],
      SnsDestination: { TopicArn: topicArn },
    }),
  );
  const messageId = await sendDelivered('sns-set');
  const local = await settledEventsOf(server.url, messageId, 3);
  assert.ok(
    local.every((e) => e.deliveries[0].status === 'delivered' && e.deliveries[0].attempts === 1),
    JSON.stringify(local.map((e) => e.deliveries)),
  );
  const received = await receiveEvents(moto.url, queueUrl, 3);
  assert.deepEqual(received.map((r) => r.eventType).sort(), ['TEXT_DELIVERED', 'TEXT_QUEUED', 'TEXT_SUCCESSFUL']);
  for (const record of received) {
    assert.equal(record.messageId, messageId);
    assert.deepEqual(record.context, { run: 'sinks' });
    assert.deepEqual(record, local.find((e) => e.eventType === record.eventType)!.record);
  }
});

test('CloudWatch Logs: one log event per event, in a stream the service creates', async () => {
  const logs = new CloudWatchLogsClient(motoClientConfig(moto.url));
  try {
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'sms-voice-events' }));
    await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'logs-set' }));
    await client.send(
      new CreateEventDestinationCommand({
        ConfigurationSetName: 'logs-set',
        EventDestinationName: 'logs',
        MatchingEventTypes: ['TEXT_ALL'],
        CloudWatchLogsDestination: {
          IamRoleArn: 'arn:aws:iam::123456789012:role/sms-voice-logs',
          LogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:sms-voice-events:*',
        },
      }),
    );
    const messageId = await sendDelivered('logs-set');
    await settledEventsOf(server.url, messageId, 3);
    const events = await eventually(async () => {
      const out = await logs.send(
        new GetLogEventsCommand({ logGroupName: 'sms-voice-events', logStreamName: 'sms-voice-local/logs-set/logs', startFromHead: true }),
      );
      return out.events?.length === 3 ? out.events : undefined;
    });
    const records = events.map((e) => JSON.parse(e.message!));
    assert.deepEqual(
      records.map((r) => r.eventType),
      ['TEXT_QUEUED', 'TEXT_SUCCESSFUL', 'TEXT_DELIVERED'],
    );
    assert.deepEqual(
      events.map((e) => e.timestamp),
      records.map((r) => r.eventTimestamp),
    );
  } finally {
    logs.destroy();
  }
});

test('Firehose: one record per event, delivered by the stream to S3', async () => {
  const s3 = new S3Client({ ...motoClientConfig(moto.url), forcePathStyle: true });
  const firehose = new FirehoseClient(motoClientConfig(moto.url));
  try {
    await s3.send(new CreateBucketCommand({ Bucket: 'sms-events-bucket' }));
    const { DeliveryStreamARN } = await firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: 'sms-events-stream',
        ExtendedS3DestinationConfiguration: { RoleARN: 'arn:aws:iam::123456789012:role/firehose', BucketARN: 'arn:aws:s3:::sms-events-bucket' },
      }),
    );
    await client.send(new CreateConfigurationSetCommand({ ConfigurationSetName: 'firehose-set' }));
    await client.send(
      new CreateEventDestinationCommand({
        ConfigurationSetName: 'firehose-set',
        EventDestinationName: 'stream',
        MatchingEventTypes: ['TEXT_DELIVERED', 'TEXT_QUEUED'],
        KinesisFirehoseDestination: { IamRoleArn: 'arn:aws:iam::123456789012:role/sms-voice-firehose', DeliveryStreamArn: DeliveryStreamARN! },
      }),
    );
    const messageId = await sendDelivered('firehose-set');
    await settledEventsOf(server.url, messageId, 3);
    const records = await eventually(async () => {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'sms-events-bucket' }));
      const bodies = await Promise.all(
        (listed.Contents ?? []).map(async (o) => (await s3.send(new GetObjectCommand({ Bucket: 'sms-events-bucket', Key: o.Key! }))).Body!.transformToString()),
      );
      const lines = bodies
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
      return lines.length === 2 ? lines : undefined;
    });
    assert.deepEqual(records.map((r) => r.eventType).sort(), ['TEXT_DELIVERED', 'TEXT_QUEUED']);
    assert.ok(records.every((r) => r.messageId === messageId));
  } finally {
    s3.destroy();
    firehose.destroy();
  }
});
