// The message a Send* call accepted, as the events module sees it.
import type { Channel, Outcome } from '../domain/simulator.js';
import type { MessageEncoding } from '../domain/message-parts.js';

export interface MessageRecord {
  messageId: string;
  /**
   * INBOUND for a message an end user's handset sent to a number of the account (then
   * `originationIdentity` is the handset and `destinationPhoneNumber` the account's number);
   * absent for messages the account sent.
   */
  direction?: 'INBOUND';
  /** For INBOUND: the keyword matched, and the outbound message the handset replied to. */
  keyword?: string;
  previousPublishedMessageId?: string;
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
  /** True when the send asked for message feedback (MessageFeedbackEnabled, or its set's default). */
  messageFeedbackEnabled?: boolean;
  /** The feedback PutMessageFeedback reported last, and when (epoch ms). */
  messageFeedbackStatus?: 'RECEIVED' | 'FAILED';
  messageFeedbackTimestamp?: number;
  /** The protect configuration that governed the send and the status it applied (events carry it, notes 8.6). */
  protectConfiguration?: { protectConfigurationId: string; protectStatus: string };
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

/** The end user's number of a message: its destination, or for an inbound message its origination. */
export const handsetOf = (m: MessageRecord): string => (m.direction === 'INBOUND' ? m.originationIdentity : m.destinationPhoneNumber);

/** A feedback-enabled message with no feedback is FAILED this long after it was sent (notes 9: one hour). */
export const MESSAGE_FEEDBACK_TIMEOUT_MS = 3_600_000;

/**
 * A message's feedback status at `now` (epoch ms), as `/_local/messages` shows it: the status
 * PutMessageFeedback reported last; else PENDING, and FAILED once MESSAGE_FEEDBACK_TIMEOUT_MS has
 * passed (AWS's automatic FAILED); undefined for a message sent without feedback.
 */
export function messageFeedbackStatusAt(m: MessageRecord, now: number): 'PENDING' | 'RECEIVED' | 'FAILED' | undefined {
  if (!m.messageFeedbackEnabled) return undefined;
  return m.messageFeedbackStatus ?? (now - m.requestTimestamp >= MESSAGE_FEEDBACK_TIMEOUT_MS ? 'FAILED' : 'PENDING');
}
