// SendTextMessage, SendVoiceMessage, SendMediaMessage: record the message and schedule its events
// in one transaction; the event dispatcher routes and delivers them when they fall due.
import { ValidationException } from '../generated/errors.js';
import { messageParts } from '../domain/message-parts.js';
import { isoCountryOf, withPlus } from '../domain/phone.js';
import { outcomeFor, type Channel } from '../domain/simulator.js';
import { buildMessageEvents, messagePriceUnits } from '../events/event-record.js';
import { lifecycleOf } from '../events/lifecycle.js';
import { routeEvent } from '../events/routing.js';
import type { MessageRecord } from '../events/message.js';
import type { MessageType } from '../domain/send-rules.js';
import { resolveOrigination } from './origination.js';
import type { ConfigurationSetRecord } from '../storage/store.js';
import { requireConfigurationSet } from './lookups.js';
import { chargeSpend } from './spend-limits.js';
import { protectSend } from './protect-rules.js';
import type { HandlerContext, HandlerTable } from './types.js';

/** The model's documented default TimeToLive: 72 hours. */
export const DEFAULT_TTL_SECONDS = 259200;

/**
 * Records an outbound message and schedules its lifecycle events, in the caller's transaction.
 * Events due at once (the first; all of them with EVENT_STEP_DELAY_MS=0) are routed here,
 * through the destinations the message's configuration set has now, exactly as the dispatcher
 * would route them a moment later; it routes the later ones when they fall due.
 */
export async function recordOutboundMessage(ctx: HandlerContext, message: MessageRecord): Promise<void> {
  const events = buildMessageEvents(message, lifecycleOf(message.channel, message.outcome), ctx.events.stepDelayMs, ctx.ids.uuid);
  const now = ctx.clock.now();
  const dueNow = events.some((e) => e.dueAt <= now);
  const destinations =
    dueNow && message.configurationSetName !== undefined ? await ctx.tx.listEventDestinations(ctx.scope, [message.configurationSetName]) : [];
  await ctx.tx.insertMessage(
    ctx.scope,
    message,
    events.map((e) => (e.dueAt <= now ? { ...e, routing: { routedAt: now, deliveries: routeEvent(e, destinations, now) } } : e)),
  );
  ctx.outboxChanged();
}

/** Members every Send* input shares. */
interface SendInput {
  ConfigurationSetName?: string;
  Context?: Record<string, string>;
  DestinationPhoneNumber: string;
  DryRun?: boolean;
  MessageBody?: string;
  OriginationIdentity?: string;
  ProtectConfigurationId?: string;
  TimeToLive?: number;
}

function missing(member: string, message: string): ValidationException {
  return new ValidationException({ message, Reason: 'MISSING_PARAMETER', Fields: [{ Name: member, Message: message }] });
}

async function send(channel: Channel, input: SendInput, extra: Partial<MessageRecord>, ctx: HandlerContext) {
  let set: ConfigurationSetRecord | undefined;
  if (input.ConfigurationSetName !== undefined) set = await requireConfigurationSet(ctx, input.ConfigurationSetName);
  const destination = withPlus(input.DestinationPhoneNumber);
  const isoCountryCode = isoCountryOf(destination);
  const requested = extra.messageType as MessageType | undefined;
  const origination = await resolveOrigination(
    ctx,
    { channel, destination, ...(isoCountryCode && { destinationCountry: isoCountryCode }), ...(requested && { messageType: requested }) },
    input.OriginationIdentity,
    set,
  );
  // The protect rule, after the opt-out rule (in resolveOrigination) and before the spend rule.
  const protect = await protectSend(
    ctx,
    { channel, destination, destinationCountry: isoCountryCode, body: input.MessageBody },
    input.ProtectConfigurationId,
    set,
  );
  const messageId = ctx.ids.uuid();
  const message: MessageRecord = {
    messageId,
    channel,
    ...(set && { configurationSetName: set.name }),
    originationIdentity: origination.origination,
    originationIdentityArn: origination.arn,
    destinationPhoneNumber: destination,
    ...(isoCountryCode && { isoCountryCode }),
    ...(input.MessageBody !== undefined && { messageBody: input.MessageBody }),
    ...(input.Context && { context: input.Context }),
    requestTimestamp: ctx.clock.now(),
    timeToLive: input.TimeToLive ?? DEFAULT_TTL_SECONDS,
    outcome: protect?.filtered ? 'PROTECT_BLOCKED' : isoCountryCode ? outcomeFor(channel, destination) : channel === 'VOICE' ? 'FAILED' : 'INVALID',
    ...(protect && { protectConfiguration: protect.protectConfiguration }),
    ...extra,
  };
  if (channel !== 'VOICE' && message.messageType === undefined) {
    message.messageType = origination.messageType ?? set?.defaultMessageType ?? 'TRANSACTIONAL';
  }
  // The last rule: the month's spend. A dry run is refused as the send would be, but charges nothing.
  await chargeSpend(ctx, channel, messagePriceUnits(message), input.DryRun === true);
  if (input.DryRun) return { MessageId: messageId };
  await recordOutboundMessage(ctx, message);
  return { MessageId: messageId };
}

export const messageHandlers: HandlerTable = {
  SendTextMessage: {
    mode: 'write',
    async handle(input, ctx) {
      if (input.MessageBody === undefined) throw missing('MessageBody', 'A text message needs a MessageBody');
      const { encoding, parts } = messageParts(input.MessageBody);
      return send('TEXT', input, { encoding, parts, ...(input.MessageType && { messageType: input.MessageType }) }, ctx);
    },
  },

  SendMediaMessage: {
    mode: 'write',
    async handle(input, ctx) {
      if (input.MessageBody === undefined && !input.MediaUrls?.length) {
        throw missing('MediaUrls', 'A media message needs a MessageBody, MediaUrls or both');
      }
      const parts = input.MessageBody === undefined ? 1 : messageParts(input.MessageBody).parts;
      return send('MEDIA', input, { parts, ...(input.MediaUrls && { mediaUrls: input.MediaUrls }) }, ctx);
    },
  },

  SendVoiceMessage: {
    mode: 'write',
    async handle(input, ctx) {
      if (input.MessageBody === undefined) throw missing('MessageBody', 'A voice message needs a MessageBody');
      return send('VOICE', input, { ...(input.VoiceId && { voiceId: input.VoiceId }) }, ctx);
    },
  },
};
