import type Database from 'better-sqlite3';
import type {
  ConfigurationSetRecord,
  EventDestinationRecord,
  IdempotencyRecord,
  ListPage,
  ResourcePage,
  ResourceRow,
  Scope,
  StoreTx,
  TagRecord,
} from '../store.js';
import { toResourceRow, type ResourceTableRow } from '../rows.js';
import type { MessageRecord } from '../../events/message.js';
import type { AttemptQuery, DeliveryOutcome, DeliveryRecord, EventQuery, MessageQuery, NewMessageEvent } from '../store.js';
import type { SqliteOutbox } from './sqlite-outbox.js';
import type { StatementCache } from './statement-cache.js';

interface EventDestinationRow {
  configuration_set_name: string;
  name: string;
  enabled: number;
  matching_event_types: string;
  sink: string;
}

function toEventDestinationRecord(row: EventDestinationRow): EventDestinationRecord {
  return {
    configurationSetName: row.configuration_set_name,
    name: row.name,
    enabled: row.enabled === 1,
    matchingEventTypes: JSON.parse(row.matching_event_types) as string[],
    sink: JSON.parse(row.sink) as EventDestinationRecord['sink'],
  };
}

function configurationSetParams(scope: Scope, r: ConfigurationSetRecord) {
  return {
    account_id: scope.accountId,
    region: scope.region,
    name: r.name,
    arn: r.arn,
    created_at: r.createdAt,
    default_message_type: r.defaultMessageType ?? null,
    default_sender_id: r.defaultSenderId ?? null,
    default_message_feedback_enabled: r.defaultMessageFeedbackEnabled === undefined ? null : r.defaultMessageFeedbackEnabled ? 1 : 0,
    protect_configuration_id: r.protectConfigurationId ?? null,
  };
}

function eventDestinationParams(scope: Scope, r: EventDestinationRecord) {
  return {
    account_id: scope.accountId,
    region: scope.region,
    configuration_set_name: r.configurationSetName,
    name: r.name,
    enabled: r.enabled ? 1 : 0,
    matching_event_types: JSON.stringify(r.matchingEventTypes),
    sink: JSON.stringify(r.sink),
  };
}

const SCOPE = 'account_id = @account_id AND region = @region';
const SET_COLUMNS = [
  'name',
  'arn',
  'created_at',
  'default_message_type',
  'default_sender_id',
  'default_message_feedback_enabled',
  'protect_configuration_id',
] as const;

/** A raw row in SET_COLUMNS order, as a record. Raw rows (arrays) because building an object per
 * row costs more than the query on a page of sets. */
function rawToConfigurationSetRecord(raw: unknown[]): ConfigurationSetRecord {
  const [name, arn, createdAt, messageType, senderId, feedback, protect] = raw as [string, string, number, ...(string | number | null)[]];
  const record: ConfigurationSetRecord = { name, arn, createdAt };
  if (messageType !== null) record.defaultMessageType = messageType as string;
  if (senderId !== null) record.defaultSenderId = senderId as string;
  if (feedback !== null) record.defaultMessageFeedbackEnabled = feedback === 1;
  if (protect !== null) record.protectConfigurationId = protect as string;
  return record;
}

/** Statements with a LIMIT, prepared per limit value (StatementCache.limited). */
const LIMITED = {
  listSets: `SELECT ${SET_COLUMNS.join(', ')} FROM configuration_sets
      WHERE account_id = ? AND region = ? AND name > ? ORDER BY name LIMIT @limit`,
  listResourcesOf: `SELECT * FROM resources WHERE ${SCOPE} AND type = @type AND parent = @parent AND id > @after_id
      ORDER BY id LIMIT @limit`,
  listResourcesAll: `SELECT * FROM resources WHERE ${SCOPE} AND type = @type AND (parent, id) > (@after_parent, @after_id)
      ORDER BY parent, id LIMIT @limit`,
};

/** Prepared statements, compiled once per connection. */
export type Statements = Record<string, Database.Statement>;

