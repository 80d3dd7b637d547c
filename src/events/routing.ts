// Which destinations an event goes to.
import type { MessageEventRecord } from './message.js';
import type { DeliveryRecord, EventDestinationRecord } from '../storage/store.js';

/** An enabled destination takes an event whose type, `ALL`, or its channel's `<CHANNEL>_ALL` it lists. */
export function destinationMatches(destination: EventDestinationRecord, eventType: string): boolean {
  if (!destination.enabled) return false;
  const channelAll = `${eventType.slice(0, eventType.indexOf('_'))}_ALL`;
  return destination.matchingEventTypes.some((t) => t === eventType || t === 'ALL' || t === channelAll);
}

/**
 * Routes one event: a pending delivery, first attempt due at `now` (epoch ms), for each of the
 * set's destinations that takes it. The dispatcher routes events that fall due later; a send
 * routes the events that are due at once in its own transaction.
 */
export function routeEvent(
  event: Pick<MessageEventRecord, 'eventId' | 'messageId' | 'seq' | 'eventType'>,
  destinations: EventDestinationRecord[],
  now: number,
): DeliveryRecord[] {
  return destinations
    .filter((d) => destinationMatches(d, event.eventType))
    .map((d) => ({
      eventId: event.eventId,
      destinationName: d.name,
      configurationSetName: d.configurationSetName,
      messageId: event.messageId,
      seq: event.seq,
      sink: d.sink,
      status: 'pending',
      attempts: 0,
      createdAt: now,
      nextAttemptAt: now,
    }));
}
