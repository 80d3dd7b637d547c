// The storage interface. Handlers speak records, never rows; SQL lives only in the implementations.
import type { MessageEventRecord, MessageRecord } from '../events/message.js';

/** Every row, key and method is scoped by account and region. */
export interface Scope {
  accountId: string;
  region: string;
}

export type EventDestinationSink =
  | { kind: 'cloudwatch-logs'; iamRoleArn: string; logGroupArn: string }
  | { kind: 'firehose'; iamRoleArn: string; deliveryStreamArn: string }
  | { kind: 'sns'; topicArn: string };

export interface ConfigurationSetRecord {
  name: string;
  arn: string;
  /** Epoch milliseconds. */
  createdAt: number;
  defaultMessageType?: string;
  defaultSenderId?: string;
  defaultMessageFeedbackEnabled?: boolean;
  protectConfigurationId?: string;
}

export interface EventDestinationRecord {
  configurationSetName: string;
  name: string;
  enabled: boolean;
  matchingEventTypes: string[];
  sink: EventDestinationSink;
}

export interface TagRecord {
  key: string;
  value: string;
}

export interface IdempotencyRecord {
  requestHash: string;
  response: unknown;
}

export interface ListPage {
  /** Return only names strictly after this one (keyset pagination). */
  afterName?: string;
  limit: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'captured' | 'failed';

/** An event is `scheduled` until it falls due, then `routed`: matched once against its set's destinations. */
export type EventStatus = 'scheduled' | 'routed';

/** One (event, destination) row of the outbox. The sink is the destination's as the event was routed. */
export interface DeliveryRecord {
  eventId: string;
  destinationName: string;
  configurationSetName: string;
  messageId: string;
  seq: number;
  sink: EventDestinationSink;
  status: DeliveryStatus;
  attempts: number;
  /** Epoch milliseconds, as are the other times. */
  createdAt: number;
  nextAttemptAt: number;
  lastError?: string;
  deliveredAt?: number;
}

/**
 * An event to insert with its message. `routing` is given when the event is routed in the same
 * transaction (it is due at once): `routedAt` in epoch milliseconds, and one delivery per
 * destination it goes to (none is a routed event that goes nowhere), pending or already `captured`
 * (the store then records its one attempt too).
 */
export interface NewMessageEvent extends MessageEventRecord {
  routing?: { routedAt: number; deliveries: DeliveryRecord[] };
}

/** The key of a (message, destination) pair: order per message and destination is kept per key. */
export const deliveryKey = (messageId: string, destinationName: string): string => `${messageId}\u0000${destinationName}`;

export interface DueEvent extends MessageEventRecord {
  scope: Scope;
}

export interface LeasedDelivery extends DeliveryRecord {
  scope: Scope;
  /** The AWS event record to deliver. */
  record: Record<string, unknown>;
}

/** What the dispatcher writes back after an attempt; clears the lease. */
export interface DeliveryOutcome {
  eventId: string;
  destinationName: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
  deliveredAt?: number;
  /** Epoch milliseconds when the attempt ended; the attempt is recorded with this time. */
  finishedAt: number;
}

/** One attempt to deliver an event to a destination, recorded when it ended. */
export interface DeliveryAttemptRecord {
  /** Position in the store's attempt sequence (ascending in the order attempts were recorded). */
  cursor: number;
  scope: Scope;
  eventId: string;
  messageId: string;
  configurationSetName: string;
  destinationName: string;
  /** 1 for the first attempt of this delivery. */
  attempt: number;
  /** The delivery's status after the attempt: `pending` means it failed and will be retried. */
  status: DeliveryStatus;
  error?: string;
  /** Epoch milliseconds when the attempt ended. */
  at: number;
}

export interface AttemptQuery {
  accountId?: string;
  region?: string;
  messageId?: string;
  /** Only attempts after this cursor, oldest first. */
  after?: number;
  limit: number;
}

/** The highest cursor of each sequence the change stream follows (0 when a table is empty). */
export interface ChangeHighWater {
  messages: number;
  events: number;
  attempts: number;
}

export interface MessageQuery {
  accountId?: string;
  region?: string;
  configurationSetName?: string;
  messageId?: string;
  /** Return only rows older than this cursor (newest first). */
  before?: number;
  /** Return only rows newer than this cursor (with `oldestFirst`). */
  after?: number;
  /** Only messages sent to or received from this end-user number (E.164): a handset's conversation. */
  handsetNumber?: string;
  /** Oldest first instead of newest first. */
  oldestFirst?: boolean;
  /** Only this channel (`TEXT`, `VOICE`, `MEDIA`). */
  channel?: string;
  /** Only messages whose simulated final outcome is this (`DELIVERED`, `BLOCKED`, ...). */
  outcome?: string;
  /** Only messages whose end-user number or origination identity is this. */
  number?: string;
  /** Only messages whose body contains this text, in any case. */
  text?: string;
  limit: number;
}

export interface EventQuery extends MessageQuery {
  destinationName?: string;
  /** A delivery status, or an event status: `scheduled` (not routed yet) or `routed`. */
  status?: DeliveryStatus | EventStatus;
  eventType?: string;
}

export interface StoredMessage {
  cursor: number;
  scope: Scope;
  message: MessageRecord;
}

export interface StoredEvent {
  cursor: number;
  scope: Scope;
  event: MessageEventRecord;
  routedAt?: number;
  deliveries: DeliveryRecord[];
}

/**
 * One resource of the generic resource layer (phone numbers, pools, sender IDs, opt-out lists, ...).
 * `type` is the resource type as declared (`phone-number`); `parent` is the owning resource's id, or
 * '' for a top-level type; `id` is unique within (scope, type, parent); `name`, when the type has
 * one, is a second key, also unique within (scope, type, parent) and enforced by the database (a
 * phone number's E.164 value, say). The record itself is `doc`, a JSON document.
 */
export interface ResourceRow<D = unknown> {
  type: string;
  parent: string;
  id: string;
  name?: string;
  /** Epoch milliseconds. */
  createdAt: number;
  doc: D;
}

export interface ResourcePage {
  /** Only children of this parent; every parent when undefined. */
  parent?: string;
  /** Return only rows strictly after this (parent, id) key position (keyset pagination). */
  after?: { parent: string; id: string };
  limit: number;
}

/** What a transaction (or a read) can do. Every method is scoped. */
export interface StoreTx {
  // The generic resource layer: one implementation per store serves every declared resource type.
  getResource<D>(scope: Scope, type: string, parent: string, id: string): Promise<ResourceRow<D> | undefined>;
  findResourceByName<D>(scope: Scope, type: string, parent: string, name: string): Promise<ResourceRow<D> | undefined>;
  /** Rows of a type in (parent, id) order, from the page's key position on. */
  listResources<D>(scope: Scope, type: string, page: ResourcePage): Promise<ResourceRow<D>[]>;
  countResources(scope: Scope, type: string, parent?: string): Promise<number>;
  /**
   * Adds a row. Callers check first (inside the same transaction) that its id and name are free:
   * the database's unique keys make a taken one fail the transaction (PostgreSQL retries it, so the
   * check then sees the winner's row).
   */
  insertResource(scope: Scope, row: ResourceRow): Promise<void>;
  /** Replaces the row's name and doc, found by (type, parent, id). */
  updateResource(scope: Scope, row: ResourceRow): Promise<void>;
  /**
   * Adds `delta` to the number at the top-level key `field` of a row's doc (a missing key counts as
   * 0), in one statement, and returns the new value; undefined when there is no such row. The row
   * stays locked until the transaction ends, so concurrent adds to one row queue up and each sees
   * the others' committed sums, also at read committed; a rollback undoes the add.
   */
  addToResourceField(scope: Scope, type: string, parent: string, id: string, field: string, delta: number): Promise<number | undefined>;
  deleteResource(scope: Scope, type: string, parent: string, id: string): Promise<void>;
  /** Deletes every row of `type` under `parent` (an opt-out list's numbers, say). */
  deleteResourcesOf(scope: Scope, type: string, parent: string): Promise<void>;

