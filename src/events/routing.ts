// Which destinations an event goes to.
import type { MessageEventRecord } from './message.js';
import type { DeliveryRecord, EventDestinationRecord } from '../storage/store.js';

/**
 * Whether a delivery to `destination` is recorded `captured` the moment its event is routed, instead
 * of waiting in the outbox for the dispatcher: true when this node has no endpoint for the
 * destination's kind (its sink is local capture, which cannot fail) and no fault of /_local/faults
 * names the destination (faults act on deliveries the dispatcher attempts).
 */
export type CapturesAtOnce = (destination: EventDestinationRecord) => boolean;

/** An enabled destination takes an event whose type, `ALL`, or its channel's `<CHANNEL>_ALL` it lists. */
export function destinationMatches(destination: EventDestinationRecord, eventType: string): boolean {
  if (!destination.enabled) return false;
  const channelAll = `${eventType.slice(0, eventType.indexOf('_'))}_ALL`;
  return destination.matchingEventTypes.some((t) => t === eventType || t === 'ALL' || t === channelAll);
}

/**
 * Routes one event: a delivery for each of the set's destinations that takes it, pending with its
 * first attempt due at `now` (epoch ms), or, for a destination `capturesAtOnce` accepts, already
 * `captured` at `now` after one attempt (the store records that attempt with the delivery). The
 * dispatcher routes events that fall due later; a send routes the events that are due at once in
 * its own transaction. The caller keeps the order per message and destination: it passes no
 * `capturesAtOnce` for a destination that still has an earlier event of the message pending.
 */
export function routeEvent(
  event: Pick<MessageEventRecord, 'eventId' | 'messageId' | 'seq' | 'eventType'>,
  destinations: EventDestinationRecord[],
  now: number,
  capturesAtOnce: CapturesAtOnce = () => false,
): DeliveryRecord[] {
  return destinations
    .filter((d) => destinationMatches(d, event.eventType))
    .map((d) => {
      const delivery: DeliveryRecord = {
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
      };
      return capturesAtOnce(d) ? { ...delivery, status: 'captured', attempts: 1, deliveredAt: now } : delivery;
    });
}
