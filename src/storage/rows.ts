// Rows of the outbox tables as both SQL stores return them, and their records.
import { handsetOf, type MessageEventRecord, type MessageRecord } from '../events/message.js';
import type { DeliveryAttemptRecord, DeliveryRecord, ResourceRow, Scope, StoredEvent } from './store.js';

export interface EventRow {
  id: number;
  event_id: string;
  account_id: string;
  region: string;
  message_id: string;
  seq: number;
  event_type: string;
  configuration_set_name: string | null;
  due_at: number;
  routed_at: number | null;
  record: string;
}

export interface DeliveryRow {
  event_id: string;
  destination_name: string;
  account_id: string;
  region: string;
  configuration_set_name: string;
  message_id: string;
  seq: number;
  sink: string;
  status: DeliveryRecord['status'];
  attempts: number;
  created_at: number;
  next_attempt_at: number;
  last_error: string | null;
  delivered_at: number | null;
}

/** The columns of a new row of `messages`, in the order of messageValues. */
export const MESSAGE_COLUMNS =
  'account_id, region, message_id, channel, configuration_set_name, destination_phone_number, request_timestamp, message, handset_number';

/** A new row of `messages`: its values in MESSAGE_COLUMNS order. */
export function messageValues(scope: Scope, message: MessageRecord): unknown[] {
  return [
    scope.accountId,
    scope.region,
    message.messageId,
    message.channel,
    message.configurationSetName ?? null,
    message.destinationPhoneNumber,
    message.requestTimestamp,
    JSON.stringify(message),
    handsetOf(message),
  ];
}

export function toEvent(row: EventRow): MessageEventRecord {
  return {
    eventId: row.event_id,
    messageId: row.message_id,
    seq: row.seq,
    eventType: row.event_type,
    dueAt: row.due_at,
    ...(row.configuration_set_name !== null && { configurationSetName: row.configuration_set_name }),
    record: JSON.parse(row.record) as Record<string, unknown>,
  };
}

export function toDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    eventId: row.event_id,
    destinationName: row.destination_name,
    configurationSetName: row.configuration_set_name,
    messageId: row.message_id,
    seq: row.seq,
    sink: JSON.parse(row.sink) as DeliveryRecord['sink'],
    status: row.status,
    attempts: row.attempts,
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
    ...(row.last_error !== null && { lastError: row.last_error }),
    ...(row.delivered_at !== null && { deliveredAt: row.delivered_at }),
  };
}

export const scopeOf = (row: { account_id: string; region: string }): Scope => ({ accountId: row.account_id, region: row.region });

/** Events with their deliveries, for the local view. */
export function toStoredEvents(rows: (EventRow & { id: number })[], deliveryRows: DeliveryRow[]): StoredEvent[] {
  const byEvent = groupDeliveries(deliveryRows);
  return rows.map((row) => ({
    cursor: row.id,
    scope: scopeOf(row),
    event: toEvent(row),
    ...(row.routed_at !== null && { routedAt: row.routed_at }),
    deliveries: byEvent.get(row.event_id) ?? [],
  }));
}

function groupDeliveries(rows: DeliveryRow[]): Map<string, DeliveryRecord[]> {
  const byEvent = new Map<string, DeliveryRecord[]>();
  for (const row of rows) {
    const list = byEvent.get(row.event_id) ?? [];
    list.push(toDelivery(row));
    byEvent.set(row.event_id, list);
  }
  return byEvent;
}

/** A row of the generic `resources` table, as both SQL stores return it. */
export interface ResourceTableRow {
  type: string;
  parent: string;
  id: string;
  name: string | null;
  created_at: number;
  doc: string;
}

export function toResourceRow<D>(row: ResourceTableRow): ResourceRow<D> {
  const record: ResourceRow<D> = { type: row.type, parent: row.parent, id: row.id, createdAt: Number(row.created_at), doc: JSON.parse(row.doc) as D };
  if (row.name !== null) record.name = row.name;
  return record;
}

export interface AttemptRow {
  id: number;
  account_id: string;
  region: string;
  event_id: string;
  message_id: string;
  configuration_set_name: string;
  destination_name: string;
  attempt: number;
  status: DeliveryRecord['status'];
  error: string | null;
  at: number;
}

export function toAttempt(row: AttemptRow): DeliveryAttemptRecord {
  return {
    cursor: row.id,
    scope: scopeOf(row),
    eventId: row.event_id,
    messageId: row.message_id,
    configurationSetName: row.configuration_set_name,
    destinationName: row.destination_name,
    attempt: row.attempt,
    status: row.status,
    ...(row.error !== null && { error: row.error }),
    at: row.at,
  };
}

/** The columns of a delivery_attempts row, in ATTEMPT_COLUMNS order. */
export const ATTEMPT_COLUMNS = 'account_id, region, event_id, message_id, configuration_set_name, destination_name, attempt, status, error, at';

/** The one attempt of a delivery inserted already final (captured as it was routed), as ATTEMPT_COLUMNS values. */
export function routedAttemptValues(scope: Scope, d: DeliveryRecord): unknown[] {
  return [
    scope.accountId,
    scope.region,
    d.eventId,
    d.messageId,
    d.configurationSetName,
    d.destinationName,
    d.attempts,
    d.status,
    d.lastError ?? null,
    d.deliveredAt ?? d.createdAt,
  ];
}