  findConfigurationSet(scope: Scope, name: string): Promise<ConfigurationSetRecord | undefined>;
  /** Sets in name order. */
  listConfigurationSets(scope: Scope, page: ListPage): Promise<ConfigurationSetRecord[]>;
  countConfigurationSets(scope: Scope): Promise<number>;
  insertConfigurationSet(scope: Scope, record: ConfigurationSetRecord): Promise<void>;
  updateConfigurationSet(scope: Scope, record: ConfigurationSetRecord): Promise<void>;
  /** Deletes the set with its event destinations. */
  deleteConfigurationSet(scope: Scope, name: string): Promise<void>;

  /** Destinations of the given sets, in creation order within each set. */
  listEventDestinations(scope: Scope, configurationSetNames: string[]): Promise<EventDestinationRecord[]>;
  insertEventDestination(scope: Scope, record: EventDestinationRecord): Promise<void>;
  updateEventDestination(scope: Scope, record: EventDestinationRecord): Promise<void>;
  deleteEventDestination(scope: Scope, configurationSetName: string, name: string): Promise<void>;

  /** Tags in key order. */
  listTags(scope: Scope, resourceArn: string): Promise<TagRecord[]>;
  /** Adds or overwrites. */
  putTags(scope: Scope, resourceArn: string, tags: TagRecord[]): Promise<void>;
  deleteTags(scope: Scope, resourceArn: string, keys: string[] | 'all'): Promise<void>;

