// Which destinations an event goes to.
import type { EventDestinationRecord } from '../storage/store.js';

/** An enabled destination takes an event whose type, `ALL`, or its channel's `<CHANNEL>_ALL` it lists. */
export function destinationMatches(destination: EventDestinationRecord, eventType: string): boolean {
  if (!destination.enabled) return false;
  const channelAll = `${eventType.slice(0, eventType.indexOf('_'))}_ALL`;
  return destination.matchingEventTypes.some((t) => t === eventType || t === 'ALL' || t === channelAll);
}
