// Messages, their events and the delivery outbox on SQLite.
import type Database from 'better-sqlite3';
import type { StatementCache } from './statement-cache.js';
import type { MessageRecord } from '../../events/message.js';
import type {
  AttemptQuery,
  ChangeHighWater,
  DeliveryAttemptRecord,
  DeliveryOutcome,
  DeliveryRecord,
  DueEvent,
  EventQuery,
  LeasedDelivery,
  MessageQuery,
  NewMessageEvent,
  Scope,
  StoredEvent,
  StoredMessage,
} from '../store.js';
import { deliveryKey } from '../store.js';
import {
  ATTEMPT_COLUMNS,
  MESSAGE_COLUMNS,
  messageValues,
  routedAttemptValues,
  scopeOf,
  toAttempt,
  toDelivery,
  toEvent,
  toStoredEvents,
  type AttemptRow,
  type DeliveryRow,
  type EventRow,
} from '../rows.js';

/** Statements built once: the statement cache is keyed by SQL text, which a template would rebuild per delivery. */
const INSERT_ROUTED_ATTEMPT = `INSERT INTO delivery_attempts (${ATTEMPT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_FINISHED_ATTEMPT = `INSERT INTO delivery_attempts (${ATTEMPT_COLUMNS})
       SELECT account_id, region, event_id, message_id, configuration_set_name, destination_name, ?, ?, ?, ?
       FROM event_deliveries WHERE event_id = ? AND destination_name = ?`;

/** WHERE clauses for the local views, built from whichever filters are given. */
function viewConditions(query: EventQuery, alias: string): { where: string; params: Record<string, unknown> } {
  const conditions: string[] = [];
  const params: Record<string, unknown> = {};
  const add = (sql: string, name: string, value: unknown) => {
    if (value === undefined) return;
    conditions.push(sql);
    params[name] = value;
  };
  add(`${alias}.account_id = @account_id`, 'account_id', query.accountId);
  add(`${alias}.region = @region`, 'region', query.region);
  add(`${alias}.configuration_set_name = @set`, 'set', query.configurationSetName);
  add(`${alias}.message_id = @message_id`, 'message_id', query.messageId);
  add(`${alias}.id < @before`, 'before', query.before);
  add(`${alias}.id > @after`, 'after', query.after);
  add(`${alias}.handset_number = @handset`, 'handset', query.handsetNumber);
  add(`${alias}.event_type = @event_type`, 'event_type', query.eventType);
  add(`${alias}.channel = @channel`, 'channel', query.channel);
  add(`json_extract(${alias}.message, '$.outcome') = @outcome`, 'outcome', query.outcome);
  add(`(${alias}.handset_number = @number OR json_extract(${alias}.message, '$.originationIdentity') = @number)`, 'number', query.number);
  add(`instr(lower(json_extract(${alias}.message, '$.messageBody')), lower(@text)) > 0`, 'text', query.text);
  if (query.status === 'scheduled') conditions.push(`${alias}.routed_at IS NULL`);
  if (query.status === 'routed') conditions.push(`${alias}.routed_at IS NOT NULL`);
  const deliveryFilters: string[] = [];
  if (query.destinationName !== undefined) {
    deliveryFilters.push('d.destination_name = @destination');
    params.destination = query.destinationName;
  }
  if (query.status !== undefined && query.status !== 'scheduled' && query.status !== 'routed') {
    deliveryFilters.push('d.status = @status');
    params.status = query.status;
  }
  if (deliveryFilters.length) {
    conditions.push(`EXISTS (SELECT 1 FROM event_deliveries d WHERE d.event_id = ${alias}.event_id AND ${deliveryFilters.join(' AND ')})`);
  }
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

export class SqliteOutbox {
  constructor(private readonly statements: StatementCache) {}

  private stmt(sql: string): Database.Statement {
    return this.statements.get(sql);
  }

  insertMessage(scope: Scope, message: MessageRecord, events: NewMessageEvent[]): void {
    this.stmt(`INSERT INTO messages (${MESSAGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...messageValues(scope, message));
    const insertEvent = this.stmt(
      `INSERT INTO message_events (event_id, account_id, region, message_id, seq, event_type, configuration_set_name,
        due_at, record, routed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const e of events) {
      insertEvent.run(
        e.eventId,
        scope.accountId,
        scope.region,
        e.messageId,
        e.seq,
        e.eventType,
        e.configurationSetName ?? null,
        e.dueAt,
        JSON.stringify(e.record),
        e.routing?.routedAt ?? null,
      );
      if (e.routing) this.insertDeliveries(scope, e.routing.deliveries);
    }
  }

  listDueEvents(now: number, limit: number): DueEvent[] {
    const rows = this.statements
      .limited(
        `SELECT * FROM message_events m WHERE routed_at IS NULL AND due_at <= ?
           AND NOT EXISTS (SELECT 1 FROM message_events e WHERE e.message_id = m.message_id AND e.seq < m.seq AND e.routed_at IS NULL)
         ORDER BY due_at, id LIMIT @limit`,
        limit,
      )
      .all(now) as EventRow[];
    return rows.map((row) => ({ ...toEvent(row), scope: scopeOf(row) }));
  }

  anyDueEvent(now: number): boolean {
    return this.stmt('SELECT 1 FROM message_events WHERE routed_at IS NULL AND due_at <= ? LIMIT 1').get(now) !== undefined;
  }

  markEventRouted(scope: Scope, eventId: string, routedAt: number, deliveries: DeliveryRecord[]): void {
    this.stmt('UPDATE message_events SET routed_at = ? WHERE event_id = ?').run(routedAt, eventId);
    this.insertDeliveries(scope, deliveries);
  }

  private insertDeliveries(scope: Scope, deliveries: DeliveryRecord[]): void {
    if (deliveries.length === 0) return;
    const insert = this.stmt(
      `INSERT INTO event_deliveries (event_id, destination_name, account_id, region, configuration_set_name, message_id,
        seq, sink, status, attempts, created_at, next_attempt_at, delivered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const d of deliveries) {
      insert.run(
        d.eventId,
        d.destinationName,
        scope.accountId,
        scope.region,
        d.configurationSetName,
        d.messageId,
        d.seq,
        JSON.stringify(d.sink),
        d.status,
        d.attempts,
        d.createdAt,
        d.nextAttemptAt,
        d.deliveredAt ?? null,
      );
      // A delivery captured as it was routed had its one attempt then.
      if (d.status !== 'pending') {
        this.stmt(INSERT_ROUTED_ATTEMPT).run(routedAttemptValues(scope, d));
      }
    }
  }

  pendingDeliveryKeys(messageIds: string[]): Set<string> {
    const rows = this.stmt(
      `SELECT DISTINCT d.message_id, d.destination_name FROM json_each(?) ids, event_deliveries d
       WHERE d.status = 'pending' AND d.message_id = ids.value`,
    )
      .raw(true)
      .all(JSON.stringify(messageIds)) as [string, string][];
    return new Set(rows.map(([messageId, destination]) => deliveryKey(messageId, destination)));
  }

  leaseDeliveries(now: number, owner: string, leaseUntil: number, limit: number): LeasedDelivery[] {
    const rows = this.statements
      .limited(
        `UPDATE event_deliveries SET lease_owner = @owner, lease_until = @lease_until
       WHERE id IN (
         SELECT d.id FROM event_deliveries d
         WHERE d.status = 'pending' AND d.next_attempt_at <= @now AND (d.lease_until IS NULL OR d.lease_until <= @now)
           AND NOT EXISTS (SELECT 1 FROM event_deliveries e WHERE e.status = 'pending' AND e.message_id = d.message_id
             AND e.destination_name = d.destination_name AND e.seq < d.seq)
         ORDER BY d.next_attempt_at, d.id LIMIT @limit)
       RETURNING *, (SELECT record FROM message_events m WHERE m.event_id = event_deliveries.event_id) AS record`,
        limit,
      )
      .all({ owner, lease_until: leaseUntil, now }) as (DeliveryRow & { record: string })[];
    return rows
      .map((row) => ({ ...toDelivery(row), scope: scopeOf(row), record: JSON.parse(row.record) as Record<string, unknown> }))
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.seq - b.seq);
  }

  /** The outcomes one by one, in order: prepared statements, no round trips to save. */
  finishDeliveries(owner: string, outcomes: DeliveryOutcome[]): void {
    for (const o of outcomes) this.finishDelivery(owner, o);
  }

  private finishDelivery(owner: string, o: DeliveryOutcome): void {
    const { changes } = this.stmt(
      `UPDATE event_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, delivered_at = ?,
        lease_owner = NULL, lease_until = NULL
       WHERE event_id = ? AND destination_name = ? AND lease_owner = ?`,
    ).run(o.status, o.attempts, o.nextAttemptAt, o.lastError ?? null, o.deliveredAt ?? null, o.eventId, o.destinationName, owner);
    if (changes === 0) return;
    this.stmt(INSERT_FINISHED_ATTEMPT).run(o.attempts, o.status, o.lastError ?? null, o.finishedAt, o.eventId, o.destinationName);
  }

  failPendingDeliveries(scope: Scope, setName: string, destinationName: string | undefined, lastError: string): number {
    return this.stmt(
      `UPDATE event_deliveries SET status = 'failed', last_error = @last_error, lease_owner = NULL, lease_until = NULL
       WHERE configuration_set_name = @set AND (@destination IS NULL OR destination_name = @destination)
         AND account_id = @account_id AND region = @region AND status = 'pending'`,
    ).run({ set: setName, destination: destinationName ?? null, account_id: scope.accountId, region: scope.region, last_error: lastError }).changes;
  }

  releaseAllLeases(): void {
    this.stmt('UPDATE event_deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL').run();
  }

  nextDueAt(): number | undefined {
    const row = this.stmt(
      `SELECT min(t) AS t FROM (
         SELECT min(due_at) AS t FROM message_events WHERE routed_at IS NULL
         UNION ALL SELECT min(max(next_attempt_at, coalesce(lease_until, 0))) FROM event_deliveries WHERE status = 'pending')`,
    ).get() as { t: number | null };
    return row.t ?? undefined;
  }

  updateMessage(scope: Scope, message: MessageRecord): boolean {
    const result = this.stmt('UPDATE messages SET message = ? WHERE message_id = ? AND account_id = ? AND region = ?').run(
      JSON.stringify(message),
      message.messageId,
      scope.accountId,
      scope.region,
    );
    return result.changes === 1;
  }

  listMessages(query: MessageQuery): StoredMessage[] {
    const { where, params } = viewConditions(query, 'm');
    const rows = this.statements
      .limited(`SELECT id, account_id, region, message FROM messages m ${where} ORDER BY m.id ${query.oldestFirst ? 'ASC' : 'DESC'} LIMIT @limit`, query.limit)
      .all(params) as { id: number; account_id: string; region: string; message: string }[];
    return rows.map((row) => ({ cursor: row.id, scope: scopeOf(row), message: JSON.parse(row.message) as MessageRecord }));
  }

  listEvents(query: EventQuery): StoredEvent[] {
    const { where, params } = viewConditions(query, 'm');
    const rows = this.statements
      .limited(`SELECT * FROM message_events m ${where} ORDER BY m.id ${query.oldestFirst ? 'ASC' : 'DESC'} LIMIT @limit`, query.limit)
      .all(params) as EventRow[];
    if (rows.length === 0) return [];
    const deliveries = this.stmt('SELECT d.* FROM event_deliveries d, json_each(?) ids WHERE d.event_id = ids.value ORDER BY d.id').all(
      JSON.stringify(rows.map((r) => r.event_id)),
    ) as DeliveryRow[];
    return toStoredEvents(rows, deliveries);
  }

  listDeliveryAttempts(query: AttemptQuery): DeliveryAttemptRecord[] {
    const rows = this.statements
      .limited(
        `SELECT * FROM delivery_attempts WHERE id > @after AND (@account_id IS NULL OR account_id = @account_id)
        AND (@region IS NULL OR region = @region) AND (@message_id IS NULL OR message_id = @message_id) ORDER BY id LIMIT @limit`,
        query.limit,
      )
      .all({
        after: query.after ?? 0,
        account_id: query.accountId ?? null,
        region: query.region ?? null,
        message_id: query.messageId ?? null,
      }) as AttemptRow[];
    return rows.map(toAttempt);
  }

  changeHighWater(): ChangeHighWater {
    return this.stmt(
      `SELECT coalesce((SELECT max(id) FROM messages), 0) AS messages, coalesce((SELECT max(id) FROM message_events), 0) AS events,
        coalesce((SELECT max(id) FROM delivery_attempts), 0) AS attempts`,
    ).get() as ChangeHighWater;
  }
}