export function prepareStatements(db: Database.Database): Statements {
  const s = (sql: string) => db.prepare(sql);
  return {
    findSet: s(`SELECT ${SET_COLUMNS.join(', ')} FROM configuration_sets WHERE account_id = ? AND region = ? AND name = ?`).raw(true),
    countSets: s(`SELECT count(*) AS n FROM configuration_sets WHERE ${SCOPE}`),
    insertSet: s(`INSERT INTO configuration_sets (account_id, region, name, arn, created_at, default_message_type,
        default_sender_id, default_message_feedback_enabled, protect_configuration_id)
      VALUES (@account_id, @region, @name, @arn, @created_at, @default_message_type, @default_sender_id,
        @default_message_feedback_enabled, @protect_configuration_id)`),
    updateSet: s(`UPDATE configuration_sets SET default_message_type = @default_message_type,
        default_sender_id = @default_sender_id, default_message_feedback_enabled = @default_message_feedback_enabled,
        protect_configuration_id = @protect_configuration_id WHERE ${SCOPE} AND name = @name`),
    deleteSet: s(`DELETE FROM configuration_sets WHERE ${SCOPE} AND name = @name`),
    deleteSetDestinations: s(`DELETE FROM event_destinations WHERE ${SCOPE} AND configuration_set_name = @name`),
    listSetDestinations: s(`SELECT * FROM event_destinations
      WHERE account_id = ? AND region = ? AND configuration_set_name = ? ORDER BY seq`),
    listDestinations: s(`SELECT d.* FROM event_destinations d
      WHERE d.account_id = @account_id AND d.region = @region
        AND d.configuration_set_name IN (SELECT value FROM json_each(@names))
      ORDER BY d.configuration_set_name, d.seq`),
    nextDestinationSeq: s(`SELECT coalesce(max(seq), 0) + 1 AS seq FROM event_destinations
      WHERE ${SCOPE} AND configuration_set_name = @configuration_set_name`),
    insertDestination: s(`INSERT INTO event_destinations (account_id, region, configuration_set_name, name, seq,
        enabled, matching_event_types, sink)
      VALUES (@account_id, @region, @configuration_set_name, @name, @seq, @enabled, @matching_event_types, @sink)`),
    updateDestination: s(`UPDATE event_destinations SET enabled = @enabled,
        matching_event_types = @matching_event_types, sink = @sink
      WHERE ${SCOPE} AND configuration_set_name = @configuration_set_name AND name = @name`),
    deleteDestination: s(`DELETE FROM event_destinations
      WHERE ${SCOPE} AND configuration_set_name = @configuration_set_name AND name = @name`),
    listTags: s(`SELECT key, value FROM tags WHERE ${SCOPE} AND resource_arn = @arn ORDER BY key`),
    putTag: s(`INSERT INTO tags (account_id, region, resource_arn, key, value)
      VALUES (@account_id, @region, @arn, @key, @value)
      ON CONFLICT (account_id, region, resource_arn, key) DO UPDATE SET value = excluded.value`),
    deleteTag: s(`DELETE FROM tags WHERE ${SCOPE} AND resource_arn = @arn AND key = @key`),
    deleteAllTags: s(`DELETE FROM tags WHERE ${SCOPE} AND resource_arn = @arn`),
    getResource: s(`SELECT * FROM resources WHERE ${SCOPE} AND type = @type AND parent = @parent AND id = @id`),
    findResourceByName: s(`SELECT * FROM resources WHERE ${SCOPE} AND type = @type AND parent = @parent AND name = @name`),
    countResourcesOf: s(`SELECT count(*) AS n FROM resources WHERE ${SCOPE} AND type = @type AND parent = @parent`),
    countResourcesAll: s(`SELECT count(*) AS n FROM resources WHERE ${SCOPE} AND type = @type`),
    insertResource: s(`INSERT INTO resources (account_id, region, type, parent, id, name, created_at, doc)
      VALUES (@account_id, @region, @type, @parent, @id, @name, @created_at, @doc)`),
    updateResource: s(`UPDATE resources SET name = @name, doc = @doc
      WHERE ${SCOPE} AND type = @type AND parent = @parent AND id = @id`),
    addToResource: s(`UPDATE resources SET doc = json_set(doc, @path, coalesce(json_extract(doc, @path), 0) + @delta)
      WHERE ${SCOPE} AND type = @type AND parent = @parent AND id = @id RETURNING json_extract(doc, @path) AS value`),
    deleteResource: s(`DELETE FROM resources WHERE ${SCOPE} AND type = @type AND parent = @parent AND id = @id`),
    deleteResourcesOf: s(`DELETE FROM resources WHERE ${SCOPE} AND type = @type AND parent = @parent`),
    findIdempotency: s(`SELECT request_hash, response FROM idempotency_records
      WHERE ${SCOPE} AND operation = @operation AND token = @token`),
    insertIdempotency: s(`INSERT INTO idempotency_records (account_id, region, operation, token, request_hash, response)
      VALUES (@account_id, @region, @operation, @token, @request_hash, @response)`),
  };
}

