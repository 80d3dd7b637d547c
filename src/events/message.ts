// The message a Send* call accepted, as the events module sees it.
import type { Channel, Outcome } from '../domain/simulator.js';
import type { MessageEncoding } from '../domain/message-parts.js';

export interface MessageRecord {
  messageId: string;
  channel: Channel;
  configurationSetName?: string;
  /** The E.164 number or sender ID the message went out from, as its events carry it. */
  originationIdentity: string;
  /** That identity's ARN. */
  originationIdentityArn?: string;
  destinationPhoneNumber: string;
  isoCountryCode?: string;
  messageBody?: string;
  messageType?: string;
  context?: Record<string, string>;
  /** Epoch milliseconds when the send request was received. */
  requestTimestamp: number;
  timeToLive: number;
  outcome: Outcome;
  encoding?: MessageEncoding;
  parts?: number;
  mediaUrls?: string[];
  voiceId?: string;
}

/** One event of a message, scheduled at `dueAt` and routed to destinations when due. */
export interface MessageEventRecord {
  eventId: string;
  messageId: string;
  seq: number;
  eventType: string;
  /** Epoch milliseconds. */
  dueAt: number;
  configurationSetName?: string;
  /** The AWS event record, exactly as destinations receive it. */
  record: Record<string, unknown>;
}
