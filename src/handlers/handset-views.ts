// The simulated handset's local routes: `POST /_local/inbound` (a handset sends an SMS to a number
// of the account) and `GET /_local/handsets/<E164>/messages` (its conversation, oldest first).
import { isE164 } from '../domain/phone.js';
import { ACCOUNT_ID_PATTERN, REGION_PATTERN } from '../domain/scope.js';
import { lifecycleOf } from '../events/lifecycle.js';
import type { StoredMessage, Store, Scope } from '../storage/store.js';
import type { Clock } from '../domain/clock.js';
import type { LocalWriter } from './dispatch.js';
import { receiveInbound, type InboundRequest, type InboundResult } from './inbound.js';
import { readJsonBody, type BodyMember } from './local-body.js';
import { encodeCursor, invalid, parseViewQuery } from './local-views.js';

/** E.164: a plus, then 2 to 15 digits, the first not 0. */
/** The longest inbound body taken: the model's longest text body (TextMessageBody, 1600). */
const MAX_BODY_CHARS = 1600;
const MESSAGE_ID = /^[A-Za-z0-9_:./+=-]{1,128}$/;

/** Each member of the inbound body, with its check: the reason a value is refused, or undefined. */
const MEMBERS: Record<string, BodyMember> = {
  originationNumber: { required: true, check: (v) => (isE164(v) ? undefined : 'must be an E.164 number, e.g. +14254147755') },
  destinationNumber: { required: true, check: (v) => (isE164(v) ? undefined : 'must be an E.164 number of the account') },
  messageBody: {
    required: true,
    // Characters are code points, as the API's length constraints count them.
    check: (v) =>
      typeof v === 'string' && v.length >= 1 && [...v].length <= MAX_BODY_CHARS ? undefined : `must be a string of 1 to ${MAX_BODY_CHARS} characters`,
  },
  previousPublishedMessageId: { check: (v) => (typeof v === 'string' && MESSAGE_ID.test(v) ? undefined : 'must be a message ID (1 to 128 characters)') },
  account: { check: (v) => (typeof v === 'string' && ACCOUNT_ID_PATTERN.test(v) ? undefined : 'must be a 12-digit account ID') },
  region: { check: (v) => (typeof v === 'string' && REGION_PATTERN.test(v) ? undefined : 'must be a region name') },
};

/**
 * Reads `POST /_local/inbound`'s body: a JSON object of the members above and no others. The
 * scope is the caller's (from the SigV4 scope), unless `account` or `region` name another.
 * @throws SerializationException (400) for a body that is not JSON; ValidationException (400) naming the member at fault
 */
export function parseInboundRequest(body: Buffer, callerScope: Scope): { scope: Scope; request: InboundRequest } {
  const input = readJsonBody(body, MEMBERS, '{"originationNumber": "+1...", "destinationNumber": "+1...", "messageBody": "..."}');
  const get = (key: string) => input[key] as string | undefined;
  // The three required members were checked above.
  const required = (key: string) => input[key] as string;
  const previous = get('previousPublishedMessageId');
  return {
    scope: { accountId: get('account') ?? callerScope.accountId, region: get('region') ?? callerScope.region },
    request: {
      originationNumber: required('originationNumber'),
      destinationNumber: required('destinationNumber'),
      messageBody: required('messageBody'),
      ...(previous !== undefined && { previousPublishedMessageId: previous }),
    },
  };
}

/** `POST /_local/inbound`: parses the body, then processes the message in one transaction. */
export async function inboundRoute(write: LocalWriter, body: Buffer, callerScope: Scope): Promise<InboundResult> {
  const { scope, request } = parseInboundRequest(body, callerScope);
  return write(scope, (ctx) => receiveInbound(ctx, request));
}

/**
 * The status a handset sees of a message sent to it: the last lifecycle step due by `now` (each
 * step is `stepDelayMs` after the previous one, as its events are scheduled); RECEIVED for its own.
 */
export function handsetStatus(m: StoredMessage['message'], now: number, stepDelayMs: number): string {
  if (m.direction === 'INBOUND') return 'RECEIVED';
  const steps = lifecycleOf(m.channel, m.outcome);
  const due = stepDelayMs <= 0 ? steps.length - 1 : Math.floor((now - m.requestTimestamp) / stepDelayMs);
  return steps[Math.max(0, Math.min(due, steps.length - 1))].status;
}

function toHandsetMessage(row: StoredMessage, now: number, stepDelayMs: number) {
  const m = row.message;
  return {
    direction: m.direction ?? 'OUTBOUND',
    messageId: m.messageId,
    channel: m.channel,
    originationNumber: m.originationIdentity,
    destinationNumber: m.destinationPhoneNumber,
    ...(m.messageBody !== undefined && { messageBody: m.messageBody }),
    ...(m.mediaUrls !== undefined && { mediaUrls: m.mediaUrls }),
    status: handsetStatus(m, now, stepDelayMs),
    timestamp: m.requestTimestamp,
    ...(m.configurationSetName !== undefined && { configurationSetName: m.configurationSetName }),
    ...(m.keyword !== undefined && { keyword: m.keyword }),
  };
}

export interface HandsetViewDeps {
  store: Store;
  clock: Clock;
  stepDelayMs: number;
}

/**
 * `GET /_local/handsets/<E164>/messages`: every message sent to the handset and every message it
 * sent, in the caller's account and region (or `account`/`region`), oldest first, `limit` (1-1000,
 * default 100) a page, `nextToken` for the next page; or, with `last` (1-1000), the latest `last`
 * messages (still oldest first, no nextToken): what a phone's screen shows.
 * @throws ValidationException for a number that is not E.164 or a query parameter refused
 */
export async function handsetMessagesView(deps: HandsetViewDeps, number: string, params: URLSearchParams, callerScope: Scope) {
  if (!isE164(number)) throw invalid('number', 'must be an E.164 number, e.g. /_local/handsets/+14254147755/messages');
  const query = parseViewQuery(params, ['account', 'region', 'limit', 'nextToken', 'last']);
  const last = params.get('last');
  if (last !== null && (params.has('limit') || params.has('nextToken'))) throw invalid('last', 'cannot be given with limit or nextToken');
  const scope = { accountId: query.accountId ?? callerScope.accountId, region: query.region ?? callerScope.region };
  const rows = await deps.store.read((tx) =>
    last !== null
      ? tx.listMessages({ ...scope, handsetNumber: number, limit: Number(last) }).then((newestFirst) => newestFirst.reverse())
      : tx.listMessages({
          ...scope,
          handsetNumber: number,
          oldestFirst: true,
          ...(query.before !== undefined && { after: query.before }),
          limit: query.limit,
        }),
  );
  const now = deps.clock.now();
  return {
    number,
    messages: rows.map((r) => toHandsetMessage(r, now, deps.stepDelayMs)),
    ...(last === null && rows.length === query.limit && { nextToken: encodeCursor(rows[rows.length - 1].cursor) }),
  };
}
