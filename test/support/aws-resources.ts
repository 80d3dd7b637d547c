// Creating and reading the real destinations on moto with the official SDK clients.
import { SNSClient, CreateTopicCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { SQSClient, CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, DeleteMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { WireJson } from './client.js';
import { motoClientConfig } from './moto.js';

export interface TopicWithQueue {
  topicArn: string;
  queueUrl: string;
}

/** An SNS topic with an SQS queue subscribed to it. */
export async function topicWithQueue(motoUrl: string, name: string): Promise<TopicWithQueue> {
  const sns = new SNSClient(motoClientConfig(motoUrl));
  const sqs = new SQSClient(motoClientConfig(motoUrl));
  try {
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-queue` }));
    const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: attributes.Attributes!.QueueArn }));
    return { topicArn: TopicArn!, queueUrl: QueueUrl! };
  } finally {
    sns.destroy();
    sqs.destroy();
  }
}

/**
 * Reads SQS until notifications for `count` distinct events (messageId and eventType) arrived, or
 * time runs out, and returns every parsed event record, duplicates included (delivery is at least once).
 */
export async function receiveEvents(
  motoUrl: string,
  queueUrl: string,
  count: number,
  timeoutMs = 20_000,
  /** Distinct events already received by an earlier call, counted towards `count`. */
  distinct = new Set<string>(),
): Promise<WireJson[]> {
  const sqs = new SQSClient(motoClientConfig(motoUrl));
  const records: WireJson[] = [];
  const deadline = Date.now() + timeoutMs;
  try {
    while (distinct.size < count && Date.now() < deadline) {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      const messages = out.Messages ?? [];
      for (const m of messages) {
        const record = JSON.parse(JSON.parse(m.Body!).Message) as WireJson;
        records.push(record);
        distinct.add(`${record.messageId}/${record.eventType}`);
      }
      if (messages.length) {
        await sqs.send(
          new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }),
        );
      }
    }
    return records;
  } finally {
    sqs.destroy();
  }
}
