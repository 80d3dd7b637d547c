import type { OperationName, OperationTypes } from '../generated/types.js';
import type { Scope, StoreTx } from '../storage/store.js';
import type { Clock } from '../domain/clock.js';
import type { IdSource } from '../domain/ids.js';
import type { AccountLimitMaxima, SpendLimitMaxima } from '../config/config.js';
import type { CapturesAtOnce } from '../events/routing.js';

export interface EventTiming {
  /** Milliseconds between the events of one message. */
  stepDelayMs: number;
  /** Which destinations of a scope take their deliveries captured as they are routed (see routeEvent). */
  capturesAtOnce?(scope: Scope): CapturesAtOnce;
}

/** Account quotas and resource lifecycle settings, from the configuration. */
export interface Limits {
  /** Configuration sets per account and region (ServiceQuotaExceededException CONFIGURATION_SETS_PER_ACCOUNT). */
  maxConfigurationSets: number;
  /** The other maxima per account and region (DescribeAccountLimits Max), and identities per pool. */
  accountLimits?: AccountLimitMaxima;
  /** MaxLimit of each monthly spend limit, in whole US dollars. */
  spendLimits?: SpendLimitMaxima;
  /** Milliseconds a requested number stays PENDING (default 0: ACTIVE on the next read). */
  phoneNumberActivationMs?: number;
  /** Milliseconds a released number is described as DELETED before ResourceNotFoundException. */
  releasedPhoneNumberRetentionMs?: number;
  /** Milliseconds a submitted registration version takes to be reviewed. */
  registrationReviewMs?: number;
  /** Milliseconds a new notify configuration stays PENDING (default 0: ACTIVE or REJECTED on the next read). */
  notifyConfigurationReviewMs?: number;
  /** Milliseconds a destination number verification code stays usable. */
  verificationCodeLifetimeMs?: number;
  /** ACCOUNT_TIER per account id, and for the others. */
  accountTiers?: Record<string, string>;
  defaultAccountTier?: string;
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
  /**
   * A write's isolation (WriteOptions in storage/store.ts); serializable when absent. Read committed
   * is for a hot write whose every check-then-write has been shown to hold without serializability.
   */
  isolation?: 'read-committed';
  handle(input: OperationTypes[Op]['input'], ctx: HandlerContext): Promise<OperationTypes[Op]['output']>;
}

export type HandlerTable = { [Op in OperationName]?: OperationHandler<Op> };
