// Routes due events to the destinations that match them, then leases due deliveries from the
// outbox, hands them to their sinks, and records each outcome: at least once, in order per
// message and destination, with backoff, across restarts and (on PostgreSQL) across nodes.
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import type { DeliveryOutcome, EventDestinationRecord, LeasedDelivery, Scope, Store, StoreTx } from '../storage/store.js';
import { deliveryKey } from '../storage/store.js';
import { DeliveryLog } from './delivery-log.js';
import type { FaultRegistry } from './faults.js';
import { backoffMs, type RetryPolicy } from './retry.js';
import { routeEvent, type CapturesAtOnce } from './routing.js';
import type { SinkRegistry } from './sinks/registry.js';
import type { SinkResult } from './sinks/sink.js';

export interface DispatcherOptions {
  store: Store;
  clock: Clock;
  sinks: SinkRegistry;
  logger: Logger;
  nodeId: string;
  retry: RetryPolicy;
  leaseMs: number;
  /** Longest sleep between looks at the outbox (other nodes may add work). */
  pollMs: number;
  batchSize: number;
  /** Faults injected through /_local/faults; checked before each delivery reaches its sink. */
  faults?: FaultRegistry;
  /** Which destinations of a scope take their deliveries captured as they are routed (routeEvent). */
  capturesAtOnce?(scope: Scope): CapturesAtOnce;
}

/** Destinations being delivered to at once; a slow or hung one does not hold up the others. */
const MAX_GROUPS_IN_FLIGHT = 16;

export class Dispatcher {
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly log: DeliveryLog;
  /** Ends injected hangs early when the dispatcher stops. */
  private readonly stopping = new AbortController();

  constructor(private readonly o: DispatcherOptions) {
    this.log = new DeliveryLog(o.logger, o.clock);
  }

  async start(): Promise<void> {
    if (this.o.store.singleNode) await this.o.store.write((tx) => tx.releaseAllLeases());
    this.wake();
  }

  /** Looks at the outbox now (or right after the pass under way). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.pass().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    clearTimeout(this.timer);
    await this.running;
    await Promise.all(this.inFlight);
  }

  private async pass(): Promise<void> {
    try {
      let worked = true;
      while (worked && !this.stopped) {
        const routed = await this.routeDueEvents();
        const delivered = await this.deliverDue();
        worked = routed > 0 || delivered > 0;
      }
      if (!this.stopped) await this.scheduleNext();
    } catch (error) {
      this.o.logger.error({ err: error }, 'event dispatcher pass failed; retrying');
      if (!this.stopped) this.timer = setTimeout(() => this.wake(), this.o.pollMs);
    }
  }

  private async scheduleNext(): Promise<void> {
    const now = this.o.clock.now();
    const next = await this.o.store.read((tx) => tx.nextDueAt());
    const delay = Math.max(0, Math.min(next === undefined ? this.o.pollMs : next - now, this.o.pollMs));
    this.timer = setTimeout(() => this.wake(), delay);
  }

  /** Routes every due event in one transaction per batch; returns how many were routed. */
  private async routeDueEvents(): Promise<number> {
    const now = this.o.clock.now();
    // Sends route the events that are due at once themselves, so usually nothing is due here: a
    // read says so without opening (and committing) a write transaction.
    if (!(await this.o.store.read((tx) => tx.anyDueEvent(now)))) return 0;
    return this.o.store.write(async (tx) => {
      const due = await tx.listDueEvents(now, this.o.batchSize);
      // Routed (and captured) as of after the listing: an earlier event of the same message that
      // another node routed was committed before this listing saw it, so its time is earlier.
      const routedAt = this.o.clock.now();
      const destinationsBySet = new Map<string, EventDestinationRecord[]>();
      // Order per message and destination: no capture past an earlier event still pending there.
      const pending = this.o.capturesAtOnce && due.length ? await tx.pendingDeliveryKeys([...new Set(due.map((e) => e.messageId))]) : new Set<string>();
      for (const event of due) {
        const destinations = event.configurationSetName ? await destinationsOf(tx, destinationsBySet, event.scope, event.configurationSetName) : [];
        const captures = this.o.capturesAtOnce?.(event.scope);
        const capturesHere = captures && ((d: EventDestinationRecord) => !pending.has(deliveryKey(event.messageId, d.name)) && captures(d));
        const deliveries = routeEvent(event, destinations, routedAt, capturesHere);
        await tx.markEventRouted(event.scope, event.eventId, routedAt, deliveries);
        // A later event of the same message in this batch must wait behind a pending one too.
        for (const d of deliveries) if (d.status === 'pending') pending.add(deliveryKey(d.messageId, d.destinationName));
      }
      return due.length;
    });
  }

