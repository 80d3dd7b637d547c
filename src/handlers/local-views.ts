// GET /_local/messages and /_local/events: what was sent and where each event went, newest first.
import { ACCOUNT_ID_PATTERN, REGION_PATTERN } from '../domain/scope.js';
import { ValidationException } from '../generated/errors.js';
import { isE164 } from '../domain/phone.js';
import { OUTCOMES } from '../domain/simulator.js';
import type { DeliveryAttemptRecord, DeliveryStatus, EventQuery, EventStatus, Store, StoredEvent, StoredMessage } from '../storage/store.js';
import { validateShape } from '../validation/validate.js';
import { parseCursor } from '../events/change-stream.js';
import { INBOUND_EVENT_TYPE } from './inbound.js';
import { messageFeedbackStatusAt } from '../events/message.js';

const DELIVERY_STATUSES = ['pending', 'delivered', 'captured', 'failed'] as const satisfies readonly DeliveryStatus[];
const EVENT_STATUSES = ['scheduled', 'routed'] as const satisfies readonly EventStatus[];
const STATUSES = [...EVENT_STATUSES, ...DELIVERY_STATUSES];
const MAX_LIMIT = 1000;
const CHANNELS = ['TEXT', 'VOICE', 'MEDIA'];
const MAX_TEXT_CHARS = 200;

/** A ValidationException naming one parameter. */
export function invalid(name: string, message: string): ValidationException {
  return new ValidationException({ message: `${name}: ${message}`, Reason: 'INVALID_PARAMETER', Fields: [{ Name: name, Message: message }] });
}

export const encodeCursor = (cursor: number) => Buffer.from(`c:${cursor}`).toString('base64url');

function decodeCursor(token: string): number | undefined {
  const match = /^c:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match && encodeCursor(Number(match[1])) === token ? Number(match[1]) : undefined;
}

/** A check of one parameter's text: the reason it is refused, or undefined. */
type Check = (value: string) => string | undefined;

const matches =
  (pattern: RegExp, what: string): Check =>
  (v) =>
    pattern.test(v) ? undefined : `must be ${what}`;
/** The model's constraints for a shape (pattern, length, enum), as the API applies them. */
const modelShape =
  (shape: string): Check =>
  (v) =>
    validateShape(shape, v)[0]?.message;
const oneOf =
  (values: readonly string[]): Check =>
  (v) =>
    values.includes(v) ? undefined : `must be one of ${values.join(', ')}`;

/** Every query parameter of the views, each checked the same way. */
const PARAMETERS: Record<string, Check> = {
  account: matches(ACCOUNT_ID_PATTERN, 'a 12-digit account ID'),
  region: matches(REGION_PATTERN, 'a region name (letters, digits and hyphens, up to 64)'),
  configurationSet: modelShape('ConfigurationSetName'),
  messageId: modelShape('MessageId'),
  destination: modelShape('EventDestinationName'),
  // The model's event types, and the local type of a two-way publication.
  eventType: (v) => (v === INBOUND_EVENT_TYPE ? undefined : modelShape('EventType')(v)),
  status: oneOf(STATUSES),
  limit: (v) => (/^\d{1,4}$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_LIMIT ? undefined : `must be an integer from 1 to ${MAX_LIMIT}`),
  last: (v) => (/^\d{1,4}$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_LIMIT ? undefined : `must be an integer from 1 to ${MAX_LIMIT}`),
  nextToken: (v) => (decodeCursor(v) === undefined ? 'must be a nextToken from an earlier page of this view' : undefined),
  since: (v) => (parseCursor(v) === undefined ? 'must be a stream position: <message>.<event>.<attempt>, e.g. 0.0.0' : undefined),
  channel: oneOf(CHANNELS),
  outcome: oneOf(OUTCOMES),
  number: (v) => (isE164(v) || /^[A-Za-z0-9_-]{1,11}$/.test(v) ? undefined : 'must be an E.164 number or a sender ID'),
  faultId: matches(/^fault-\d{1,9}$/, 'a faultId, e.g. fault-1'),
  text: (v) => (v.length >= 1 && [...v].length <= MAX_TEXT_CHARS ? undefined : `must be 1 to ${MAX_TEXT_CHARS} characters`),
};

/**
 * Reads the query string into a store query. Unknown parameters, a parameter given twice, and any
 * value its check refuses are ValidationException naming the parameter.
 */
