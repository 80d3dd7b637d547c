// CreateEventDestination, UpdateEventDestination, DeleteEventDestination.
import { ConflictException, ResourceNotFoundException, ServiceQuotaExceededException, ValidationException } from '../generated/errors.js';
import type { EventDestination } from '../generated/types.js';
import type { EventDestinationRecord, EventDestinationSink } from '../storage/store.js';
import { requireConfigurationSet } from './lookups.js';
import { checkNoRepeats } from './input-rules.js';
import type { HandlerContext, HandlerTable } from './types.js';

/** Each configuration set holds at most five event destinations (API reference, CreateEventDestination). */
export const MAX_EVENT_DESTINATIONS_PER_SET = 5;

const SINK_MEMBERS = ['CloudWatchLogsDestination', 'KinesisFirehoseDestination', 'SnsDestination'] as const;

type SinkInput = Pick<EventDestination, (typeof SINK_MEMBERS)[number]>;

export function toEventDestination(record: EventDestinationRecord): EventDestination {
  const sink = record.sink;
  return {
    EventDestinationName: record.name,
    Enabled: record.enabled,
    MatchingEventTypes: record.matchingEventTypes as EventDestination['MatchingEventTypes'],
    ...(sink.kind === 'cloudwatch-logs' && {
      CloudWatchLogsDestination: { IamRoleArn: sink.iamRoleArn, LogGroupArn: sink.logGroupArn },
    }),
    ...(sink.kind === 'firehose' && {
      KinesisFirehoseDestination: { IamRoleArn: sink.iamRoleArn, DeliveryStreamArn: sink.deliveryStreamArn },
    }),
    ...(sink.kind === 'sns' && { SnsDestination: { TopicArn: sink.topicArn } }),
  };
}

/** The one sink an input names, if any; naming two is an error. */
function findSinkInInput(input: SinkInput): EventDestinationSink | undefined {
  const given = SINK_MEMBERS.filter((m) => input[m] !== undefined && input[m] !== null);
  if (given.length > 1) {
    throw new ValidationException({
      message: `Only one of ${SINK_MEMBERS.join(', ')} can be given; got ${given.join(' and ')}`,
      Reason: 'PARAMETERS_CANNOT_BE_USED_TOGETHER',
      Fields: given.map((name) => ({ Name: name, Message: 'Only one event destination can be given' })),
    });
  }
  if (input.CloudWatchLogsDestination) {
    const { IamRoleArn, LogGroupArn } = input.CloudWatchLogsDestination;
    return { kind: 'cloudwatch-logs', iamRoleArn: IamRoleArn, logGroupArn: LogGroupArn };
  }
  if (input.KinesisFirehoseDestination) {
    const { IamRoleArn, DeliveryStreamArn } = input.KinesisFirehoseDestination;
    return { kind: 'firehose', iamRoleArn: IamRoleArn, deliveryStreamArn: DeliveryStreamArn };
  }
  if (input.SnsDestination) return { kind: 'sns', topicArn: input.SnsDestination.TopicArn };
  return undefined;
}

/** The one sink an input names; naming none is an error. */
function requireSinkInInput(input: SinkInput): EventDestinationSink {
  const sink = findSinkInInput(input);
  if (sink) return sink;
  throw new ValidationException({
    message: `One of ${SINK_MEMBERS.join(', ')} is required`,
    Reason: 'MISSING_PARAMETER',
    Fields: SINK_MEMBERS.map((name) => ({ Name: name, Message: 'One event destination must be given' })),
  });
}

/** TEXT_SENT is in the EventType enum, but the API reference says it is not supported; a type given twice is refused too. */
function checkMatchingEventTypes(types: string[] = []): void {
  const i = types.indexOf('TEXT_SENT');
  if (i >= 0) {
    const message = 'The TEXT_SENT event type is not supported';
    throw new ValidationException({ message, Reason: 'INVALID_PARAMETER', Fields: [{ Name: `MatchingEventTypes[${i}]`, Message: message }] });
  }
  checkNoRepeats('MatchingEventTypes', types);
}

