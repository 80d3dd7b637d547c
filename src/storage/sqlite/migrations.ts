// Numbered SQLite migrations, applied in order at start-up. Never edit a released one: add another.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'configuration sets, event destinations, tags, idempotency',
    sql: `
      CREATE TABLE configuration_sets (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT NOT NULL,
        arn TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        default_message_type TEXT,
        default_sender_id TEXT,
        default_message_feedback_enabled INTEGER,
        protect_configuration_id TEXT,
        PRIMARY KEY (account_id, region, name)
      ) WITHOUT ROWID;

      CREATE TABLE event_destinations (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        configuration_set_name TEXT NOT NULL,
        name TEXT NOT NULL,
        seq INTEGER NOT NULL,
        enabled INTEGER NOT NULL,
        matching_event_types TEXT NOT NULL,
        sink TEXT NOT NULL,
        PRIMARY KEY (account_id, region, configuration_set_name, name)
      ) WITHOUT ROWID;

      CREATE TABLE tags (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        resource_arn TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (account_id, region, resource_arn, key)
      ) WITHOUT ROWID;

      CREATE TABLE idempotency_records (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        operation TEXT NOT NULL,
        token TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        response TEXT NOT NULL,
        PRIMARY KEY (account_id, region, operation, token)
      ) WITHOUT ROWID;
    `,
  },
];