  /**
   * Leases a batch of due deliveries and starts delivering them, one task per destination, each
   * recording its own outcomes when done; the dispatcher goes on routing and leasing meanwhile.
   */
  private async deliverDue(): Promise<number> {
    if (this.inFlight.size >= MAX_GROUPS_IN_FLIGHT) return 0;
    const now = this.o.clock.now();
    const leased = await this.o.store.write((tx) => tx.leaseDeliveries(now, this.o.nodeId, now + this.o.leaseMs, this.o.batchSize));
    if (leased.length === 0) return 0;
    const groups = new Map<string, LeasedDelivery[]>();
    for (const d of leased) {
      const key = `${d.scope.accountId}|${d.scope.region}|${d.configurationSetName}|${d.destinationName}|${JSON.stringify(d.sink)}`;
      groups.set(key, [...(groups.get(key) ?? []), d]);
    }
    for (const group of groups.values()) {
      const task: Promise<void> = this.deliverGroup(group)
        .then((outcomes) => this.o.store.write((tx) => tx.finishDeliveries(this.o.nodeId, outcomes)))
        .catch((error: unknown) => this.o.logger.error({ err: error }, 'recording delivery outcomes failed; the lease will expire'))
        .finally(() => {
          this.inFlight.delete(task);
          this.wake();
        });
      this.inFlight.add(task);
    }
    return leased.length;
  }

  private async deliverGroup(group: LeasedDelivery[]): Promise<DeliveryOutcome[]> {
    const sink = await this.o.sinks.sinkFor(group[0].sink.kind);
    // Injected faults answer in place of the sink, for the deliveries they catch.
    const started = this.o.clock.now();
    const injected = group.map((d) => this.o.faults?.take(d, started));
    const real = group.filter((_, i) => injected[i] === undefined);
    let realResults: SinkResult[] = [];
    if (real.length > 0) {
      try {
        realResults = await sink.deliver(
          real[0].sink,
          real.map((d) => ({
            eventId: d.eventId,
            scope: d.scope,
            configurationSetName: d.configurationSetName,
            destinationName: d.destinationName,
            record: d.record,
          })),
        );
      } catch (error) {
        realResults = real.map(() => ({ status: 'retry', error: String(error) }));
      }
    }
    const hangMs = Math.max(0, ...injected.map((effect) => effect?.hangMs ?? 0));
    if (hangMs > 0) await sleep(hangMs, this.stopping.signal);
    let next = 0;
    const results = injected.map((effect) => effect?.result ?? realResults[next++]);
    const now = this.o.clock.now();
    return group.map((d, i) => this.outcomeOf(d, results[i], sink.deliveredStatus, now));
  }

  private outcomeOf(d: LeasedDelivery, result: SinkResult, deliveredStatus: 'delivered' | 'captured', now: number): DeliveryOutcome {
    const attempts = d.attempts + 1;
    const base = { eventId: d.eventId, destinationName: d.destinationName, attempts, finishedAt: now };
    if (result.status === 'ok') {
      this.log.delivered(d);
      return { ...base, status: deliveredStatus, nextAttemptAt: now, deliveredAt: now };
    }
    const expired = now - d.createdAt >= this.o.retry.maxAgeMs;
    if (result.status === 'fail' || expired) {
      this.log.failed(d, result.error);
      return { ...base, status: 'failed', nextAttemptAt: now, lastError: result.error };
    }
    const nextAttemptAt = now + backoffMs(this.o.retry, attempts);
    this.log.retrying(d, result.error, nextAttemptAt);
    return { ...base, status: 'pending', nextAttemptAt, lastError: result.error };
  }
}

async function destinationsOf(tx: StoreTx, cache: Map<string, EventDestinationRecord[]>, scope: Scope, setName: string): Promise<EventDestinationRecord[]> {
  const key = `${scope.accountId}|${scope.region}|${setName}`;
  let destinations = cache.get(key);
  if (!destinations) {
    destinations = await tx.listEventDestinations(scope, [setName]);
    cache.set(key, destinations);
  }
  return destinations;
}

/** Resolves after `ms` milliseconds, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