export function parseViewQuery(params: URLSearchParams, allowed: string[]): EventQuery {
  for (const key of new Set(params.keys())) {
    if (!allowed.includes(key)) throw invalid(key, `unknown parameter; use ${allowed.join(', ')}`);
    const values = params.getAll(key);
    if (values.length > 1) throw invalid(key, 'must be given at most once');
    const problem = PARAMETERS[key](values[0]);
    if (problem) throw invalid(key, problem);
  }
  const get = (key: string) => params.get(key) ?? undefined;
  const nextToken = get('nextToken');
  return {
    limit: Number(get('limit') ?? 100),
    accountId: get('account'),
    region: get('region'),
    configurationSetName: get('configurationSet'),
    messageId: get('messageId'),
    destinationName: get('destination'),
    eventType: get('eventType'),
    status: get('status') as EventQuery['status'],
    before: nextToken === undefined ? undefined : decodeCursor(nextToken),
    channel: get('channel'),
    outcome: get('outcome'),
    number: get('number'),
    text: get('text'),
  };
}

function page<T extends { cursor: number }>(rows: T[], limit: number) {
  return rows.length === limit ? { nextToken: encodeCursor(rows[rows.length - 1].cursor) } : {};
}

/** A message as the views and the change stream show it; `now` (epoch ms) decides the automatic FAILED of message feedback. */
export function toMessageView(m: StoredMessage, now: number) {
  const feedback = messageFeedbackStatusAt(m.message, now);
  return { accountId: m.scope.accountId, region: m.scope.region, ...m.message, ...(feedback !== undefined && { messageFeedbackStatus: feedback }) };
}

/** A delivery attempt as the views and the change stream show it. */
export const toAttemptView = (a: DeliveryAttemptRecord) => ({
  accountId: a.scope.accountId,
  region: a.scope.region,
  eventId: a.eventId,
  messageId: a.messageId,
  configurationSetName: a.configurationSetName,
  destination: a.destinationName,
  attempt: a.attempt,
  status: a.status,
  ...(a.error !== undefined && { error: a.error }),
  at: a.at,
});

/** An event with its deliveries, as the views and the change stream show it. */
export function toEventView(e: StoredEvent) {
  return {
    eventId: e.event.eventId,
    messageId: e.event.messageId,
    eventType: e.event.eventType,
    accountId: e.scope.accountId,
    region: e.scope.region,
    configurationSetName: e.event.configurationSetName,
    dueAt: e.event.dueAt,
    routedAt: e.routedAt,
    status: (e.routedAt === undefined ? 'scheduled' : 'routed') satisfies EventStatus,
    record: e.event.record,
    deliveries: e.deliveries.map((d) => ({
      destination: d.destinationName,
      kind: d.sink.kind,
      status: d.status,
      attempts: d.attempts,
      lastError: d.lastError,
      nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : undefined,
      deliveredAt: d.deliveredAt,
    })),
  };
}

/** GET /_local/messages; `now` (epoch ms) decides the automatic FAILED of message feedback. */
export async function messagesView(store: Store, params: URLSearchParams, now: number) {
  const query = parseViewQuery(params, ['account', 'region', 'configurationSet', 'messageId', 'channel', 'outcome', 'number', 'text', 'limit', 'nextToken']);
  const rows = await store.read((tx) => tx.listMessages(query));
  return { messages: rows.map((m) => toMessageView(m, now)), ...page(rows, query.limit) };
}

export async function eventsView(store: Store, params: URLSearchParams) {
  const query = parseViewQuery(params, ['account', 'region', 'configurationSet', 'messageId', 'destination', 'status', 'eventType', 'limit', 'nextToken']);
  const rows = await store.read((tx) => tx.listEvents(query));
  return { events: rows.map(toEventView), ...page(rows, query.limit) };
}

/**
 * `GET /_local/attempts`: every recorded attempt to deliver an event, oldest first, filtered by
 * `account`, `region`, `messageId`; `limit` a page, `nextToken` the next (later) page.
 * @throws ValidationException naming the parameter refused
 */
export async function attemptsView(store: Store, params: URLSearchParams) {
  const query = parseViewQuery(params, ['account', 'region', 'messageId', 'limit', 'nextToken']);
  const rows = await store.read((tx) =>
    tx.listDeliveryAttempts({ accountId: query.accountId, region: query.region, messageId: query.messageId, after: query.before, limit: query.limit }),
  );
  return { attempts: rows.map(toAttemptView), ...page(rows, query.limit) };
}

/** GET /_local/health: ready. It takes no parameters. */
export function healthView(params: URLSearchParams) {
  parseViewQuery(params, []);
  return { status: 'ok' };
}
