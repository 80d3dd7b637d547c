import type { OperationName, OperationTypes } from '../generated/types.js';
import type { Scope, StoreTx } from '../storage/store.js';
import type { Clock } from '../domain/clock.js';
import type { IdSource } from '../domain/ids.js';

export interface EventTiming {
  /** Milliseconds between the events of one message. */
  stepDelayMs: number;
}

export interface Limits {
  /** Configuration sets per account and region (ServiceQuotaExceededException CONFIGURATION_SETS_PER_ACCOUNT). */
  maxConfigurationSets: number;
}

/** What a handler gets besides its input: the caller's scope and a transaction, never HTTP. */
export interface HandlerContext {
  scope: Scope;
  tx: StoreTx;
  clock: Clock;
  ids: IdSource;
  limits: Limits;
  events: EventTiming;
  /** Tells the event dispatcher, once the transaction commits, that new events are waiting. */
  outboxChanged(): void;
}

export interface OperationHandler<Op extends OperationName> {
  /** `write` handlers run in one durable transaction; `read` handlers in a consistent view. */
  mode: 'read' | 'write';
  handle(input: OperationTypes[Op]['input'], ctx: HandlerContext): Promise<OperationTypes[Op]['output']>;
}

export type HandlerTable = { [Op in OperationName]?: OperationHandler<Op> };
