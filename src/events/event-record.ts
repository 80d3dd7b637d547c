// Pure builders from a message and a lifecycle step to the AWS event record
// (User Guide: configuration-sets-event-format; see ../shared/notes/aws-behavior.md section 1).
import { isoCountryOf } from '../domain/phone.js';
import type { LifecycleStep } from './lifecycle.js';
import { STATUS_DESCRIPTIONS } from './lifecycle.js';
import type { MessageEventRecord, MessageRecord } from './message.js';

/** Simulated prices, in USD, from the AWS documentation's example records. */
export const SIMULATED_PRICE = { perTextPart: 0.00581, carrierFeePerPart: 0.003, perVoiceMinute: 0.013 };

const round = (n: number) => Math.round(n * 1e5) / 1e5;

/** Spend is counted in hundred-thousandths of a US dollar, exact for every simulated price. */
export const PRICE_UNITS_PER_USD = 100_000;

/**
 * What a sent message costs, in PRICE_UNITS_PER_USD units: what its events report as
 * totalMessagePrice plus totalCarrierFee. A text or media message pays per part whatever its
 * outcome; a call pays per started minute only when it is COMPLETED (its other events report 0).
 */
export function messagePriceUnits(message: MessageRecord): number {
  const units = (usd: number) => Math.round(usd * PRICE_UNITS_PER_USD);
  if (message.channel !== 'VOICE') return (message.parts ?? 1) * (units(SIMULATED_PRICE.perTextPart) + units(SIMULATED_PRICE.carrierFeePerPart));
  if (message.outcome !== 'COMPLETED') return 0;
  return Math.ceil(callSeconds(message.messageBody) / 60) * units(SIMULATED_PRICE.perVoiceMinute);
}

/** Seconds a voice message takes to read out: about 2.5 words a second, at least one. */
export function callSeconds(body: string | undefined): number {
  const words = (body ?? '').split(/\s+/).filter(Boolean).length;
  return Math.max(1, Math.ceil(words / 2.5));
}

export function buildEventRecord(message: MessageRecord, step: LifecycleStep, eventTimestamp: number): Record<string, unknown> {
  const text = message.channel !== 'VOICE';
  const originCountry = message.originationIdentity.startsWith('+') ? isoCountryOf(message.originationIdentity) : undefined;
  const record: Record<string, unknown> = {
    eventType: `${message.channel}_${step.status}`,
    eventVersion: '1.0',
    eventTimestamp,
    isFinal: step.isFinal,
    originationPhoneNumber: message.originationIdentity,
    destinationPhoneNumber: message.destinationPhoneNumber,
    ...(message.isoCountryCode && { isoCountryCode: message.isoCountryCode }),
    ...(text && { isInternationalSend: originCountry !== undefined && originCountry !== message.isoCountryCode }),
    messageId: message.messageId,
    messageRequestTimestamp: message.requestTimestamp,
    ...(message.channel === 'TEXT' && message.encoding && { messageEncoding: message.encoding }),
    ...(text && message.messageType && { messageType: message.messageType }),
    messageStatus: step.status,
    ...(text && STATUS_DESCRIPTIONS[step.status] && { messageStatusDescription: STATUS_DESCRIPTIONS[step.status] }),
    ...(message.context && Object.keys(message.context).length > 0 && { context: message.context }),
    ...(message.protectConfiguration && { protectConfiguration: message.protectConfiguration }),
  };
  if (text) {
    const parts = message.parts ?? 1;
    record.totalMessageParts = parts;
    record.totalMessagePrice = round(parts * SIMULATED_PRICE.perTextPart);
    record.totalCarrierFee = round(parts * SIMULATED_PRICE.carrierFeePerPart);
  } else {
    const seconds = step.status === 'COMPLETED' ? callSeconds(message.messageBody) : 0;
    const minutes = Math.ceil(seconds / 60);
    record.totalMessagePrice = round(minutes * SIMULATED_PRICE.perVoiceMinute);
    if (step.status === 'COMPLETED') {
      record.callDurationInSeconds = seconds;
      record.totalDurationInMinutes = minutes;
    }
  }
  return record;
}

/** Every event of a message, each due `stepDelayMs` after the one before; the first at the request. */
export function buildMessageEvents(message: MessageRecord, steps: LifecycleStep[], stepDelayMs: number, newId: () => string): MessageEventRecord[] {
  return steps.map((step) => {
    const dueAt = message.requestTimestamp + step.index * stepDelayMs;
    return {
      eventId: newId(),
      messageId: message.messageId,
      seq: step.index,
      eventType: `${message.channel}_${step.status}`,
      dueAt,
      ...(message.configurationSetName !== undefined && { configurationSetName: message.configurationSetName }),
      record: buildEventRecord(message, step, dueAt),
    };
  });
}
