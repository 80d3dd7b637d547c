import {
  CloudWatchLogsClient,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import { ClientsByRegion, classifySdkError, clientConfig, regionOfArn, type Sink, type SinkTarget, type SinkItem, type SinkResult } from './sink.js';

/** `arn:aws:logs:region:account:log-group:NAME` or `...:log-group:NAME:*` -> NAME. */
export function logGroupNameOf(arn: string): string {
  const marker = ':log-group:';
  const at = arn.indexOf(marker);
  const rest = at >= 0 ? arn.slice(at + marker.length) : arn;
  return rest.endsWith(':*') ? rest.slice(0, -2) : rest;
}

/** The log stream sms-voice-local writes a destination's events to (AWS's naming is undocumented). */
export const logStreamNameOf = (item: SinkItem): string => `sms-voice-local/${item.configurationSetName}/${item.destinationName}`;

/** One log event per message event, the event JSON as its message, in a stream it creates when missing. */
export function createCloudWatchLogsSink(target: SinkTarget): Sink & { destroy(): void } {
  const clients = new ClientsByRegion((region) => new CloudWatchLogsClient({ region, ...clientConfig(target) }));
  return {
    deliveredStatus: 'delivered',
    async deliver(target, items) {
      if (target.kind !== 'cloudwatch-logs') throw new Error(`CloudWatch Logs sink given a ${target.kind} destination`);
      const client = clients.get(regionOfArn(target.logGroupArn, items[0].scope.region));
      const logGroupName = logGroupNameOf(target.logGroupArn);
      // PutLogEvents wants one stream per call and events in time order.
      const byStream = new Map<string, number[]>();
      for (const [i, item] of items.entries()) {
        const stream = logStreamNameOf(item);
        const indexes = byStream.get(stream);
        if (indexes) indexes.push(i);
        else byStream.set(stream, [i]);
      }
      const results: SinkResult[] = new Array(items.length);
      for (const [logStreamName, indexes] of byStream) {
        const ordered = [...indexes].sort((a, b) => Number(items[a].record.eventTimestamp) - Number(items[b].record.eventTimestamp));
        const put = () =>
          client.send(
            new PutLogEventsCommand({
              logGroupName,
              logStreamName,
              logEvents: ordered.map((i) => ({ timestamp: Number(items[i].record.eventTimestamp), message: JSON.stringify(items[i].record) })),
            }),
          );
        let result: SinkResult;
        try {
          try {
            await put();
          } catch (error) {
            if (!(error instanceof ResourceNotFoundException)) throw error;
            try {
              await client.send(new CreateLogStreamCommand({ logGroupName, logStreamName }));
            } catch (createError) {
              if (!(createError instanceof ResourceAlreadyExistsException)) throw createError;
            }
            await put();
          }
          result = { status: 'ok' };
        } catch (error) {
          result = classifySdkError(error);
        }
        for (const i of indexes) results[i] = result;
      }
      return results;
    },
    destroy: () => clients.destroy(),
  };
}
