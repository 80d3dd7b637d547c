// SendTextMessage, SendVoiceMessage, SendMediaMessage: record the message and schedule its events
// in one transaction; the event dispatcher routes and delivers them when they fall due.
import { ResourceNotFoundException, ValidationException } from '../generated/errors.js';
import { messageParts } from '../domain/message-parts.js';
import { isoCountryOf, withPlus } from '../domain/phone.js';
import { outcomeFor, type Channel } from '../domain/simulator.js';
import { buildMessageEvents } from '../events/event-record.js';
import { lifecycleOf } from '../events/lifecycle.js';
import type { MessageRecord } from '../events/message.js';
import { validateShape } from '../validation/validate.js';
import type { ConfigurationSetRecord } from '../storage/store.js';
import { requireConfigurationSet } from './lookups.js';
import type { HandlerContext, HandlerTable } from './types.js';

/** Origination for texts that name none and whose configuration set has no default sender ID. */
export const LOCAL_DEFAULT_ORIGINATION = '+12065550100';
/** The model's documented default TimeToLive: 72 hours. */
const DEFAULT_TTL_SECONDS = 259200;

/** An E.164 number: the model's PhoneNumber shape, with its leading plus. */
const isE164 = (value: string) => value.startsWith('+') && validateShape('PhoneNumber', value).length === 0;
const isSenderId = (value: string) => validateShape('SenderId', value).length === 0;

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

/**
 * Until phone numbers, pools and sender IDs exist as resources, any E.164 number may originate a
 * message, and a text may come from an alphanumeric sender ID; an ID or ARN of a resource cannot
 * be found.
 */
function checkOriginationIdentity(channel: Channel, identity: string): string {
  if (isE164(identity)) return identity;
  const looksLikeSenderId = isSenderId(identity) && !/^(phone|pool|senderid|rcs)-/.test(identity);
  if (channel === 'TEXT' && looksLikeSenderId) return identity;
  throw new ResourceNotFoundException({
    message: `Origination identity ${identity} does not exist`,
    ResourceType: identity.startsWith('pool-') || identity.includes(':pool/') ? 'pool' : 'phone-number',
    ResourceId: identity,
  });
}

async function send(channel: Channel, input: SendInput, extra: Partial<MessageRecord>, ctx: HandlerContext) {
  if (input.ProtectConfigurationId !== undefined) {
    throw new ResourceNotFoundException({
      message: `Protect configuration ${input.ProtectConfigurationId} does not exist`,
      ResourceType: 'protect-configuration',
      ResourceId: input.ProtectConfigurationId,
    });
  }
  let set: ConfigurationSetRecord | undefined;
  if (input.ConfigurationSetName !== undefined) set = await requireConfigurationSet(ctx, input.ConfigurationSetName);
  const origination = checkOriginationIdentity(channel, input.OriginationIdentity ?? set?.defaultSenderId ?? LOCAL_DEFAULT_ORIGINATION);
  const destination = withPlus(input.DestinationPhoneNumber);
  const isoCountryCode = isoCountryOf(destination);
  const messageId = ctx.ids.uuid();
  if (input.DryRun) return { MessageId: messageId };

  const message: MessageRecord = {
    messageId,
    channel,
    ...(set && { configurationSetName: set.name }),
    originationIdentity: origination,
    destinationPhoneNumber: destination,
    ...(isoCountryCode && { isoCountryCode }),
    ...(input.MessageBody !== undefined && { messageBody: input.MessageBody }),
    ...(input.Context && { context: input.Context }),
    requestTimestamp: ctx.clock.now(),
    timeToLive: input.TimeToLive ?? DEFAULT_TTL_SECONDS,
    outcome: isoCountryCode ? outcomeFor(channel, destination) : channel === 'VOICE' ? 'FAILED' : 'INVALID',
    ...extra,
  };
  if (channel !== 'VOICE' && message.messageType === undefined) {
    message.messageType = set?.defaultMessageType ?? 'TRANSACTIONAL';
  }
  const events = buildMessageEvents(message, lifecycleOf(channel, message.outcome), ctx.events.stepDelayMs, ctx.ids.uuid);
  await ctx.tx.insertMessage(ctx.scope, message, events);
  ctx.outboxChanged();
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
