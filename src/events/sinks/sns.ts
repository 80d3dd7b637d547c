import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
import { ClientsByRegion, classifySdkError, clientConfig, regionOfArn, type Sink, type SinkTarget, type SinkResult } from './sink.js';

/** One SNS Publish per event; the message is the event record as a JSON string. */
export function createSnsSink(target: SinkTarget): Sink & { destroy(): void } {
  const clients = new ClientsByRegion((region) => new SNSClient({ region, ...clientConfig(target) }));
  return {
    deliveredStatus: 'delivered',
    async deliver(target, items) {
      if (target.kind !== 'sns') throw new Error(`SNS sink given a ${target.kind} destination`);
      const client = clients.get(regionOfArn(target.topicArn, items[0].scope.region));
      const results: SinkResult[] = [];
      for (const item of items) {
        try {
          await client.send(new PublishCommand({ TopicArn: target.topicArn, Message: JSON.stringify(item.record) }));
          results.push({ status: 'ok' });
        } catch (error) {
          results.push(classifySdkError(error));
        }
      }
      return results;
    },
    destroy: () => clients.destroy(),
  };
}
