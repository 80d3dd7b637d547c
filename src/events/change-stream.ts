// The change stream behind GET /_local/stream: new messages (sent and inbound), events and delivery
// attempts of one account and region, read from the store in cursor order. Nothing runs while no
// one subscribes (the API's hot path never touches this module); with subscribers, one timer polls
// the store every `pollMs`, so changes made by other nodes on the same PostgreSQL show too, and a
// subscriber that reconnects with its last cursor gets exactly what it missed, after a restart too.
// Subscribers of one account and region share one read per poll: a subscriber behind (or ahead of)
// that shared position reads for itself until it reaches it, then joins.
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
  /** How many subscribers may be open at once (`reserve` refuses more). */
  maxSubscribers: number;
}

/** The text form of a cursor, as sent in SSE `id:` lines: `<message>.<event>.<attempt>`. */
export const formatCursor = (c: ChangeCursor) => `${c.messages}.${c.events}.${c.attempts}`;

/** Reads a cursor's text form; undefined when it is not one (three non-negative integers of up to 15 digits). */
export function parseCursor(text: string): ChangeCursor | undefined {
  const match = /^(\d{1,15})\.(\d{1,15})\.(\d{1,15})$/.exec(text);
  return match ? { messages: Number(match[1]), events: Number(match[2]), attempts: Number(match[3]) } : undefined;
}

/** One read from a position: the items after it, in order, each with the cursor just after it. */
interface Batch {
  items: { item: ChangeItem; cursor: ChangeCursor }[];
  /** The position after the read: the last item's cursor, or further when nothing lies between. */
  end: ChangeCursor;
  /** True when the read stopped at its batch size: more may be waiting below the bound. */
  more: boolean;
}

/** The subscribers of one account and region: those at the shared position, and those catching up. */
interface ScopeGroup {
  scope: Scope;
  /** The shared position; undefined until a first subscriber reaches the end of the store. */
  cursor: ChangeCursor | undefined;
  joined: Set<ChangeSubscriber>;
  behind: Set<ChangeSubscriber>;
}

/** The most rounds of one read a poll makes for a group or a subscriber (a bounded catch-up per poll). */
const ROUNDS = 20;

const scopeKey = (s: Scope) => `${s.accountId}/${s.region}`;
const notAfter = (a: ChangeCursor, b: ChangeCursor) => a.messages <= b.messages && a.events <= b.events && a.attempts <= b.attempts;
const lowest = (a: ChangeCursor, b: ChangeCursor | undefined): ChangeCursor =>
  b === undefined ? a : { messages: Math.min(a.messages, b.messages), events: Math.min(a.events, b.events), attempts: Math.min(a.attempts, b.attempts) };

/** Pushes what changed in the store to its subscribers. */
export class ChangeStream {
  private readonly groups = new Map<string, ScopeGroup>();
  private count = 0;
  private reserved = 0;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private samples: { at: number; highWater: ChangeHighWater }[] = [];
  private pendingHighWater: Promise<ChangeCursor> | undefined;

  constructor(private readonly o: ChangeStreamOptions) {}

  /** The current end of the stream: where a subscriber that wants only new changes starts (one read shared by concurrent callers). */
  highWater(): Promise<ChangeCursor> {
    this.pendingHighWater ??= this.o.store
      .read((tx) => tx.changeHighWater())
      .finally(() => {
        this.pendingHighWater = undefined;
      });
    return this.pendingHighWater;
  }

  /**
   * Takes one of the `maxSubscribers` places before a stream opens; answers the function that gives
   * it back, or undefined when every place is taken.
   */
  reserve(): (() => void) | undefined {
    if (this.reserved >= this.o.maxSubscribers) return undefined;
    this.reserved++;
    let released = false;
    return () => {
      if (!released) this.reserved--;
      released = true;
    };
  }

  /** The most subscribers that may be open at once. */
  get limit(): number {
    return this.o.maxSubscribers;
  }

  /** Adds a subscriber and reads for it at once; returns the function that removes it. */
  subscribe(subscriber: ChangeSubscriber): () => void {
    const key = scopeKey(subscriber.scope);
    let group = this.groups.get(key);
    if (!group) {
      group = { scope: subscriber.scope, cursor: undefined, joined: new Set(), behind: new Set() };
      this.groups.set(key, group);
    }
    group.behind.add(subscriber);
    this.count++;
    this.timer ??= setInterval(() => this.poll(), this.o.pollMs);
    this.poll();
    return () => {
      if (!group.joined.delete(subscriber) && !group.behind.delete(subscriber)) return;
      this.count--;
      if (group.joined.size + group.behind.size === 0 && this.groups.get(key) === group) this.groups.delete(key);
      if (this.count === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
        this.samples = [];
      }
    };
  }

