// The rules of a protect configuration: Get/UpdateProtectConfigurationCountryRuleSet,
// Put/Delete/ListProtectConfigurationRuleSetNumberOverride(s), and the decision a send takes from
// them (`protectSend`). Facts: ../shared/notes/aws-behavior-rest-of-api.md sections 8.2, 8.3, 8.5
// and 8.6; choices where AWS is silent are in the README's "Differences from AWS".
import { ConflictException, ResourceNotFoundException, ValidationException } from '../generated/errors.js';
import type {
  NumberCapability,
  ProtectConfigurationCountryRuleSetInformation,
  ProtectConfigurationRuleSetNumberOverride,
  ProtectConfigurationRuleSetNumberOverrideFilterName,
  ProtectStatus,
} from '../generated/types.js';
import { parseTimeText, toEpochSeconds } from '../domain/clock.js';
import { knownCountries, isKnownCountry } from '../domain/number-inventory.js';
import { isE164, isoCountryOf, withPlus } from '../domain/phone.js';
import {
  classifiedAsAit,
  countryStatus,
  overrideActive,
  withCountryRules,
  type NumberOverrideRecord,
  type ProtectConfigurationRecord,
} from '../domain/protect.js';
import { checkProtect, protectCapabilityOf, type SendCandidate } from '../domain/send-rules.js';
import type { Channel } from '../domain/simulator.js';
import type { ConfigurationSetRecord } from '../storage/store.js';
import { describePage, enumOf, type DescribeSpec } from './describe.js';
import { futureTimestampMs } from './input-rules.js';
import { accountDefaultProtectId, requireProtectConfiguration } from './protect-configurations.js';
import type { Stored } from './resource-layer.js';
import { protectConfigurations, protectNumberOverrides } from './resource-types.js';
import type { HandlerContext, HandlerTable } from './types.js';

/** A country rule set in wire form: every country libphonenumber knows, with its status for the capability. */
function wireRuleSet(config: ProtectConfigurationRecord, capability: NumberCapability): Record<string, ProtectConfigurationCountryRuleSetInformation> {
  return Object.fromEntries(knownCountries().map((country) => [country, { ProtectStatus: countryStatus(config, capability, country) }]));
}

function ruleSetAnswer(ctx: HandlerContext, row: Stored<ProtectConfigurationRecord>, capability: NumberCapability) {
  return {
    ProtectConfigurationArn: protectConfigurations.arn(ctx, row.id),
    ProtectConfigurationId: row.id,
    NumberCapability: capability,
    CountryRuleSet: wireRuleSet(row.doc, capability),
  };
}

function toWireOverride(o: NumberOverrideRecord): ProtectConfigurationRuleSetNumberOverride {
  return {
    DestinationPhoneNumber: o.destinationPhoneNumber,
    CreatedTimestamp: toEpochSeconds(o.createdAt),
    Action: o.action,
    ...(o.isoCountryCode !== undefined && { IsoCountryCode: o.isoCountryCode }),
    ...(o.expiresAt !== undefined && { ExpirationTimestamp: toEpochSeconds(o.expiresAt) }),
  };
}

function invalid(member: string, message: string): ValidationException {
  return new ValidationException({ message, Reason: 'INVALID_PARAMETER', Fields: [{ Name: member, Message: message }] });
}

/** An override's destination as stored: E.164 with its plus. @throws ValidationException INVALID_PARAMETER beyond 15 digits */
function overrideNumber(value: string): string {
  const number = withPlus(value);
  if (!isE164(number)) throw invalid('DestinationPhoneNumber', `${value} is not an E.164 phone number (at most 15 digits)`);
  return number;
}

/** A live (not expired) override of the configuration for a number; expired ones are gone for every reader. */
async function liveOverride(ctx: HandlerContext, configId: string, number: string): Promise<Stored<NumberOverrideRecord> | undefined> {
  const row = await protectNumberOverrides.get(ctx, number, configId);
  return row && overrideActive(row.doc, ctx.clock.now()) ? row : undefined;
}

