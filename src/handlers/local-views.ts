// GET /_local/messages and /_local/events: what was sent and where each event went, newest first.
import { ValidationException } from '../generated/errors.js';
import type { DeliveryStatus, EventQuery, Store, StoredEvent, StoredMessage } from '../storage/store.js';

const STATUSES = ['scheduled', 'pending', 'delivered', 'captured', 'failed'] as const;
const MAX_LIMIT = 1000;

function invalid(name: string, message: string): ValidationException {
  return new ValidationException({ message: `${name}: ${message}`, Reason: 'INVALID_PARAMETER', Fields: [{ Name: name, Message: message }] });
}

const encodeCursor = (cursor: number) => Buffer.from(`c:${cursor}`).toString('base64url');

function decodeCursor(token: string): number {
  const match = /^c:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match || encodeCursor(Number(match[1])) !== token) {
    throw new ValidationException({ message: 'The nextToken is not valid', Reason: 'INVALID_NEXT_TOKEN' });
  }
  return Number(match[1]);
}

/** Reads the query string into a store query; unknown parameters are refused. */
export function parseViewQuery(params: URLSearchParams, allowed: string[]): EventQuery {
  for (const key of params.keys()) if (!allowed.includes(key)) throw invalid(key, `unknown parameter; use ${allowed.join(', ')}`);
  const get = (key: string) => params.get(key) ?? undefined;
  const limitText = get('limit') ?? '100';
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw invalid('limit', `must be an integer from 1 to ${MAX_LIMIT}`);
  const status = get('status');
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) throw invalid('status', `must be one of ${STATUSES.join(', ')}`);
  const nextToken = get('nextToken');
  return {
    limit,
    accountId: get('account'),
    region: get('region'),
    configurationSetName: get('configurationSet'),
    messageId: get('messageId'),
    destinationName: get('destination'),
    eventType: get('eventType'),
    status: status as DeliveryStatus | 'scheduled' | undefined,
    before: nextToken === undefined ? undefined : decodeCursor(nextToken),
  };
}

function page<T extends { cursor: number }>(rows: T[], limit: number) {
  return rows.length === limit ? { nextToken: encodeCursor(rows[rows.length - 1].cursor) } : {};
}

const toMessageView = (m: StoredMessage) => ({ accountId: m.scope.accountId, region: m.scope.region, ...m.message });

function toEventView(e: StoredEvent) {
  return {
    eventId: e.event.eventId,
    messageId: e.event.messageId,
    eventType: e.event.eventType,
    accountId: e.scope.accountId,
    region: e.scope.region,
    configurationSetName: e.event.configurationSetName,
    dueAt: e.event.dueAt,
    routedAt: e.routedAt,
    status: e.routedAt === undefined ? 'scheduled' : 'routed',
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

export async function messagesView(store: Store, params: URLSearchParams) {
  const query = parseViewQuery(params, ['account', 'region', 'configurationSet', 'messageId', 'limit', 'nextToken']);
  const rows = await store.read((tx) => tx.listMessages(query));
  return { messages: rows.map(toMessageView), ...page(rows, query.limit) };
}

export async function eventsView(store: Store, params: URLSearchParams) {
  const query = parseViewQuery(params, [
    'account', 'region', 'configurationSet', 'messageId', 'destination', 'status', 'eventType', 'limit', 'nextToken',
  ]);
  const rows = await store.read((tx) => tx.listEvents(query));
  return { events: rows.map(toEventView), ...page(rows, query.limit) };
}