  /** How many subscribers are open (for tests and the bench). */
  get size(): number {
    return this.count;
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
    for (const group of [...this.groups.values()]) {
      await this.readGroup(group, bound);
      await this.catchUp(group, bound);
    }
  }

  /** One read for the subscribers at the shared position, fanned out to each of them. */
  private async readGroup(group: ScopeGroup, bound: ChangeCursor | undefined): Promise<void> {
    for (let round = 0; round < ROUNDS && group.cursor !== undefined && group.joined.size > 0; round++) {
      const batch = await this.read(group.scope, group.cursor, bound);
      for (const subscriber of [...group.joined]) {
        if (!group.joined.has(subscriber)) continue;
        for (const { item, cursor } of batch.items) subscriber.send(item, cursor);
        subscriber.cursor = batch.end;
      }
      group.cursor = batch.end;
      if (!batch.more) return;
    }
  }

  /**
   * Reads for each subscriber not at the shared position, up to it (or, when there is none yet, to
   * the end of the store); one that gets there joins. One ahead of where it may read to (a
   * reconnect with a later id) waits until that passes it.
   */
  private async catchUp(group: ScopeGroup, bound: ChangeCursor | undefined): Promise<void> {
    // With no one at it, the shared position is not kept up to date: the next to arrive sets it.
    if (group.joined.size === 0) group.cursor = undefined;
    for (const subscriber of [...group.behind]) {
      const goal = group.cursor === undefined ? bound : lowest(group.cursor, bound);
      if (goal !== undefined && !notAfter(subscriber.cursor, goal)) continue;
      for (let round = 0; round < ROUNDS; round++) {
        const batch = await this.read(group.scope, subscriber.cursor, goal);
        if (!group.behind.has(subscriber)) break;
        for (const { item, cursor } of batch.items) subscriber.send(item, cursor);
        subscriber.cursor = batch.end;
        if (batch.more) continue;
        // Read up to the shared position (or the end of the store): nothing of the scope lies between.
        group.cursor ??= subscriber.cursor;
        if (notAfter(group.cursor, subscriber.cursor)) {
          group.behind.delete(subscriber);
          group.joined.add(subscriber);
        }
        break;
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

  /**
   * Reads the items of `scope` after `from`, up to `bound` (undefined: no limit). When the read
   * reaches the bound or the end of the store, `end` is that bound or end: no item of the scope lies
   * between the last item and it, so subscribers at different empty stretches meet at one position.
   */
  private async read(scope: Scope, from: ChangeCursor, bound: ChangeCursor | undefined): Promise<Batch> {
    const limit = this.o.batchSize;
    const query = { accountId: scope.accountId, region: scope.region, oldestFirst: true, limit };
    // One consistent read; a kind is read only when the one before it is complete (read to the
    // end of the store or past the bound), so every event comes after its message and every
    // attempt after its event.
    const rows = await this.o.store.read(async (tx) => {
      const top = bound ?? (await tx.changeHighWater());
      const full = (list: { cursor: number }[], kind: keyof ChangeCursor) => list.length === limit && list[limit - 1].cursor <= top[kind];
      const messages = await tx.listMessages({ ...query, after: from.messages });
      if (full(messages, 'messages')) return { top, messages, events: [], attempts: [], full: true };
      const events = await tx.listEvents({ ...query, after: from.events });
      if (full(events, 'events')) return { top, messages, events, attempts: [], full: true };
      const attempts = await tx.listDeliveryAttempts({ ...query, after: from.attempts });
      return { top, messages, events, attempts, full: full(attempts, 'attempts') };
    });
    const { top } = rows;
    const items: Batch['items'] = [];
    let cursor = { ...from };
    const take = <R extends { cursor: number }>(list: R[], kind: keyof ChangeCursor, wrap: (row: R) => ChangeItem) => {
      for (const row of list) {
        if (row.cursor > top[kind]) return;
        cursor = { ...cursor, [kind]: row.cursor };
        items.push({ item: wrap(row), cursor });
      }
    };
    take(rows.messages, 'messages', (row) => ({ kind: 'message', row }));
    take(rows.events, 'events', (row) => ({ kind: 'event', row }));
    take(rows.attempts, 'attempts', (row) => ({ kind: 'attempt', row }));
    if (rows.full) return { items, end: cursor, more: true };
    // Every kind was read up to `top`: the position may move there (never back).
    const end = {
      messages: Math.max(cursor.messages, top.messages),
      events: Math.max(cursor.events, top.events),
      attempts: Math.max(cursor.attempts, top.attempts),
    };
    return { items, end, more: false };
  }
}
