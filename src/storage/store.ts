// The storage interface. Handlers speak records, never rows; SQL lives only in the implementations.

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

/** What a transaction (or a read) can do. Every method is scoped. */
export interface StoreTx {
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
}

export interface Store {
  /** Runs `fn` as one atomic, durable transaction: every check inside it sees no concurrent writer. */
  write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Runs `fn` against a consistent view. */
  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