/** The JSON path of a top-level key, quoted so that any key name is taken literally. */
const jsonPath = (key: string) => `$.${JSON.stringify(key)}`;

const scoped = (scope: Scope) => ({ account_id: scope.accountId, region: scope.region });

const resourceParams = (scope: Scope, row: ResourceRow) => ({
  ...scoped(scope),
  type: row.type,
  parent: row.parent,
  id: row.id,
  name: row.name ?? null,
  created_at: row.createdAt,
  doc: JSON.stringify(row.doc),
});

/** Mutations of configuration sets and destinations count up, so read caches know when they went stale. */
export interface CacheState {
  generation: number;
}

export class SqliteTx implements StoreTx {
  constructor(
    protected readonly q: Statements,
    protected readonly statementCache: StatementCache,
    protected readonly outbox: SqliteOutbox,
    protected readonly cacheState: CacheState,
  ) {}

  async findConfigurationSet(scope: Scope, name: string) {
    const row = this.q.findSet.get(scope.accountId, scope.region, name) as unknown[] | undefined;
    return row && rawToConfigurationSetRecord(row);
  }
  async listConfigurationSets(scope: Scope, page: ListPage) {
    const rows = this.statementCache
      .limited(LIMITED.listSets, page.limit)
      .raw(true)
      .all(scope.accountId, scope.region, page.afterName ?? '') as unknown[][];
    return rows.map(rawToConfigurationSetRecord);
  }
  async countConfigurationSets(scope: Scope) {
    return (this.q.countSets.get(scoped(scope)) as { n: number }).n;
  }
  async insertConfigurationSet(scope: Scope, record: ConfigurationSetRecord) {
    this.cacheState.generation++;
    this.q.insertSet.run(configurationSetParams(scope, record));
  }
  async updateConfigurationSet(scope: Scope, record: ConfigurationSetRecord) {
    this.cacheState.generation++;
    this.q.updateSet.run(configurationSetParams(scope, record));
  }
  async deleteConfigurationSet(scope: Scope, name: string) {
    this.cacheState.generation++;
    this.q.deleteSetDestinations.run({ ...scoped(scope), name });
    this.q.deleteSet.run({ ...scoped(scope), name });
  }
  async listEventDestinations(scope: Scope, configurationSetNames: string[]) {
    if (configurationSetNames.length === 0) return [];
    const rows =
      configurationSetNames.length === 1
        ? this.q.listSetDestinations.all(scope.accountId, scope.region, configurationSetNames[0])
        : this.q.listDestinations.all({ ...scoped(scope), names: JSON.stringify(configurationSetNames) });
    return (rows as EventDestinationRow[]).map(toEventDestinationRecord);
  }
  async insertEventDestination(scope: Scope, record: EventDestinationRecord) {
    this.cacheState.generation++;
    const params = eventDestinationParams(scope, record);
    const { seq } = this.q.nextDestinationSeq.get(params) as { seq: number };
    this.q.insertDestination.run({ ...params, seq });
  }
  async updateEventDestination(scope: Scope, record: EventDestinationRecord) {
    this.cacheState.generation++;
    this.q.updateDestination.run(eventDestinationParams(scope, record));
  }
  async deleteEventDestination(scope: Scope, configurationSetName: string, name: string) {
    this.cacheState.generation++;
    this.q.deleteDestination.run({ ...scoped(scope), configuration_set_name: configurationSetName, name });
  }
  async listTags(scope: Scope, resourceArn: string) {
    return this.q.listTags.all({ ...scoped(scope), arn: resourceArn }) as TagRecord[];
  }
  async putTags(scope: Scope, resourceArn: string, tags: TagRecord[]) {
    for (const tag of tags) this.q.putTag.run({ ...scoped(scope), arn: resourceArn, key: tag.key, value: tag.value });
  }
  async deleteTags(scope: Scope, resourceArn: string, keys: string[] | 'all') {
    if (keys === 'all') this.q.deleteAllTags.run({ ...scoped(scope), arn: resourceArn });
    else for (const key of keys) this.q.deleteTag.run({ ...scoped(scope), arn: resourceArn, key });
  }
  async getResource<D>(scope: Scope, type: string, parent: string, id: string) {
    const row = this.q.getResource.get({ ...scoped(scope), type, parent, id }) as ResourceTableRow | undefined;
    return row && toResourceRow<D>(row);
  }
  async findResourceByName<D>(scope: Scope, type: string, parent: string, name: string) {
    const row = this.q.findResourceByName.get({ ...scoped(scope), type, parent, name }) as ResourceTableRow | undefined;
    return row && toResourceRow<D>(row);
  }
  async listResources<D>(scope: Scope, type: string, page: ResourcePage) {
    const rows =
      page.parent !== undefined
        ? this.statementCache.limited(LIMITED.listResourcesOf, page.limit).all({ ...scoped(scope), type, parent: page.parent, after_id: page.after?.id ?? '' })
        : this.statementCache.limited(LIMITED.listResourcesAll, page.limit).all({
            ...scoped(scope),
            type,
            after_parent: page.after?.parent ?? '',
            after_id: page.after?.id ?? '',
          });
    return (rows as ResourceTableRow[]).map((row) => toResourceRow<D>(row));
  }
  async countResources(scope: Scope, type: string, parent?: string) {
    const row =
      parent === undefined ? this.q.countResourcesAll.get({ ...scoped(scope), type }) : this.q.countResourcesOf.get({ ...scoped(scope), type, parent });
    return (row as { n: number }).n;
  }
  async insertResource(scope: Scope, row: ResourceRow) {
    this.q.insertResource.run(resourceParams(scope, row));
  }
  async updateResource(scope: Scope, row: ResourceRow) {
    const { created_at: _, ...params } = resourceParams(scope, row);
    this.q.updateResource.run(params);
  }
  async addToResourceField(scope: Scope, type: string, parent: string, id: string, field: string, delta: number) {
    const row = this.q.addToResource.get({ ...scoped(scope), type, parent, id, path: jsonPath(field), delta }) as { value: number } | undefined;
    return row?.value;
  }
  async deleteResource(scope: Scope, type: string, parent: string, id: string) {
    this.q.deleteResource.run({ ...scoped(scope), type, parent, id });
  }
  async deleteResourcesOf(scope: Scope, type: string, parent: string) {
    this.q.deleteResourcesOf.run({ ...scoped(scope), type, parent });
  }
  async findIdempotencyRecord(scope: Scope, operation: string, token: string) {
    const row = this.q.findIdempotency.get({ ...scoped(scope), operation, token }) as { request_hash: string; response: string } | undefined;
    return row && { requestHash: row.request_hash, response: JSON.parse(row.response) as unknown };
  }
  async insertIdempotencyRecord(scope: Scope, operation: string, token: string, record: IdempotencyRecord) {
    this.q.insertIdempotency.run({
      ...scoped(scope),
      operation,
      token,
      request_hash: record.requestHash,
      response: JSON.stringify(record.response),
    });
  }
  async insertMessage(scope: Scope, message: MessageRecord, events: NewMessageEvent[]) {
    this.outbox.insertMessage(scope, message, events);
  }
  async updateMessage(scope: Scope, message: MessageRecord) {
    return this.outbox.updateMessage(scope, message);
  }
  async listDueEvents(now: number, limit: number) {
    return this.outbox.listDueEvents(now, limit);
  }
  async anyDueEvent(now: number) {
    return this.outbox.anyDueEvent(now);
  }
  async pendingDeliveryKeys(messageIds: string[]) {
    return this.outbox.pendingDeliveryKeys(messageIds);
  }
  async markEventRouted(scope: Scope, eventId: string, routedAt: number, deliveries: DeliveryRecord[]) {
    this.outbox.markEventRouted(scope, eventId, routedAt, deliveries);
  }
  async leaseDeliveries(now: number, owner: string, leaseUntil: number, limit: number) {
    return this.outbox.leaseDeliveries(now, owner, leaseUntil, limit);
  }
  async finishDeliveries(owner: string, outcomes: DeliveryOutcome[]) {
    this.outbox.finishDeliveries(owner, outcomes);
  }
  async failPendingDeliveries(scope: Scope, setName: string, destinationName: string | undefined, lastError: string) {
    return this.outbox.failPendingDeliveries(scope, setName, destinationName, lastError);
  }
  async releaseAllLeases() {
    this.outbox.releaseAllLeases();
  }
  async nextDueAt() {
    return this.outbox.nextDueAt();
  }
  async listMessages(query: MessageQuery) {
    return this.outbox.listMessages(query);
  }
  async listEvents(query: EventQuery) {
    return this.outbox.listEvents(query);
  }
  async listDeliveryAttempts(query: AttemptQuery) {
    return this.outbox.listDeliveryAttempts(query);
  }
  async changeHighWater() {
    return this.outbox.changeHighWater();
  }
}