  findIdempotencyRecord(scope: Scope, operation: string, token: string): Promise<IdempotencyRecord | undefined>;
  insertIdempotencyRecord(scope: Scope, operation: string, token: string, record: IdempotencyRecord): Promise<void>;

  /**
   * Records a message and all of its scheduled events; an event with `routing` is stored routed,
   * with its deliveries, so the dispatcher only has to deliver it.
   */
  insertMessage(scope: Scope, message: MessageRecord, events: NewMessageEvent[]): Promise<void>;
  /**
   * Replaces the record of a message of the scope (found by `message.messageId`); only the JSON
   * record changes, never its keys, set or numbers. Returns false when the scope has no such message.
   */
  updateMessage(scope: Scope, message: MessageRecord): Promise<boolean>;

  // The outbox. The dispatcher works across every scope; each row carries its own.
  /**
   * Events due by `now` that are not routed yet, oldest first, leaving out any whose message has an
   * earlier event not routed yet (routed, they would go out ahead of it; on PostgreSQL another node
   * may be routing the earlier one). Those come in a later call, once the earlier one is routed.
   */
  listDueEvents(now: number, limit: number): Promise<DueEvent[]>;
  /** Whether any event due by `now` is not routed yet; a plain read, without locking anything. */
  anyDueEvent(now: number): Promise<boolean>;
  /**
   * The destinations to which these messages have a delivery still pending, as deliveryKey keys:
   * a later event must not be captured past them.
   */
  pendingDeliveryKeys(messageIds: string[]): Promise<Set<string>>;
  /**
   * Marks the event routed and adds its deliveries: pending ones, and `captured` ones whose one
   * attempt is recorded with them (routeEvent).
   */
  markEventRouted(scope: Scope, eventId: string, routedAt: number, deliveries: DeliveryRecord[]): Promise<void>;
  /**
   * Leases up to `limit` pending deliveries due by `now` whose lease is free or expired, and none of
   * whose earlier events for the same message and destination is still pending (order per message).
   */
  leaseDeliveries(now: number, owner: string, leaseUntil: number, limit: number): Promise<LeasedDelivery[]>;
  /**
   * Records the outcomes of attempts at deliveries leased by `owner`, and one attempt row per
   * outcome in the order given. An outcome whose lease was lost (the delivery is no longer leased by
   * `owner`) is ignored and records no attempt.
   */
  finishDeliveries(owner: string, outcomes: DeliveryOutcome[]): Promise<void>;
  /**
   * Ends the pending deliveries of one destination of a set, or of every destination of the set when
   * `destinationName` is undefined: they become `failed` with `lastError`, their leases are cleared
   * (so the outcome of an attempt in flight is ignored), and they are never tried again. Returns how
   * many were ended.
   */
  failPendingDeliveries(scope: Scope, configurationSetName: string, destinationName: string | undefined, lastError: string): Promise<number>;
  /** Frees every lease (a single node at start-up: leases of a dead process). */
  releaseAllLeases(): Promise<void>;
  /** The earliest time anything in the outbox becomes due, if anything is waiting. */
  nextDueAt(): Promise<number | undefined>;

  // The local views.
  listMessages(query: MessageQuery): Promise<StoredMessage[]>;
  /** Events newest first, or oldest first with `oldestFirst`. */
  listEvents(query: EventQuery): Promise<StoredEvent[]>;
  /** Recorded delivery attempts, oldest first. */
  listDeliveryAttempts(query: AttemptQuery): Promise<DeliveryAttemptRecord[]>;
  /** The highest cursor of messages, events and attempts, over every scope. */
  changeHighWater(): Promise<ChangeHighWater>;
}

/**
 * How a write is isolated from concurrent ones. `serializable` (the default): every check inside it
 * sees no concurrent writer, so any check-then-write is safe. `read-committed`, for the hot path
 * (sends): each statement sees what was committed when it started, so a check that reads one row and
 * a write that depends on it may interleave with a concurrent writer; such a write may rely only on
 * the row locks its own UPDATEs take (held until it ends, as `addToResourceField` does) and on the
 * database's unique keys, never on a read of another row staying true. Both are retried on
 * serialization failures, deadlocks and unique-key races (40001, 40P01, 23505), so a unique key
 * taken by a concurrent writer makes the write run again and see the winner's row. SQLite has one
 * writer, so its writes are serializable whatever is asked.
 */
export interface WriteOptions {
  isolation?: 'serializable' | 'read-committed';
}

export interface Store {
  /** True when only this process uses the store (SQLite), so leases at start-up belong to a dead process. */
  readonly singleNode: boolean;
  /** Runs `fn` as one atomic, durable transaction, isolated as `options` ask (WriteOptions). */
  write<T>(fn: (tx: StoreTx) => Promise<T>, options?: WriteOptions): Promise<T>;
  /** Runs `fn` against a consistent view. */
  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