/** A time-bound filter on one of the override's times (epoch ms); an override that never expires counts as expiring after any time. */
function timeFilter(of: (o: NumberOverrideRecord) => number, before: boolean) {
  return {
    accepts: (value: string) => parseTimeText(value) !== undefined,
    matches: (o: NumberOverrideRecord, value: string) => (before ? of(o) < (parseTimeText(value) as number) : of(o) > (parseTimeText(value) as number)),
  };
}
const expiry = (o: NumberOverrideRecord) => o.expiresAt ?? Number.POSITIVE_INFINITY;

/** ListProtectConfigurationRuleSetNumberOverrides: expired overrides are not listed; filters as the model names them. */
const overrideSpec: DescribeSpec<NumberOverrideRecord, ProtectConfigurationRuleSetNumberOverrideFilterName> = {
  repository: protectNumberOverrides,
  visible: overrideActive,
  filters: {
    'iso-country-code': { read: (o) => o.isoCountryCode },
    'destination-phone-number-begins-with': { accepts: () => true, matches: (o, value) => o.destinationPhoneNumber.startsWith(withPlus(value)) },
    action: { read: (o) => o.action, values: enumOf('ProtectConfigurationRuleOverrideAction') },
    'expires-before': timeFilter(expiry, true),
    'expires-after': timeFilter(expiry, false),
    'created-before': timeFilter((o) => o.createdAt, true),
    'created-after': timeFilter((o) => o.createdAt, false),
  },
};

export const protectRuleHandlers: HandlerTable = {
  GetProtectConfigurationCountryRuleSet: {
    mode: 'read',
    async handle(input, ctx) {
      return ruleSetAnswer(ctx, await requireProtectConfiguration(ctx, input.ProtectConfigurationId), input.NumberCapability);
    },
  },

  UpdateProtectConfigurationCountryRuleSet: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await requireProtectConfiguration(ctx, input.ProtectConfigurationId);
      const unknown = Object.keys(input.CountryRuleSetUpdates).filter((c) => !isKnownCountry(c));
      if (unknown.length) {
        throw new ValidationException({
          message: `Protect configurations have no rules for ${unknown.join(', ')}: GetProtectConfigurationCountryRuleSet lists the countries they know`,
          Reason: 'INVALID_PARAMETER',
          Fields: unknown.map((c) => ({ Name: `CountryRuleSetUpdates[${c}]`, Message: `${c} is not a country protect configurations know` })),
        });
      }
      const updated = await protectConfigurations.update(ctx, row, withCountryRules(row.doc, input.NumberCapability, input.CountryRuleSetUpdates));
      return ruleSetAnswer(ctx, updated, input.NumberCapability);
    },
  },

  PutProtectConfigurationRuleSetNumberOverride: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await requireProtectConfiguration(ctx, input.ProtectConfigurationId);
      const number = overrideNumber(input.DestinationPhoneNumber);
      // A past expiry would never apply; one after 9999 could not be read back by SDKs.
      const expiresAt =
        input.ExpirationTimestamp === undefined ? undefined : futureTimestampMs('ExpirationTimestamp', input.ExpirationTimestamp, ctx.clock.now());
      const isoCountryCode = isoCountryOf(number);
      const doc: NumberOverrideRecord = {
        destinationPhoneNumber: number,
        action: input.Action,
        createdAt: ctx.clock.now(),
        ...(expiresAt !== undefined && { expiresAt }),
        ...(isoCountryCode && { isoCountryCode }),
      };
      // Put creates or replaces; a replaced override gets a new CreatedTimestamp.
      const existing = await protectNumberOverrides.get(ctx, number, row.id);
      if (existing) await protectNumberOverrides.update(ctx, existing, doc);
      else await protectNumberOverrides.insert(ctx, number, doc, row.id);
      return { ProtectConfigurationArn: protectConfigurations.arn(ctx, row.id), ProtectConfigurationId: row.id, ...toWireOverride(doc) };
    },
  },

  DeleteProtectConfigurationRuleSetNumberOverride: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await requireProtectConfiguration(ctx, input.ProtectConfigurationId);
      const number = overrideNumber(input.DestinationPhoneNumber);
      const override = await liveOverride(ctx, row.id, number);
      if (!override) {
        // The model has no resource type for an override: the configuration it is missing from answers.
        throw new ResourceNotFoundException({
          message: `The protect configuration ${row.id} has no number override for ${number} (none was put, or it expired)`,
          ResourceType: 'protect-configuration',
          ResourceId: row.id,
        });
      }
      await protectNumberOverrides.delete(ctx, number, row.id);
      return {
        ProtectConfigurationArn: protectConfigurations.arn(ctx, row.id),
        ProtectConfigurationId: row.id,
        ...toWireOverride(override.doc),
      };
    },
  },

  ListProtectConfigurationRuleSetNumberOverrides: {
    mode: 'read',
    async handle(input, ctx) {
      const row = await requireProtectConfiguration(ctx, input.ProtectConfigurationId);
      const { rows, nextToken } = await describePage(ctx, overrideSpec, {
        parent: row.id,
        filters: input.Filters,
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
      });
      return {
        ProtectConfigurationArn: protectConfigurations.arn(ctx, row.id),
        ProtectConfigurationId: row.id,
        RuleSetNumberOverrides: rows.map((r) => toWireOverride(r.doc)),
        ...(nextToken && { NextToken: nextToken }),
      };
    },
  },
};

