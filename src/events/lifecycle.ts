// The event sequence of a message, as pure data: which statuses it passes through and which is final.
import type { Channel, Outcome } from '../domain/simulator.js';

export interface LifecycleStep {
  status: string;
  isFinal: boolean;
  /** Position in the sequence; each step is due `stepDelayMs` after the previous one. */
  index: number;
}

function steps(statuses: string[]): LifecycleStep[] {
  return statuses.map((status, index) => ({ status, isFinal: index === statuses.length - 1, index }));
}

/**
 * Texts and media are queued, accepted by the carrier (SUCCESSFUL, not final) and then DELIVERED,
 * or queued and then fail once, finally. Calls are INITIATED, RINGING, ANSWERED, COMPLETED, or end
 * early as BUSY, NO_ANSWER, FAILED or TTL_EXPIRED.
 */
export function lifecycleOf(channel: Channel, outcome: Outcome): LifecycleStep[] {
  if (channel === 'VOICE') {
    switch (outcome) {
      case 'COMPLETED':
        return steps(['INITIATED', 'RINGING', 'ANSWERED', 'COMPLETED']);
      case 'BUSY':
      case 'NO_ANSWER':
        return steps(['INITIATED', 'RINGING', outcome]);
      default:
        return steps(['INITIATED', outcome]);
    }
  }
  if (outcome === 'DELIVERED') return steps(['QUEUED', 'SUCCESSFUL', 'DELIVERED']);
  return steps(['QUEUED', outcome]);
}

/** messageStatusDescription per status, for text and media events. */
export const STATUS_DESCRIPTIONS: Record<string, string> = {
  QUEUED: 'Message has been queued for delivery',
  PENDING: 'Message is being delivered',
  SUCCESSFUL: 'Message has been accepted by phone carrier',
  DELIVERED: 'Message has been accepted by phone',
  BLOCKED: 'Phone has blocked SMS',
  CARRIER_BLOCKED: 'Phone carrier has blocked this message',
  SPAM: 'Blocked as spam by phone carrier',
  CARRIER_UNREACHABLE: 'Phone carrier is currently unreachable/unavailable',
  UNREACHABLE: 'Phone is currently unreachable/unavailable',
  INVALID: 'Invalid phone number',
  INVALID_MESSAGE: 'Message body is invalid',
  TTL_EXPIRED: 'Message was not delivered before its time to live expired',
  UNKNOWN: 'Unknown error attempting to reach phone',
  PROTECT_BLOCKED: 'Message was blocked by a protect configuration',
};
