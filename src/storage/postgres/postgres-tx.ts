import type pg from 'pg';
import type { MessageRecord } from '../../events/message.js';
import * as outbox from './postgres-outbox.js';
import {
  scopeOf,
  toAttempt,
  toDelivery,
  toEvent,
  toResourceRow,
  toStoredEvents,
  type AttemptRow,
  type DeliveryRow,
  type EventRow,
  type ResourceTableRow,
} from '../rows.js';
import type {
  AttemptQuery,
  ChangeHighWater,
  ConfigurationSetRecord,
  DeliveryOutcome,
  DeliveryRecord,
  EventDestinationRecord,
  EventQuery,
  IdempotencyRecord,
  LeasedDelivery,
  ListPage,
  MessageQuery,
  NewMessageEvent,
  ResourcePage,
  ResourceRow,
  Scope,
  StoreTx,
  TagRecord,
} from '../store.js';
import { deliveryKey } from '../store.js';

export type Queryable = Pick<pg.ClientBase, 'query'>;

interface SetRow {
  name: string;
  arn: string;
  created_at: number;
  default_message_type: string | null;
  default_sender_id: string | null;
  default_message_feedback_enabled: boolean | null;
  protect_configuration_id: string | null;
}

function toSet(row: SetRow): ConfigurationSetRecord {
  const record: ConfigurationSetRecord = { name: row.name, arn: row.arn, createdAt: row.created_at };
  if (row.default_message_type !== null) record.defaultMessageType = row.default_message_type;
  if (row.default_sender_id !== null) record.defaultSenderId = row.default_sender_id;
  if (row.default_message_feedback_enabled !== null) record.defaultMessageFeedbackEnabled = row.default_message_feedback_enabled;
  if (row.protect_configuration_id !== null) record.protectConfigurationId = row.protect_configuration_id;
  return record;
}

interface DestinationRow {
  configuration_set_name: string;
  name: string;
  enabled: boolean;
  matching_event_types: string;
  sink: string;
}

const toDestination = (row: DestinationRow): EventDestinationRecord => ({
  configurationSetName: row.configuration_set_name,
  name: row.name,
  enabled: row.enabled,
  matchingEventTypes: JSON.parse(row.matching_event_types) as string[],
  sink: JSON.parse(row.sink) as EventDestinationRecord['sink'],
});

/** The local views' WHERE clause, with numbered parameters. */
function viewConditions(query: EventQuery, params: unknown[]): string {
  const conditions: string[] = [];
  const add = (sql: (n: string) => string, value: unknown) => {
    if (value === undefined) return;
    params.push(value);
    conditions.push(sql(`$${params.length}`));
  };
  add((n) => `m.account_id = ${n}`, query.accountId);
  add((n) => `m.region = ${n}`, query.region);
  add((n) => `m.configuration_set_name = ${n}`, query.configurationSetName);
  add((n) => `m.message_id = ${n}`, query.messageId);
  add((n) => `m.id < ${n}`, query.before);
  add((n) => `m.id > ${n}`, query.after);
  add((n) => `m.handset_number = ${n}`, query.handsetNumber);
  add((n) => `m.event_type = ${n}`, query.eventType);
  add((n) => `m.channel = ${n}`, query.channel);
  add((n) => `(m.message::jsonb ->> 'outcome') = ${n}`, query.outcome);
  add((n) => `(m.handset_number = ${n} OR (m.message::jsonb ->> 'originationIdentity') = ${n})`, query.number);
  add((n) => `strpos(lower(m.message::jsonb ->> 'messageBody'), lower(${n})) > 0`, query.text);
  if (query.status === 'scheduled') conditions.push('m.routed_at IS NULL');
  if (query.status === 'routed') conditions.push('m.routed_at IS NOT NULL');
  const inner: string[] = [];
  if (query.destinationName !== undefined) {
    params.push(query.destinationName);
    inner.push(`d.destination_name = $${params.length}`);
  }
  if (query.status !== undefined && query.status !== 'scheduled' && query.status !== 'routed') {
    params.push(query.status);
    inner.push(`d.status = $${params.length}`);
  }
  if (inner.length) conditions.push(`EXISTS (SELECT 1 FROM event_deliveries d WHERE d.event_id = m.event_id AND ${inner.join(' AND ')})`);
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
}