/** What a send takes from its protect configuration: the events' `protectConfiguration`, and whether FILTER stopped it. */
export interface ProtectOutcome {
  protectConfiguration: { protectConfigurationId: string; protectStatus: ProtectStatus };
  filtered: boolean;
}

/**
 * The protect rule of a send (notes 8.5): the configuration is the one the send names (ID or ARN),
 * else the configuration set's, else the account default; with none, nothing applies. Its country
 * rules for the channel's capability apply, or for RCS when an RCS agent sends. The
 * decision is `checkProtect`'s (domain/send-rules.ts).
 * @throws ResourceNotFoundException (`protect-configuration`) for a ProtectConfigurationId that names none;
 *   ConflictException DESTINATION_PHONE_NUMBER_BLOCKED_BY_PROTECT_NUMBER_OVERRIDE or DESTINATION_COUNTRY_BLOCKED_BY_PROTECT_CONFIGURATION
 */
export async function protectSend(
  ctx: HandlerContext,
  send: { channel: Channel; destination: string; destinationCountry?: string; body?: string; originationKind?: SendCandidate['kind'] },
  protectConfigurationId: string | undefined,
  set: ConfigurationSetRecord | undefined,
): Promise<ProtectOutcome | undefined> {
  const named = protectConfigurationId ?? set?.protectConfigurationId ?? (await accountDefaultProtectId(ctx));
  if (named === undefined) return undefined;
  const config = await requireProtectConfiguration(ctx, named);
  const override = await protectNumberOverrides.get(ctx, send.destination, config.id);
  const capability = protectCapabilityOf(send.channel, send.originationKind);
  const decision = checkProtect({
    channel: send.channel,
    capability,
    destination: send.destination,
    ...(send.destinationCountry && { destinationCountry: send.destinationCountry }),
    countryStatus: send.destinationCountry === undefined ? 'ALLOW' : countryStatus(config.doc, capability, send.destinationCountry),
    ...(override && { override: override.doc }),
    now: ctx.clock.now(),
    classifiedAsAit: classifiedAsAit(send.body),
  });
  if ('failure' in decision) {
    throw new ConflictException({
      message: decision.failure.message,
      Reason: decision.failure.reason as never,
      ResourceType: 'protect-configuration',
      ResourceId: config.id,
    });
  }
  return { protectConfiguration: { protectConfigurationId: config.id, protectStatus: decision.protectStatus }, filtered: decision.filtered };
}
