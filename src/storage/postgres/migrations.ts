// Numbered PostgreSQL migrations, the same schema as SQLite's; applied in order at start-up.
// Names sort bytewise (COLLATE "C"), as SQLite sorts them, so pages come in the same order.
import type { Migration } from '../sqlite/migrations.js';

export const migrations: Migration[] = [
  {
    version: 1,
    name: 'configuration sets, event destinations, tags, idempotency',
    sql: `
      CREATE TABLE configuration_sets (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        name TEXT COLLATE "C" NOT NULL,
        arn TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        default_message_type TEXT,
        default_sender_id TEXT,
        default_message_feedback_enabled BOOLEAN,
        protect_configuration_id TEXT,
        PRIMARY KEY (account_id, region, name)
      );
      CREATE TABLE event_destinations (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        configuration_set_name TEXT COLLATE "C" NOT NULL,
        name TEXT NOT NULL,
        seq INTEGER NOT NULL,
        enabled BOOLEAN NOT NULL,
        matching_event_types TEXT NOT NULL,
        sink TEXT NOT NULL,
        PRIMARY KEY (account_id, region, configuration_set_name, name)
      );
      CREATE TABLE tags (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        resource_arn TEXT NOT NULL,
        key TEXT COLLATE "C" NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (account_id, region, resource_arn, key)
      );
      CREATE TABLE idempotency_records (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        operation TEXT NOT NULL,
        token TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        response TEXT NOT NULL,
        PRIMARY KEY (account_id, region, operation, token)
      );
    `,
  },
  {
    version: 2,
    name: 'messages, their events and the event delivery outbox',
    sql: `
      CREATE TABLE messages (
        id BIGSERIAL PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        message_id TEXT NOT NULL UNIQUE,
        channel TEXT NOT NULL,
        configuration_set_name TEXT,
        destination_phone_number TEXT NOT NULL,
        request_timestamp BIGINT NOT NULL,
        message TEXT NOT NULL
      );
      CREATE INDEX messages_by_set ON messages (configuration_set_name, id);
      CREATE TABLE message_events (
        id BIGSERIAL PRIMARY KEY,
        event_id TEXT NOT NULL UNIQUE,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        message_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        event_type TEXT NOT NULL,
        configuration_set_name TEXT,
        due_at BIGINT NOT NULL,
        routed_at BIGINT,
        record TEXT NOT NULL
      );
      CREATE INDEX message_events_due ON message_events (due_at) WHERE routed_at IS NULL;
      CREATE INDEX message_events_by_message ON message_events (message_id, seq);
      CREATE INDEX message_events_by_set ON message_events (configuration_set_name, id);
      CREATE TABLE event_deliveries (
        id BIGSERIAL PRIMARY KEY,
        event_id TEXT NOT NULL,
        destination_name TEXT NOT NULL,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        configuration_set_name TEXT NOT NULL,
        message_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        sink TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL,
        next_attempt_at BIGINT NOT NULL,
        lease_owner TEXT,
        lease_until BIGINT,
        last_error TEXT,
        delivered_at BIGINT,
        UNIQUE (event_id, destination_name)
      );
      CREATE INDEX event_deliveries_due ON event_deliveries (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX event_deliveries_order ON event_deliveries (message_id, destination_name, seq) WHERE status = 'pending';
      CREATE INDEX event_deliveries_by_event ON event_deliveries (event_id);
    `,
  },
  {
    version: 3,
    name: 'the generic resource layer',
    sql: `
      CREATE TABLE resources (
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        type TEXT NOT NULL,
        parent TEXT NOT NULL,
        id TEXT NOT NULL,
        name TEXT,
        created_at BIGINT NOT NULL,
        doc TEXT NOT NULL,
        PRIMARY KEY (account_id, region, type, parent, id)
      );
      CREATE UNIQUE INDEX resources_by_name ON resources (account_id, region, type, parent, name) WHERE name IS NOT NULL;
    `,
  },
  {
    version: 4,
    name: 'messages by handset: the end user number of each message, sent or received',
    sql: `
      ALTER TABLE messages ADD COLUMN handset_number TEXT;
      UPDATE messages SET handset_number = destination_phone_number;
      CREATE INDEX messages_by_handset ON messages (account_id, region, handset_number, id);
    `,
  },
  {
    version: 5,
    name: 'delivery attempts: one row per attempt to deliver an event, for the console',
    sql: `
      CREATE TABLE delivery_attempts (
        id BIGSERIAL PRIMARY KEY,
        account_id TEXT NOT NULL,
        region TEXT NOT NULL,
        event_id TEXT NOT NULL,
        message_id TEXT NOT NULL,
        configuration_set_name TEXT NOT NULL,
        destination_name TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        status TEXT NOT NULL,
        error TEXT,
        at BIGINT NOT NULL
      );
      CREATE INDEX delivery_attempts_by_message ON delivery_attempts (message_id, id);
    `,
  },
];
