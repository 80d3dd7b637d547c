// Validation, then the operation's handler inside a store transaction, with ClientToken
// idempotency checked and recorded in that same transaction.
import { ConflictException } from '../generated/errors.js';
import type { OperationName } from '../generated/types.js';
import type { OperationDef } from '../protocol/model-types.js';
import { notImplemented } from '../protocol/framework-errors.js';
import { requestHash } from '../domain/request-hash.js';
import type { Clock } from '../domain/clock.js';
import type { IdSource } from '../domain/ids.js';
import { validateShape } from '../validation/validate.js';
import { toValidationException } from '../validation/to-exception.js';
import type { Scope, Store, StoreTx } from '../storage/store.js';
import type { EventTiming, HandlerContext, HandlerTable, Limits, OperationHandler } from './types.js';

export interface ServiceDeps {
  store: Store;
  clock: Clock;
  ids: IdSource;
  limits: Limits;
  events: EventTiming;
  handlers: HandlerTable;
  /** Called after a committed transaction that added events to the outbox. */
  onOutboxChanged?: () => void;
}

export type Dispatch = (operation: OperationDef & { name: OperationName }, input: Record<string, unknown>, scope: Scope) => Promise<unknown>;

/** A handler's context for one transaction; `changed` is set when the handler adds events to the outbox. */
function contextFor(deps: ServiceDeps, scope: Scope, tx: StoreTx, changed: { outbox: boolean }): HandlerContext {
  return {
    scope,
    tx,
    clock: deps.clock,
    ids: deps.ids,
    limits: deps.limits,
    events: deps.events,
    outboxChanged: () => {
      changed.outbox = true;
    },
  };
}

/**
 * Runs `fn` as one write transaction with a handler context, as an operation's handler runs, and
 * wakes the event dispatcher once it commits if it added events: for the local routes that change
 * state (`POST /_local/inbound`).
 */
export type LocalWriter = <T>(scope: Scope, fn: (ctx: HandlerContext) => Promise<T>) => Promise<T>;

export function createLocalWriter(deps: ServiceDeps): LocalWriter {
  return async (scope, fn) => {
    const changed = { outbox: false };
    const result = await deps.store.write((tx) => fn(contextFor(deps, scope, tx, changed)));
    if (changed.outbox) deps.onOutboxChanged?.();
    return result;
  };
}

export function createDispatcher(deps: ServiceDeps): Dispatch {
  return async (operation, input, scope) => {
    const failures = validateShape(operation.input, input);
    if (failures.length) throw toValidationException(failures);
    input = withoutNulls(input);
    const handler = deps.handlers[operation.name] as OperationHandler<OperationName> | undefined;
    if (!handler) throw notImplemented(operation.name);

    const changed = { outbox: false };
    const run = (tx: StoreTx) => handler.handle(input as never, contextFor(deps, scope, tx, changed));
    if (handler.mode === 'read') return deps.store.read(run);

    // A ClientToken's record is keyed, so at either isolation a concurrent duplicate fails (23505)
    // and its retry replays the winner's answer.
    const result = await deps.store.write(idempotent(operation, input, scope, run), handler.isolation && { isolation: handler.isolation });
    if (changed.outbox) deps.onOutboxChanged?.();
    return result;
  };
}

/**
 * The input with every null structure member removed: AWS treats an optional member sent as null as
 * absent (the validator has already refused nulls where a value is required, and in lists and maps),
 * so handlers only ever see `undefined` for a missing member.
 */
function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutNulls) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  ) as T;
}

/** Wraps a write so that a repeated ClientToken replays the first answer, in the same transaction. */
function idempotent(
  operation: OperationDef & { name: OperationName },
  input: Record<string, unknown>,
  scope: Scope,
  run: (tx: StoreTx) => Promise<unknown>,
): (tx: StoreTx) => Promise<unknown> {
  const tokenMember = operation.idempotencyToken;
  const token = tokenMember ? input[tokenMember] : undefined;
  if (tokenMember === undefined || typeof token !== 'string') return run;
  const hash = requestHash(operation.name, input, tokenMember);
  return async (tx) => {
    const previous = await tx.findIdempotencyRecord(scope, operation.name, token);
    if (previous) {
      if (previous.requestHash === hash) return previous.response;
      throw new ConflictException({
        message: `ClientToken ${token} was already used for a different ${operation.name} request`,
      });
    }
    const response = await run(tx);
    await tx.insertIdempotencyRecord(scope, operation.name, token, { requestHash: hash, response });
    return response;
  };
}
