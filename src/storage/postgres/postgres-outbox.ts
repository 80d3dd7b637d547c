// The outbox writes of the PostgreSQL store, each one round trip however many rows it adds: rows
// travel as one JSON array, unpacked by json_to_recordset, and the statements of one change are
// chained in a WITH. Rows are inserted in array order (`ord`), so their ids (the views' and the
// change stream's cursors) ascend as the records were given.
import type { MessageRecord } from '../../events/message.js';
import { ATTEMPT_COLUMNS, MESSAGE_COLUMNS, messageValues } from '../rows.js';
import type { DeliveryOutcome, DeliveryRecord, NewMessageEvent, Scope } from '../store.js';
import type { Queryable } from './postgres-tx.js';

const DELIVERY_COLUMNS = `ord int, event_id text, destination_name text, configuration_set_name text, message_id text, seq int, sink text,
  status text, attempts int, created_at bigint, next_attempt_at bigint, delivered_at bigint`;

/**
 * The end of a WITH chain (after a comma) that inserts the deliveries given as parameter `param` (a
 * JSON array from deliveriesJson) into `scope`, and the one attempt of each delivery inserted
 * already final (captured as it was routed).
 */
const insertDeliveries = (param: number) => `d AS (
    INSERT INTO event_deliveries (event_id, destination_name, account_id, region, configuration_set_name,
      message_id, seq, sink, status, attempts, created_at, next_attempt_at, delivered_at)
    SELECT event_id, destination_name, $1, $2, configuration_set_name, message_id, seq, sink, status, attempts, created_at, next_attempt_at,
      delivered_at
    FROM json_to_recordset($${param}::json) AS x(${DELIVERY_COLUMNS}) ORDER BY ord
  ) INSERT INTO delivery_attempts (${ATTEMPT_COLUMNS})
  SELECT $1, $2, event_id, message_id, configuration_set_name, destination_name, attempts, status, NULL, coalesce(delivered_at, created_at)
  FROM json_to_recordset($${param}::json) AS x(${DELIVERY_COLUMNS}) WHERE status <> 'pending' ORDER BY ord`;

function deliveriesJson(deliveries: DeliveryRecord[]): string {
  return JSON.stringify(
    deliveries.map((d, ord) => ({
      ord,
      event_id: d.eventId,
      destination_name: d.destinationName,
      configuration_set_name: d.configurationSetName,
      message_id: d.messageId,
      seq: d.seq,
      sink: JSON.stringify(d.sink),
      status: d.status,
      attempts: d.attempts,
      created_at: d.createdAt,
      next_attempt_at: d.nextAttemptAt,
      delivered_at: d.deliveredAt ?? null,
    })),
  );
}

/** The message, its events and the deliveries of the events routed at once: one statement. */
export async function insertMessage(db: Queryable, scope: Scope, message: MessageRecord, events: NewMessageEvent[]): Promise<void> {
  const eventRows = events.map((e, ord) => ({
    ord,
    event_id: e.eventId,
    message_id: e.messageId,
    seq: e.seq,
    event_type: e.eventType,
    configuration_set_name: e.configurationSetName ?? null,
    due_at: e.dueAt,
    record: JSON.stringify(e.record),
    routed_at: e.routing?.routedAt ?? null,
  }));
  await db.query(
    `WITH m AS (
       INSERT INTO messages (${MESSAGE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ), e AS (
       INSERT INTO message_events (event_id, account_id, region, message_id, seq, event_type, configuration_set_name, due_at, record, routed_at)
       SELECT event_id, $1, $2, message_id, seq, event_type, configuration_set_name, due_at, record, routed_at
       FROM json_to_recordset($10::json) AS x(ord int, event_id text, message_id text, seq int, event_type text, configuration_set_name text,
         due_at bigint, record text, routed_at bigint) ORDER BY ord
     ), ${insertDeliveries(11)}`,
    [...messageValues(scope, message), JSON.stringify(eventRows), deliveriesJson(events.flatMap((e) => e.routing?.deliveries ?? []))],
  );
}

/** Marks the event routed and adds its deliveries: one statement. */
export async function markEventRouted(db: Queryable, scope: Scope, eventId: string, routedAt: number, deliveries: DeliveryRecord[]): Promise<void> {
  await db.query(`WITH r AS (UPDATE message_events SET routed_at = $3 WHERE event_id = $4), ${insertDeliveries(5)}`, [
    scope.accountId,
    scope.region,
    routedAt,
    eventId,
    deliveriesJson(deliveries),
  ]);
}

/**
 * Writes back the outcomes whose deliveries `owner` still leases, and records an attempt for each
 * of those, in the order of the outcomes: one statement.
 */
export async function finishDeliveries(db: Queryable, owner: string, outcomes: DeliveryOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const rows = outcomes.map((o, ord) => ({
    ord,
    event_id: o.eventId,
    destination_name: o.destinationName,
    status: o.status,
    attempts: o.attempts,
    next_attempt_at: o.nextAttemptAt,
    last_error: o.lastError ?? null,
    delivered_at: o.deliveredAt ?? null,
    finished_at: o.finishedAt,
  }));
  await db.query(
    `WITH o AS (
       SELECT * FROM json_to_recordset($2::json) AS x(ord int, event_id text, destination_name text, status text, attempts int,
         next_attempt_at bigint, last_error text, delivered_at bigint, finished_at bigint)
     ), done AS (
       UPDATE event_deliveries d SET status = o.status, attempts = o.attempts, next_attempt_at = o.next_attempt_at, last_error = o.last_error,
         delivered_at = o.delivered_at, lease_owner = NULL, lease_until = NULL
       FROM o WHERE d.event_id = o.event_id AND d.destination_name = o.destination_name AND d.lease_owner = $1
       RETURNING d.account_id, d.region, d.event_id, d.message_id, d.configuration_set_name, d.destination_name, o.attempts, o.status,
         o.last_error, o.finished_at, o.ord
     )
     INSERT INTO delivery_attempts (${ATTEMPT_COLUMNS})
     SELECT account_id, region, event_id, message_id, configuration_set_name, destination_name, attempts, status, last_error, finished_at
     FROM done ORDER BY ord`,
    [owner, JSON.stringify(rows)],
  );
}