export class PostgresTx implements StoreTx {
  constructor(private readonly db: Queryable) {}

  private async rows<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    return (await this.db.query<R>(sql, params)).rows;
  }

  async getResource<D>(scope: Scope, type: string, parent: string, id: string) {
    const [row] = await this.rows<ResourceTableRow>('SELECT * FROM resources WHERE account_id = $1 AND region = $2 AND type = $3 AND parent = $4 AND id = $5', [
      scope.accountId,
      scope.region,
      type,
      parent,
      id,
    ]);
    return row && toResourceRow<D>(row);
  }
  async findResourceByName<D>(scope: Scope, type: string, parent: string, name: string) {
    const [row] = await this.rows<ResourceTableRow>(
      'SELECT * FROM resources WHERE account_id = $1 AND region = $2 AND type = $3 AND parent = $4 AND name = $5',
      [scope.accountId, scope.region, type, parent, name],
    );
    return row && toResourceRow<D>(row);
  }
  async listResources<D>(scope: Scope, type: string, page: ResourcePage) {
    const rows =
      page.parent !== undefined
        ? await this.rows<ResourceTableRow>(
            `SELECT * FROM resources WHERE account_id = $1 AND region = $2 AND type = $3 AND parent = $4 AND id > $5
             ORDER BY id LIMIT $6`,
            [scope.accountId, scope.region, type, page.parent, page.after?.id ?? '', page.limit],
          )
        : await this.rows<ResourceTableRow>(
            `SELECT * FROM resources WHERE account_id = $1 AND region = $2 AND type = $3 AND (parent, id) > ($4, $5)
             ORDER BY parent, id LIMIT $6`,
            [scope.accountId, scope.region, type, page.after?.parent ?? '', page.after?.id ?? '', page.limit],
          );
    return rows.map((row) => toResourceRow<D>(row));
  }
  async countResources(scope: Scope, type: string, parent?: string) {
    const [row] = await this.rows<{ n: number }>(
      'SELECT count(*)::int AS n FROM resources WHERE account_id = $1 AND region = $2 AND type = $3 AND ($4::text IS NULL OR parent = $4)',
      [scope.accountId, scope.region, type, parent ?? null],
    );
    return row.n;
  }
  async insertResource(scope: Scope, r: ResourceRow) {
    await this.db.query('INSERT INTO resources (account_id, region, type, parent, id, name, created_at, doc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      scope.accountId,
      scope.region,
      r.type,
      r.parent,
      r.id,
      r.name ?? null,
      r.createdAt,
      JSON.stringify(r.doc),
    ]);
  }
  async updateResource(scope: Scope, r: ResourceRow) {
    await this.db.query('UPDATE resources SET name = $6, doc = $7 WHERE account_id = $1 AND region = $2 AND type = $3 AND parent = $4 AND id = $5', [
      scope.accountId,
      scope.region,
      r.type,
      r.parent,
      r.id,
      r.name ?? null,
      JSON.stringify(r.doc),
    ]);
  }
  async addToResourceField(scope: Scope, type: string, parent: string, id: string, field: string, delta: number) {
    // doc is TEXT (migration 3); a cast to jsonb and back keeps it valid JSON.
    const [row] = await this.rows<{ value: string }>(
      `UPDATE resources SET doc = jsonb_set(doc::jsonb, ARRAY[$6::text], to_jsonb(coalesce((doc::jsonb ->> $6::text)::numeric, 0) + $7::numeric))::text
       WHERE account_id = $1 AND region = $2 AND type = $3 AND parent = $4 AND id = $5 RETURNING doc::jsonb ->> $6::text AS value`,
      [scope.accountId, scope.region, type, parent, id, field, delta],
    );
    return row && Number(row.value);
  }
  async deleteResource(scope: Scope, type: string, parent: string, id: string) {
    await this.db.query('DELETE FROM resources WHERE account_id = $1 AND region = $2 AND type = $3 AND parent = $4 AND id = $5', [
      scope.accountId,
      scope.region,
      type,
      parent,
      id,
    ]);
  }
  async deleteResourcesOf(scope: Scope, type: string, parent: string) {
    await this.db.query('DELETE FROM resources WHERE account_id = $1 AND region = $2 AND type = $3 AND parent = $4', [
      scope.accountId,
      scope.region,
      type,
      parent,
    ]);
  }
  async findConfigurationSet(scope: Scope, name: string) {
    const [row] = await this.rows<SetRow>('SELECT * FROM configuration_sets WHERE account_id = $1 AND region = $2 AND name = $3', [
      scope.accountId,
      scope.region,
      name,
    ]);
    return row && toSet(row);
  }
  async listConfigurationSets(scope: Scope, page: ListPage) {
    const rows = await this.rows<SetRow>('SELECT * FROM configuration_sets WHERE account_id = $1 AND region = $2 AND name > $3 ORDER BY name LIMIT $4', [
      scope.accountId,
      scope.region,
      page.afterName ?? '',
      page.limit,
    ]);
    return rows.map(toSet);
  }
  async countConfigurationSets(scope: Scope) {
    const [row] = await this.rows<{ n: number }>('SELECT count(*)::int AS n FROM configuration_sets WHERE account_id = $1 AND region = $2', [
      scope.accountId,
      scope.region,
    ]);
    return row.n;
  }
  async insertConfigurationSet(scope: Scope, r: ConfigurationSetRecord) {
    await this.db.query(
      `INSERT INTO configuration_sets (account_id, region, name, arn, created_at, default_message_type, default_sender_id,
        default_message_feedback_enabled, protect_configuration_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        scope.accountId,
        scope.region,
        r.name,
        r.arn,
        r.createdAt,
        r.defaultMessageType ?? null,
        r.defaultSenderId ?? null,
        r.defaultMessageFeedbackEnabled ?? null,
        r.protectConfigurationId ?? null,
      ],
    );
  }
  async updateConfigurationSet(scope: Scope, r: ConfigurationSetRecord) {
    await this.db.query(
      `UPDATE configuration_sets SET default_message_type = $4, default_sender_id = $5, default_message_feedback_enabled = $6,
        protect_configuration_id = $7 WHERE account_id = $1 AND region = $2 AND name = $3`,
      [
        scope.accountId,
        scope.region,
        r.name,
        r.defaultMessageType ?? null,
        r.defaultSenderId ?? null,
        r.defaultMessageFeedbackEnabled ?? null,
        r.protectConfigurationId ?? null,
      ],
    );
  }
  async deleteConfigurationSet(scope: Scope, name: string) {
    const params = [scope.accountId, scope.region, name];
    await this.db.query('DELETE FROM event_destinations WHERE account_id = $1 AND region = $2 AND configuration_set_name = $3', params);
    await this.db.query('DELETE FROM configuration_sets WHERE account_id = $1 AND region = $2 AND name = $3', params);
  }
  async listEventDestinations(scope: Scope, names: string[]) {
    if (names.length === 0) return [];
    const rows = await this.rows<DestinationRow>(
      `SELECT * FROM event_destinations WHERE account_id = $1 AND region = $2 AND configuration_set_name = ANY($3::text[])
       ORDER BY configuration_set_name, seq`,
      [scope.accountId, scope.region, names],
    );
    return rows.map(toDestination);
  }
  async insertEventDestination(scope: Scope, r: EventDestinationRecord) {
    await this.db.query(
      `INSERT INTO event_destinations (account_id, region, configuration_set_name, name, seq, enabled, matching_event_types, sink)
       SELECT $1, $2, $3, $4, coalesce(max(seq), 0) + 1, $5, $6, $7 FROM event_destinations
       WHERE account_id = $1 AND region = $2 AND configuration_set_name = $3`,
      [scope.accountId, scope.region, r.configurationSetName, r.name, r.enabled, JSON.stringify(r.matchingEventTypes), JSON.stringify(r.sink)],
    );
  }
  async updateEventDestination(scope: Scope, r: EventDestinationRecord) {
    await this.db.query(
      `UPDATE event_destinations SET enabled = $5, matching_event_types = $6, sink = $7
       WHERE account_id = $1 AND region = $2 AND configuration_set_name = $3 AND name = $4`,
      [scope.accountId, scope.region, r.configurationSetName, r.name, r.enabled, JSON.stringify(r.matchingEventTypes), JSON.stringify(r.sink)],
    );
  }
  async deleteEventDestination(scope: Scope, setName: string, name: string) {
    await this.db.query('DELETE FROM event_destinations WHERE account_id = $1 AND region = $2 AND configuration_set_name = $3 AND name = $4', [
      scope.accountId,
      scope.region,
      setName,
      name,
    ]);
  }
  async listTags(scope: Scope, arn: string) {
    return this.rows<TagRecord>('SELECT key, value FROM tags WHERE account_id = $1 AND region = $2 AND resource_arn = $3 ORDER BY key', [
      scope.accountId,
      scope.region,
      arn,
    ]);
  }
  async putTags(scope: Scope, arn: string, tags: TagRecord[]) {
    for (const tag of tags) {
      await this.db.query(
        `INSERT INTO tags (account_id, region, resource_arn, key, value) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (account_id, region, resource_arn, key) DO UPDATE SET value = excluded.value`,
        [scope.accountId, scope.region, arn, tag.key, tag.value],
      );
    }
  }
  async deleteTags(scope: Scope, arn: string, keys: string[] | 'all') {
    if (keys === 'all')
      await this.db.query('DELETE FROM tags WHERE account_id = $1 AND region = $2 AND resource_arn = $3', [scope.accountId, scope.region, arn]);
    else
      await this.db.query('DELETE FROM tags WHERE account_id = $1 AND region = $2 AND resource_arn = $3 AND key = ANY($4::text[])', [
        scope.accountId,
        scope.region,
        arn,
        keys,
      ]);
  }
  async findIdempotencyRecord(scope: Scope, operation: string, token: string) {
    const [row] = await this.rows<{ request_hash: string; response: string }>(
      'SELECT request_hash, response FROM idempotency_records WHERE account_id = $1 AND region = $2 AND operation = $3 AND token = $4',
      [scope.accountId, scope.region, operation, token],
    );
    return row && { requestHash: row.request_hash, response: JSON.parse(row.response) as unknown };
  }
  async insertIdempotencyRecord(scope: Scope, operation: string, token: string, record: IdempotencyRecord) {
    await this.db.query('INSERT INTO idempotency_records (account_id, region, operation, token, request_hash, response) VALUES ($1, $2, $3, $4, $5, $6)', [
      scope.accountId,
      scope.region,
      operation,
      token,
      record.requestHash,
      JSON.stringify(record.response),
    ]);
  }

  async insertMessage(scope: Scope, message: MessageRecord, events: NewMessageEvent[]) {
    await outbox.insertMessage(this.db, scope, message, events);
  }
  async updateMessage(scope: Scope, message: MessageRecord) {
    const result = await this.db.query('UPDATE messages SET message = $1 WHERE message_id = $2 AND account_id = $3 AND region = $4', [
      JSON.stringify(message),
      message.messageId,
      scope.accountId,
      scope.region,
    ]);
    return result.rowCount === 1;
  }
  async listDueEvents(now: number, limit: number) {
    const rows = await this.rows<EventRow>(
      // An event whose message has an earlier one still unrouted waits for it: that one may be
      // locked by another node's routing (SKIP LOCKED hides it), and routing this one first would
      // put its deliveries ahead of the earlier event's.
      `SELECT * FROM message_events m WHERE routed_at IS NULL AND due_at <= $1
         AND NOT EXISTS (SELECT 1 FROM message_events e WHERE e.message_id = m.message_id AND e.seq < m.seq AND e.routed_at IS NULL)
       ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map((row) => ({ ...toEvent(row), scope: scopeOf(row) }));
  }
  async anyDueEvent(now: number) {
    return (await this.rows('SELECT 1 FROM message_events WHERE routed_at IS NULL AND due_at <= $1 LIMIT 1', [now])).length > 0;
  }
  async markEventRouted(scope: Scope, eventId: string, routedAt: number, deliveries: DeliveryRecord[]) {
    await outbox.markEventRouted(this.db, scope, eventId, routedAt, deliveries);
  }
  async pendingDeliveryKeys(messageIds: string[]) {
    const rows = await this.rows<{ message_id: string; destination_name: string }>(
      `SELECT DISTINCT message_id, destination_name FROM event_deliveries WHERE status = 'pending' AND message_id = ANY($1::text[])`,
      [messageIds],
    );
    return new Set(rows.map((r) => deliveryKey(r.message_id, r.destination_name)));
  }
  async leaseDeliveries(now: number, owner: string, leaseUntil: number, limit: number): Promise<LeasedDelivery[]> {
    const rows = await this.rows<DeliveryRow & { record: string }>(
      `UPDATE event_deliveries SET lease_owner = $1, lease_until = $2
       WHERE id IN (
         SELECT d.id FROM event_deliveries d
         WHERE d.status = 'pending' AND d.next_attempt_at <= $3 AND (d.lease_until IS NULL OR d.lease_until <= $3)
           AND NOT EXISTS (SELECT 1 FROM event_deliveries e WHERE e.status = 'pending' AND e.message_id = d.message_id
             AND e.destination_name = d.destination_name AND e.seq < d.seq)
         ORDER BY d.next_attempt_at, d.id LIMIT $4 FOR UPDATE SKIP LOCKED)
       RETURNING *, (SELECT record FROM message_events m WHERE m.event_id = event_deliveries.event_id) AS record`,
      [owner, leaseUntil, now, limit],
    );
    return rows
      .map((row) => ({ ...toDelivery(row), scope: scopeOf(row), record: JSON.parse(row.record) as Record<string, unknown> }))
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.seq - b.seq);
  }
  async finishDeliveries(owner: string, outcomes: DeliveryOutcome[]) {
    await outbox.finishDeliveries(this.db, owner, outcomes);
  }
  async failPendingDeliveries(scope: Scope, setName: string, destinationName: string | undefined, lastError: string) {
    const result = await this.db.query(
      `UPDATE event_deliveries SET status = 'failed', last_error = $5, lease_owner = NULL, lease_until = NULL
       WHERE configuration_set_name = $3 AND ($4::text IS NULL OR destination_name = $4)
         AND account_id = $1 AND region = $2 AND status = 'pending'`,
      [scope.accountId, scope.region, setName, destinationName ?? null, lastError],
    );
    return result.rowCount ?? 0;
  }
  async releaseAllLeases() {
    await this.db.query('UPDATE event_deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL');
  }
  async nextDueAt() {
    const [row] = await this.rows<{ t: number | null }>(
      `SELECT least(
         (SELECT min(due_at) FROM message_events WHERE routed_at IS NULL),
         (SELECT min(greatest(next_attempt_at, coalesce(lease_until, 0))) FROM event_deliveries WHERE status = 'pending')) AS t`,
    );
    return row.t ?? undefined;
  }
  async listMessages(query: MessageQuery) {
    const params: unknown[] = [];
    const where = viewConditions(query, params);
    params.push(query.limit);
    const rows = await this.rows<{ id: number; account_id: string; region: string; message: string }>(
      `SELECT m.id, m.account_id, m.region, m.message FROM messages m ${where} ORDER BY m.id ${query.oldestFirst ? 'ASC' : 'DESC'} LIMIT $${params.length}`,
      params,
    );
    return rows.map((row) => ({ cursor: row.id, scope: scopeOf(row), message: JSON.parse(row.message) as MessageRecord }));
  }
  async listEvents(query: EventQuery) {
    const params: unknown[] = [];
    const where = viewConditions(query, params);
    params.push(query.limit);
    const order = query.oldestFirst ? 'ASC' : 'DESC';
    const rows = await this.rows<EventRow>(`SELECT * FROM message_events m ${where} ORDER BY m.id ${order} LIMIT $${params.length}`, params);
    if (rows.length === 0) return [];
    const deliveries = await this.rows<DeliveryRow>('SELECT * FROM event_deliveries WHERE event_id = ANY($1::text[]) ORDER BY id', [
      rows.map((r) => r.event_id),
    ]);
    return toStoredEvents(rows, deliveries);
  }
  async listDeliveryAttempts(query: AttemptQuery) {
    const rows = await this.rows<AttemptRow>(
      `SELECT * FROM delivery_attempts WHERE id > $1 AND ($2::text IS NULL OR account_id = $2) AND ($3::text IS NULL OR region = $3)
        AND ($4::text IS NULL OR message_id = $4) ORDER BY id LIMIT $5`,
      [query.after ?? 0, query.accountId ?? null, query.region ?? null, query.messageId ?? null, query.limit],
    );
    return rows.map(toAttempt);
  }
  async changeHighWater(): Promise<ChangeHighWater> {
    const [row] = await this.rows<ChangeHighWater>(
      `SELECT coalesce((SELECT max(id) FROM messages), 0) AS messages, coalesce((SELECT max(id) FROM message_events), 0) AS events,
        coalesce((SELECT max(id) FROM delivery_attempts), 0) AS attempts`,
    );
    return row;
  }
}
