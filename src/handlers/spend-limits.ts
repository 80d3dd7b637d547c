// Monthly spend limits: DescribeSpendLimits, Set/Delete{Text,Voice,Media,Notify}MessageSpendLimitOverride,
// and the charge a send makes against its channel's limit. Facts: ../shared/notes/aws-behavior-rest-of-api.md 6.3.
import { ServiceQuotaExceededException, ValidationException } from '../generated/errors.js';
import type { SpendLimit, SpendLimitName } from '../generated/types.js';
import { defaultConfig } from '../config/config.js';
import { checkSpend, SPEND_LIMITS, spendMonthOf, type SpendChannel } from '../domain/send-rules.js';
import { PRICE_UNITS_PER_USD } from '../events/event-record.js';
import { enumOf } from './describe.js';
import { pageOf } from './account.js';
import { settings } from './origination-shared.js';
import { monthlySpends, spendLimitOverrides } from './resource-types.js';
import type { HandlerContext, HandlerTable } from './types.js';

/**
 * The sandbox's monthly limits in whole US dollars: 1 USD for SMS and 1 USD for MMS (User Guide,
 * sandbox page; notes 7.1). AWS documents none for voice and Notify, which keep SPEND_LIMITS.
 */
export const SANDBOX_SPEND_LIMITS: Partial<Record<SpendLimitName, number>> = {
  TEXT_MESSAGE_MONTHLY_SPEND_LIMIT: 1,
  MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT: 1,
};

/** The MaxLimit of a spend limit: the configuration's (SPEND_LIMITS), lowered to SANDBOX_SPEND_LIMITS for a SANDBOX account. */
function maxLimitOf(ctx: HandlerContext, name: SpendLimitName): number {
  const configured = (ctx.limits.spendLimits ?? defaultConfig.spendLimits)[name];
  const sandbox = settings(ctx).accountTier === 'SANDBOX' ? SANDBOX_SPEND_LIMITS[name] : undefined;
  return sandbox === undefined ? configured : Math.min(configured, sandbox);
}

/**
 * A spend limit as DescribeSpendLimits reports it: the account's override when it has one, else
 * MaxLimit. MaxLimit is the ceiling: an override set before SPEND_LIMITS lowered it is enforced at
 * the new MaxLimit.
 */
async function spendLimitOf(ctx: HandlerContext, name: SpendLimitName): Promise<SpendLimit> {
  const maxLimit = maxLimitOf(ctx, name);
  const override = await spendLimitOverrides.get(ctx, name);
  const enforced = override === undefined ? maxLimit : Math.min(override.doc.monthlyLimit, maxLimit);
  return { Name: name, EnforcedLimit: enforced, MaxLimit: maxLimit, Overridden: override !== undefined };
}

/**
 * Charges a send's price to its channel's spend for the current UTC month, in the send's
 * transaction, if the spend rule (checkSpend) admits it. A dry run is checked but not charged.
 *
 * Sends run at read committed (messages.ts), so the charge must not read the spend and write it
 * back: it adds the price in one statement first, which locks the month's row until the send ends,
 * then checks the total it got back, and a refusal rolls the add back with the rest of the send.
 * Concurrent sends of an account therefore queue on that row and each sees the others' committed
 * charges: the limit holds exactly, across nodes. The month's first send inserts the row; a
 * concurrent first insert fails on its key and is retried, and then adds. AWS's own enforcement "is
 * near-real-time and may overshoot slightly" (notes 6.3); ours stays exact per account.
 * @throws ServiceQuotaExceededException MONTHLY_SPEND_LIMIT_REACHED_FOR_<CHANNEL>
 */
export async function chargeSpend(ctx: HandlerContext, channel: SpendChannel, priceUnits: number, dryRun: boolean): Promise<void> {
  const { name } = SPEND_LIMITS[channel];
  const id = `${name}/${spendMonthOf(ctx.clock.now())}`;
  const limit = await spendLimitOf(ctx, name);
  let spentBefore: number;
  if (dryRun || priceUnits === 0) {
    spentBefore = (await monthlySpends.get(ctx, id))?.doc.spentUnits ?? 0;
  } else {
    const total = await monthlySpends.addTo(ctx, id, 'spentUnits', priceUnits);
    if (total === undefined) await monthlySpends.insert(ctx, id, { spentUnits: priceUnits });
    spentBefore = (total ?? priceUnits) - priceUnits;
  }
  const failure = checkSpend({ channel, spentUnits: spentBefore, priceUnits, limitUsd: limit.EnforcedLimit, unitsPerUsd: PRICE_UNITS_PER_USD });
  if (failure) throw new ServiceQuotaExceededException({ message: failure.message, Reason: failure.reason as never });
}

/** Set<Channel>MessageSpendLimitOverride: MonthlyLimit up to MaxLimit (0 stops every priced send). */
function setOverride(channel: SpendChannel) {
  return {
    mode: 'write' as const,
    async handle(input: { MonthlyLimit: number }, ctx: HandlerContext) {
      const { name } = SPEND_LIMITS[channel];
      const maxLimit = maxLimitOf(ctx, name);
      if (input.MonthlyLimit > maxLimit) {
        const message = `MonthlyLimit ${input.MonthlyLimit} is higher than the ${name} MaxLimit of ${maxLimit} USD`;
        throw new ValidationException({
          message,
          Reason: 'REQUESTED_SPEND_LIMIT_HIGHER_THAN_SERVICE_LIMIT',
          Fields: [{ Name: 'MonthlyLimit', Message: message }],
        });
      }
      const existing = await spendLimitOverrides.get(ctx, name);
      const doc = { monthlyLimit: input.MonthlyLimit };
      if (existing) await spendLimitOverrides.update(ctx, existing, doc);
      else await spendLimitOverrides.insert(ctx, name, doc);
      return { MonthlyLimit: input.MonthlyLimit };
    },
  };
}

/** Delete<Channel>MessageSpendLimitOverride: the enforced limit is MaxLimit again, and the answer says so (also when there was no override). */
function deleteOverride(channel: SpendChannel) {
  return {
    mode: 'write' as const,
    async handle(_input: object, ctx: HandlerContext) {
      const { name } = SPEND_LIMITS[channel];
      await spendLimitOverrides.delete(ctx, name);
      return { MonthlyLimit: maxLimitOf(ctx, name) };
    },
  };
}

export const spendLimitHandlers: HandlerTable = {
  DescribeSpendLimits: {
    mode: 'read',
    async handle(input, ctx) {
      const limits: SpendLimit[] = [];
      for (const name of enumOf('SpendLimitName') as SpendLimitName[]) limits.push(await spendLimitOf(ctx, name));
      const { page, NextToken } = pageOf('DescribeSpendLimits', limits, input);
      return { SpendLimits: page, ...(NextToken && { NextToken }) };
    },
  },
  SetTextMessageSpendLimitOverride: setOverride('TEXT'),
  SetVoiceMessageSpendLimitOverride: setOverride('VOICE'),
  SetMediaMessageSpendLimitOverride: setOverride('MEDIA'),
  SetNotifyMessageSpendLimitOverride: setOverride('NOTIFY'),
  DeleteTextMessageSpendLimitOverride: deleteOverride('TEXT'),
  DeleteVoiceMessageSpendLimitOverride: deleteOverride('VOICE'),
  DeleteMediaMessageSpendLimitOverride: deleteOverride('MEDIA'),
  DeleteNotifyMessageSpendLimitOverride: deleteOverride('NOTIFY'),
};