async function requireEventDestination(ctx: HandlerContext, setName: string, name: string) {
  const destinations = await ctx.tx.listEventDestinations(ctx.scope, [setName]);
  const found = destinations.find((d) => d.name === name);
  if (!found) {
    throw new ResourceNotFoundException({
      message: `Event destination ${name} does not exist in configuration set ${setName}`,
      ResourceType: 'event-destination',
      ResourceId: name,
    });
  }
  return found;
}

export const eventDestinationHandlers: HandlerTable = {
  CreateEventDestination: {
    mode: 'write',
    async handle(input, ctx) {
      const sink = requireSinkInInput(input);
      checkMatchingEventTypes(input.MatchingEventTypes);
      const set = await requireConfigurationSet(ctx, input.ConfigurationSetName);
      const existing = await ctx.tx.listEventDestinations(ctx.scope, [set.name]);
      if (existing.some((d) => d.name === input.EventDestinationName)) {
        throw new ConflictException({
          message: `Event destination ${input.EventDestinationName} already exists in configuration set ${set.name}`,
          Reason: 'RESOURCE_ALREADY_EXISTS',
          ResourceType: 'event-destination',
          ResourceId: input.EventDestinationName,
        });
      }
      if (existing.length >= MAX_EVENT_DESTINATIONS_PER_SET) {
        throw new ServiceQuotaExceededException({
          message: `Configuration set ${set.name} already has ${MAX_EVENT_DESTINATIONS_PER_SET} event destinations`,
          Reason: 'EVENT_DESTINATIONS_PER_CONFIGURATION_SET',
        });
      }
      const record: EventDestinationRecord = {
        configurationSetName: set.name,
        name: input.EventDestinationName,
        enabled: true,
        matchingEventTypes: input.MatchingEventTypes,
        sink,
      };
      await ctx.tx.insertEventDestination(ctx.scope, record);
      return { ConfigurationSetArn: set.arn, ConfigurationSetName: set.name, EventDestination: toEventDestination(record) };
    },
  },

  UpdateEventDestination: {
    mode: 'write',
    async handle(input, ctx) {
      const sink = findSinkInInput(input);
      checkMatchingEventTypes(input.MatchingEventTypes);
      const set = await requireConfigurationSet(ctx, input.ConfigurationSetName);
      const current = await requireEventDestination(ctx, set.name, input.EventDestinationName);
      if (sink && sink.kind !== current.sink.kind) {
        throw new ConflictException({
          message: `Event destination ${current.name} sends to ${current.sink.kind}; its kind cannot change to ${sink.kind}`,
          Reason: 'EVENT_DESTINATION_MISMATCH',
          ResourceType: 'event-destination',
          ResourceId: current.name,
        });
      }
      const updated: EventDestinationRecord = {
        ...current,
        enabled: input.Enabled ?? current.enabled,
        matchingEventTypes: input.MatchingEventTypes ?? current.matchingEventTypes,
        sink: sink ?? current.sink,
      };
      await ctx.tx.updateEventDestination(ctx.scope, updated);
      return { ConfigurationSetArn: set.arn, ConfigurationSetName: set.name, EventDestination: toEventDestination(updated) };
    },
  },

  DeleteEventDestination: {
    mode: 'write',
    async handle(input, ctx) {
      const set = await requireConfigurationSet(ctx, input.ConfigurationSetName);
      const current = await requireEventDestination(ctx, set.name, input.EventDestinationName);
      await ctx.tx.deleteEventDestination(ctx.scope, set.name, current.name);
      await ctx.tx.failPendingDeliveries(ctx.scope, set.name, current.name, `The event destination ${current.name} was deleted`);
      return { ConfigurationSetArn: set.arn, ConfigurationSetName: set.name, EventDestination: toEventDestination(current) };
    },
  },
};
