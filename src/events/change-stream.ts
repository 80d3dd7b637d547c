// The change stream behind GET /_local/stream: new messages (sent and inbound), events and delivery
// attempts of one account and region, read from the store in cursor order. Nothing runs while no
// one subscribes (the API's hot path never touches this module); with subscribers, one timer polls
// the store every `pollMs`, so changes made by other nodes on the same PostgreSQL show too, and a
// subscriber that reconnects with its last cursor gets exactly what it missed, after a restart too.
import type { Logger } from 'pino';
import type { ChangeHighWater, DeliveryAttemptRecord, Scope, Store, StoredEvent, StoredMessage } from '../storage/store.js';

/** A position in the stream: the last message, event and attempt cursor a subscriber has seen. */
export type ChangeCursor = ChangeHighWater;

export type ChangeItem = { kind: 'message'; row: StoredMessage } | { kind: 'event'; row: StoredEvent } | { kind: 'attempt'; row: DeliveryAttemptRecord };

/** One open stream. `send` is called once per item, in order, with the cursor just after it. */
export interface ChangeSubscriber {
  scope: Scope;
  cursor: ChangeCursor;
  send(item: ChangeItem, cursor: ChangeCursor): void;
}

export interface ChangeStreamOptions {
  store: Store;
  logger: Logger;
  /** How often the store is read while someone subscribes (ms). */
  pollMs: number;
  /**
   * 0 on a single-writer store (SQLite: rows become visible in cursor order). On PostgreSQL,
   * concurrent transactions can commit a lower id after a higher one is visible, so only rows up to
   * the highest ids seen at least `settleMs` ago are sent: a write transaction is assumed to finish
   * within that time.
   */
  settleMs: number;
  /** Rows read per kind and read. */
  batchSize: number;
}

/** The text form of a cursor, as sent in SSE `id:` lines: `<message>.<event>.<attempt>`. */
export const formatCursor = (c: ChangeCursor) => `${c.messages}.${c.events}.${c.attempts}`;

/** Reads a cursor's text form; undefined when it is not one (three non-negative integers of up to 15 digits). */
export function parseCursor(text: string): ChangeCursor | undefined {
  const match = /^(\d{1,15})\.(\d{1,15})\.(\d{1,15})$/.exec(text);
  return match ? { messages: Number(match[1]), events: Number(match[2]), attempts: Number(match[3]) } : undefined;
}

/** Pushes what changed in the store to its subscribers. */
export class ChangeStream {
  private readonly subscribers = new Set<ChangeSubscriber>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private samples: { at: number; highWater: ChangeHighWater }[] = [];

  constructor(private readonly o: ChangeStreamOptions) {}

  /** The current end of the stream: where a subscriber that wants only new changes starts. */
  highWater(): Promise<ChangeCursor> {
    return this.o.store.read((tx) => tx.changeHighWater());
  }

  /** Adds a subscriber and reads for it at once; returns the function that removes it. */
  subscribe(subscriber: ChangeSubscriber): () => void {
    this.subscribers.add(subscriber);
    this.timer ??= setInterval(() => this.poll(), this.o.pollMs);
    this.poll();
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
        this.samples = [];
      }
    };
  }

  /** How many subscribers are open (for tests and the bench). */
  get size(): number {
    return this.subscribers.size;
  }

  private poll(): void {
    if (this.running) return;
    this.running = this.readAll()
      .catch((error: unknown) => this.o.logger.warn({ err: error }, 'change stream read failed; retrying at the next poll'))
      .finally(() => {
        this.running = undefined;
      });
  }

  private async readAll(): Promise<void> {
    const bound = await this.settledBound();
    for (const subscriber of [...this.subscribers]) {
      // A full batch means there may be more: read again (a bounded catch-up per poll).
      for (let round = 0; round < 20 && this.subscribers.has(subscriber); round++) {
        if (!(await this.readFor(subscriber, bound))) break;
      }
    }
  }

  /** The highest cursor that may be sent now; undefined for no limit. */
  private async settledBound(): Promise<ChangeCursor | undefined> {
    if (this.o.settleMs <= 0) return undefined;
    const now = Date.now();
    this.samples.push({ at: now, highWater: await this.highWater() });
    const settled = this.samples.filter((s) => s.at <= now - this.o.settleMs);
    if (settled.length === 0) return { messages: 0, events: 0, attempts: 0 };
    this.samples = this.samples.slice(settled.length - 1);
    return settled[settled.length - 1].highWater;
  }

  /** Sends one batch to a subscriber; true when a batch was full (more may be waiting). */
  private async readFor(subscriber: ChangeSubscriber, bound: ChangeCursor | undefined): Promise<boolean> {
    const { scope } = subscriber;
    const c = subscriber.cursor;
    const limit = this.o.batchSize;
    const within = (kind: keyof ChangeCursor) => (row: { cursor: number }) => bound === undefined || row.cursor <= bound[kind];
    const query = { accountId: scope.accountId, region: scope.region, oldestFirst: true, limit };
    // One consistent read; a kind is read only when the one before it is complete, so every event
    // comes after its message and every attempt after its event.
    const batch = await this.o.store.read(async (tx) => {
      const messages = await tx.listMessages({ ...query, after: c.messages });
      if (messages.length === limit) return { messages, events: [], attempts: [], full: true };
      const events = await tx.listEvents({ ...query, after: c.events });
      if (events.length === limit) return { messages, events, attempts: [], full: true };
      const attempts = await tx.listDeliveryAttempts({ ...query, after: c.attempts });
      return { messages, events, attempts, full: attempts.length === limit };
    });
    if (!this.subscribers.has(subscriber)) return false;
    let cursor = { ...c };
    for (const row of batch.messages.filter(within('messages'))) {
      cursor = { ...cursor, messages: row.cursor };
      subscriber.send({ kind: 'message', row }, cursor);
    }
    for (const row of batch.events.filter(within('events'))) {
      cursor = { ...cursor, events: row.cursor };
      subscriber.send({ kind: 'event', row }, cursor);
    }
    for (const row of batch.attempts.filter(within('attempts'))) {
      cursor = { ...cursor, attempts: row.cursor };
      subscriber.send({ kind: 'attempt', row }, cursor);
    }
    subscriber.cursor = cursor;
    return batch.full;
  }
}
