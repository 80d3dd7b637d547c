import { FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import { ClientsByRegion, classifySdkError, clientConfig, regionOfArn, type Sink, type SinkTarget, type SinkResult } from './sink.js';

/** PutRecordBatch's limit on records per call. */
const MAX_BATCH = 500;

/** One Firehose record per event: the event JSON followed by a newline. */
export function createFirehoseSink(target: SinkTarget): Sink & { destroy(): void } {
  const clients = new ClientsByRegion((region) => new FirehoseClient({ region, ...clientConfig(target) }));
  const encoder = new TextEncoder();
  return {
    deliveredStatus: 'delivered',
    async deliver(target, items) {
      if (target.kind !== 'firehose') throw new Error(`Firehose sink given a ${target.kind} destination`);
      const client = clients.get(regionOfArn(target.deliveryStreamArn, items[0].scope.region));
      const streamName = target.deliveryStreamArn.slice(target.deliveryStreamArn.indexOf('/') + 1);
      const results: SinkResult[] = [];
      for (let start = 0; start < items.length; start += MAX_BATCH) {
        const batch = items.slice(start, start + MAX_BATCH);
        try {
          const out = await client.send(
            new PutRecordBatchCommand({
              DeliveryStreamName: streamName,
              Records: batch.map((item) => ({ Data: encoder.encode(`${JSON.stringify(item.record)}\n`) })),
            }),
          );
          batch.forEach((_, i) => {
            const response = out.RequestResponses?.[i];
            results.push(response?.ErrorCode ? { status: 'retry', error: `${response.ErrorCode}: ${response.ErrorMessage ?? ''}` } : { status: 'ok' });
          });
        } catch (error) {
          const result = classifySdkError(error);
          for (const _ of batch) results.push(result);
        }
      }
      return results;
    },
    destroy: () => clients.destroy(),
  };
}
