// Deterministic failure injection per event destination (POST /_local/faults). A fault is checked
// by the dispatcher just before it hands a delivery to its sink: a faulted delivery does not reach
// the sink, and its attempt ends with the chosen AWS error (or, for a hang, a timeout after
// EVENT_DELIVERY_TIMEOUT_MS), classified as a real SDK error is, so retries, backoff and
// `/_local/events` behave as they would for a real failure. Faults live in this process's memory:
// on several nodes, each node only fails the deliveries it makes itself, and a restart clears them.
import type { Scope } from '../storage/store.js';
import { classifySdkError, type SinkResult } from './sinks/sink.js';

/** What a fault does to each delivery it catches. */
export interface FaultSpec {
  scope: Scope;
  configurationSetName: string;
  destinationName: string;
  /** The AWS error code the attempt fails with, e.g. `ThrottlingException`; `TimeoutError` for a hang. */
  error: string;
  /** The HTTP status the simulated AWS answer carries (400-599); decides, with the code, whether it is retried. */
  httpStatus: number;
  /** Hang until the delivery timeout instead of answering at once. */
  hang: boolean;
  /** Fail this many deliveries, then stop (exclusive with `seconds`). */
  count?: number;
  /** Fail every delivery for this many seconds from the fault's creation (exclusive with `count`). */
  seconds?: number;
}

/** A fault as listed: its spec, its id, and what it has done so far. */
export interface Fault extends FaultSpec {
  faultId: string;
  /** Epoch milliseconds. */
  createdAt: number;
  /** For a `seconds` fault: epoch milliseconds when it stops. */
  until?: number;
  /** Deliveries failed so far. */
  injected: number;
  /** False once a `count` fault is used up or a `seconds` fault has run out. */
  active: boolean;
}

/** The outcome a fault gives one delivery: the result, and how long the simulated call hangs first (ms). */
export interface FaultEffect {
  result: SinkResult;
  hangMs: number;
}

/** Where a delivery goes: the key a fault matches. */
export interface FaultTarget {
  scope: Scope;
  configurationSetName: string;
  destinationName: string;
}

/** The faults of this process, in creation order. */
export class FaultRegistry {
  private readonly faults: Fault[] = [];
  private next = 1;

  /** @param hangMs how long a hanging delivery waits before it fails: the delivery timeout (ms). */
  constructor(private readonly hangMs: number) {}

  /** Adds a fault; it applies from the next delivery on. `now` is epoch ms. */
  add(spec: FaultSpec, now: number): Fault {
    const fault: Fault = {
      ...spec,
      faultId: `fault-${this.next++}`,
      createdAt: now,
      ...(spec.seconds !== undefined && { until: now + spec.seconds * 1000 }),
      injected: 0,
      active: true,
    };
    this.faults.push(fault);
    return fault;
  }

  /** The faults of a scope, with `active` as of `now`. */
  list(scope: Scope, now: number): Fault[] {
    return this.faults.filter((f) => sameScope(f.scope, scope)).map((f) => ({ ...f, active: isActive(f, now) }));
  }

  /**
   * Removes the faults of a scope that match every filter given (a fault id, a set, a destination);
   * returns how many were removed.
   */
  clear(scope: Scope, filter: { faultId?: string; configurationSetName?: string; destinationName?: string }): number {
    let removed = 0;
    for (let i = this.faults.length - 1; i >= 0; i--) {
      const f = this.faults[i];
      const matches =
        sameScope(f.scope, scope) &&
        (filter.faultId === undefined || f.faultId === filter.faultId) &&
        (filter.configurationSetName === undefined || f.configurationSetName === filter.configurationSetName) &&
        (filter.destinationName === undefined || f.destinationName === filter.destinationName);
      if (matches) {
        this.faults.splice(i, 1);
        removed++;
      }
    }
    return removed;
  }

  /** Whether any fault, active or spent, names this destination of the scope (until it is cleared). */
  names(target: FaultTarget): boolean {
    return this.faults.some((f) => targets(f, target));
  }

  /**
   * The effect of the first active fault on a delivery to `target` at `now`, counting it as
   * injected; undefined when no fault applies (and at no cost when there are no faults at all).
   */
  take(target: FaultTarget, now: number): FaultEffect | undefined {
    if (this.faults.length === 0) return undefined;
    const fault = this.faults.find((f) => isActive(f, now) && targets(f, target));
    if (!fault) return undefined;
    fault.injected++;
    const hangMs = fault.hang ? this.hangMs : 0;
    const message = fault.hang
      ? `no answer within ${this.hangMs} ms (hang injected by /_local/faults ${fault.faultId})`
      : `failure injected by /_local/faults ${fault.faultId}`;
    // Classified exactly as an error thrown by the AWS SDK client is.
    const result = classifySdkError({ name: fault.error, message, $metadata: fault.hang ? {} : { httpStatusCode: fault.httpStatus } });
    return { result, hangMs };
  }
}

const sameScope = (a: Scope, b: Scope) => a.accountId === b.accountId && a.region === b.region;

/** Whether a fault names the destination `target` delivers to. */
const targets = (f: Fault, target: FaultTarget) =>
  sameScope(f.scope, target.scope) && f.configurationSetName === target.configurationSetName && f.destinationName === target.destinationName;

function isActive(f: Fault, now: number): boolean {
  if (f.count !== undefined) return f.injected < f.count;
  return f.until !== undefined && now < f.until;
}
