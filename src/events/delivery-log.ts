// Log lines for failing deliveries, one per change of state rather than one per attempt: a
// destination whose deliveries start failing, deliveries that end `failed` (at most one line per
// destination per interval, counting the ones in between), and a destination that recovers.
import type { Logger } from 'pino';
import type { Clock } from '../domain/clock.js';
import type { LeasedDelivery } from '../storage/store.js';

/** Longest a destination's failed deliveries go without a log line while more keep failing. */
export const FAILED_SUMMARY_INTERVAL_MS = 60_000;

interface Failing {
  failedAttempts: number;
  failedDeliveries: number;
  /** When the last `event delivery failed` line was written, if one was. */
  loggedFailedAt?: number;
  /** Deliveries that ended failed since that line. */
  unloggedFailed: number;
}

/** Remembers which destinations are failing (in this process) and writes the lines. */
export class DeliveryLog {
  private readonly failing = new Map<string, Failing>();

  constructor(
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {}

  /** An attempt failed and will be retried at `nextAttemptAt`. */
  retrying(d: LeasedDelivery, error: string, nextAttemptAt: number): void {
    const state = this.failing.get(keyOf(d));
    if (state) {
      state.failedAttempts++;
      return;
    }
    this.failing.set(keyOf(d), { failedAttempts: 1, failedDeliveries: 0, unloggedFailed: 0 });
    this.logger.warn(
      { ...fieldsOf(d), attempts: d.attempts + 1, error, nextAttemptAt },
      'event delivery failing; it is retried until EVENT_MAX_DELIVERY_AGE_MS (further failures of this destination are not logged one by one)',
    );
  }

  /** A delivery ended `failed` (a final error, or it ran out of time). */
  failed(d: LeasedDelivery, error: string): void {
    const key = keyOf(d);
    const state = this.failing.get(key) ?? { failedAttempts: 0, failedDeliveries: 0, unloggedFailed: 0 };
    this.failing.set(key, state);
    state.failedAttempts++;
    state.failedDeliveries++;
    const now = this.clock.now();
    if (state.loggedFailedAt !== undefined && now - state.loggedFailedAt < FAILED_SUMMARY_INTERVAL_MS) {
      state.unloggedFailed++;
      return;
    }
    this.logger.warn(
      { ...fieldsOf(d), attempts: d.attempts + 1, error, failedSinceLastLine: state.unloggedFailed + 1 },
      'event delivery failed; it is kept as failed and not retried',
    );
    state.loggedFailedAt = now;
    state.unloggedFailed = 0;
  }

  /** A delivery succeeded: a failing destination has recovered. */
  delivered(d: LeasedDelivery): void {
    const state = this.failing.get(keyOf(d));
    if (!state) return;
    this.failing.delete(keyOf(d));
    this.logger.info({ ...fieldsOf(d), failedAttempts: state.failedAttempts, failedDeliveries: state.failedDeliveries }, 'event delivery recovered');
  }
}

const keyOf = (d: LeasedDelivery) => `${d.scope.accountId}|${d.scope.region}|${d.configurationSetName}|${d.destinationName}`;

const fieldsOf = (d: LeasedDelivery) => ({
  account: d.scope.accountId,
  region: d.scope.region,
  configurationSet: d.configurationSetName,
  destination: d.destinationName,
  kind: d.sink.kind,
  eventId: d.eventId,
});
