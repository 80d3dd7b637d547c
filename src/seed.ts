// SEED_FILE / --seed: resources created at start-up when absent, so a server comes up ready to send.
// Every entry is the input of the API operation that creates it (same members, same validation,
// same rules), applied by that operation's own handler, all in ONE transaction: a bad entry fails
// start-up with a message naming it, and nothing of the file is created.
import { readFileSync } from 'node:fs';
import { operations } from './generated/model.js';
import type { OperationName } from './generated/types.js';
import { ServiceError } from './protocol/service-error.js';
import { isE164, isoCountryOf } from './domain/phone.js';
import { ACCOUNT_ID_PATTERN } from './domain/scope.js';
import { ACCOUNT_TIERS, type AccountTier } from './config/config.js';
import { requestHash } from './domain/request-hash.js';
import { validateShape } from './validation/validate.js';
import { phoneNumbers, senderIdName, senderIds } from './handlers/resource-types.js';
import type { HandlerContext, HandlerTable, OperationHandler } from './handlers/types.js';
import type { Scope, Store } from './storage/store.js';

/** One account and region's resources. Each list holds inputs of the operation named beside it. */
export interface SeedScope {
  /** Default: DEFAULT_ACCOUNT_ID. */
  accountId?: string;
  /** Default: DEFAULT_REGION. */
  region?: string;
  /**
   * The account's ACCOUNT_TIER, `PRODUCTION` or `SANDBOX` (any case), as an ACCOUNT_TIERS entry would
   * set it; it applies to every region of the account.
   */
  accountTier?: string;
  /** RequestPhoneNumber inputs, plus `PhoneNumber`: the E.164 value to give the number (else a random one). */
  phoneNumbers?: Record<string, unknown>[];
  /** RequestSenderId inputs. */
  senderIds?: Record<string, unknown>[];
  /**
   * CreatePool inputs, plus `Members`: more identities to associate (AssociateOriginationIdentity).
   * OriginationIdentity and Members may name a phone number by its E.164 value.
   */
  pools?: Record<string, unknown>[];
  /** CreateConfigurationSet inputs, plus `EventDestinations`: CreateEventDestination inputs without ConfigurationSetName. */
  configurationSets?: Record<string, unknown>[];
}

/**
 * Thrown for a seed file that cannot be applied; the message names the entry and the rule it breaks.
 * start() turns it into a ConfigError naming the `seedFile` option and the file.
 */
export class SeedError extends Error {}

type Run = (operation: OperationName, input: Record<string, unknown>) => Promise<Record<string, unknown>>;

const SCOPE_KEYS = new Set(['accountId', 'region', 'accountTier', 'phoneNumbers', 'senderIds', 'pools', 'configurationSets']);

/** Reads a seed file: one scope object, or a list of them. @throws SeedError */
export function readSeedFile(path: string): SeedScope[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SeedError(`cannot be read as JSON: ${(error as Error).message}`);
  }
  const scopes = Array.isArray(parsed) ? parsed : [parsed];
  scopes.forEach((scope, i) => {
    const where = Array.isArray(parsed) ? `[${i}]` : '(top level)';
    if (typeof scope !== 'object' || scope === null || Array.isArray(scope)) throw new SeedError(`seed ${where}: must be an object`);
    for (const [key, value] of Object.entries(scope)) {
      if (!SCOPE_KEYS.has(key)) throw new SeedError(`seed ${where}: unknown member ${key} (allowed: ${[...SCOPE_KEYS].join(', ')})`);
      const isList = key !== 'accountId' && key !== 'region' && key !== 'accountTier';
      if (isList && (!Array.isArray(value) || value.some((e) => typeof e !== 'object' || e === null || Array.isArray(e)))) {
        throw new SeedError(`seed ${where}.${key}: must be a list of objects`);
      }
      if (!isList && typeof value !== 'string') throw new SeedError(`seed ${where}.${key}: must be a string`);
    }
  });
  return scopes as SeedScope[];
}

/**
 * The ACCOUNT_TIERS in effect with a seed: the configuration's entries plus each seed scope's
 * `accountTier` for its account (scopes without `accountId` name DEFAULT_ACCOUNT_ID).
 * @throws SeedError for a tier other than PRODUCTION or SANDBOX, or an account given two tiers
 *   (by two scopes, or by a scope and ACCOUNT_TIERS)
 */
export function seedAccountTiers(
  scopes: SeedScope[],
  config: { accountTiers: Record<string, AccountTier>; defaultAccountId: string },
): Record<string, AccountTier> {
  const tiers: Record<string, AccountTier> = { ...config.accountTiers };
  const from: Record<string, string> = Object.fromEntries(Object.keys(tiers).map((account) => [account, 'ACCOUNT_TIERS']));
  for (const [i, seed] of scopes.entries()) {
    if (seed.accountTier === undefined) continue;
    const tier = seed.accountTier.toUpperCase() as AccountTier;
    if (!ACCOUNT_TIERS.includes(tier)) throw new SeedError(`seed [${i}].accountTier: must be ${ACCOUNT_TIERS.join(' or ')}, got ${seed.accountTier}`);
    const account = seed.accountId ?? config.defaultAccountId;
    if (Object.hasOwn(tiers, account) && tiers[account] !== tier) {
      throw new SeedError(`seed [${i}].accountTier: ${tier} for account ${account}, which ${from[account]} makes ${tiers[account]}`);
    }
    tiers[account] = tier;
    from[account] ??= `seed [${i}]`;
  }
  return tiers;
}

export interface SeedDeps {
  store: Store;
  handlers: HandlerTable;
  /** Builds a handler context for a scope inside the seed's transaction. */
  context(scope: Scope, tx: HandlerContext['tx']): HandlerContext;
  defaultScope: Scope;
}

/** Applies the seed in one transaction. Returns how many resources it created. @throws SeedError */
export async function applySeed(deps: SeedDeps, scopes: SeedScope[]): Promise<number> {
  return deps.store.write(async (tx) => {
    let created = 0;
    for (const [i, seed] of scopes.entries()) {
      const scope: Scope = { accountId: seed.accountId ?? deps.defaultScope.accountId, region: seed.region ?? deps.defaultScope.region };
      if (!ACCOUNT_ID_PATTERN.test(scope.accountId)) throw new SeedError(`seed [${i}].accountId: must be 12 digits, got ${scope.accountId}`);
      const ctx = deps.context(scope, tx);
      const run: Run = async (operation, input) => {
        const failures = validateShape(operations[operation].input, input);
        if (failures.length) throw new Error(failures.map((f) => `${f.name}: ${f.message}`).join('; '));
        const handler = deps.handlers[operation] as OperationHandler<OperationName> | undefined;
        if (!handler) throw new Error(`${operation} is not implemented`);
        return (await handler.handle(input as never, ctx)) as Record<string, unknown>;
      };
      created += await seedScope(ctx, seed, run, i);
    }
    return created;
  });
}

/** Runs one entry, naming it in any error. */
async function entry<T>(where: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const reason =
      error instanceof ServiceError
        ? `${error.code}${error.members.Reason ? ` ${String(error.members.Reason)}` : ''}: ${error.message}`
        : (error as Error).message;
    throw new SeedError(`seed ${where}: ${reason}`);
  }
}

/**
 * An entry without a natural key is created once; a marker (an idempotency record) remembers it.
 * Identical entries are distinct resources (two numbers of one kind): `seen` counts the entries met
 * so far in this scope, and the n-th repeat of an entry has a marker of its own.
 */
async function firstTime(ctx: HandlerContext, kind: string, input: Record<string, unknown>, seen: Map<string, number>): Promise<boolean> {
  const first = requestHash(`Seed${kind}`, input, '');
  const repeat = seen.get(first) ?? 0;
  seen.set(first, repeat + 1);
  const token = repeat === 0 ? first : requestHash(`Seed${kind}#${repeat}`, input, '');
  if (await ctx.tx.findIdempotencyRecord(ctx.scope, 'Seed', token)) return false;
  await ctx.tx.insertIdempotencyRecord(ctx.scope, 'Seed', token, { requestHash: token, response: null });
  return true;
}

/** A seed identity may be a phone number's E.164 value; the API wants its id. */
async function identityId(ctx: HandlerContext, value: unknown): Promise<unknown> {
  if (typeof value !== 'string' || !value.startsWith('+')) return value;
  const row = await phoneNumbers.findByName(ctx, value);
  if (!row) throw new Error(`no phone number ${value} in this seed scope`);
  return row.id;
}

async function seedScope(ctx: HandlerContext, seed: SeedScope, run: Run, i: number): Promise<number> {
  let created = 0;
  const seen = new Map<string, number>();
  for (const [j, { PhoneNumber, ...input }] of (seed.phoneNumbers ?? []).entries()) {
    created += await entry(`[${i}].phoneNumbers[${j}]`, async () => {
      if (PhoneNumber === undefined) {
        if (!(await firstTime(ctx, 'PhoneNumber', input, seen))) return 0;
        await run('RequestPhoneNumber', input);
        return 1;
      }
      if (!isE164(PhoneNumber)) throw new Error('PhoneNumber must be an E.164 number');
      if (isoCountryOf(PhoneNumber) !== input.IsoCountryCode) throw new Error(`PhoneNumber ${PhoneNumber} is not a number of ${String(input.IsoCountryCode)}`);
      if (await phoneNumbers.findByName(ctx, PhoneNumber)) return 0;
      const { PhoneNumberId } = await run('RequestPhoneNumber', input);
      const row = await phoneNumbers.require(ctx, PhoneNumberId as string);
      await phoneNumbers.update(ctx, row, { ...row.doc, phoneNumber: PhoneNumber });
      return 1;
    });
  }
  for (const [j, input] of (seed.senderIds ?? []).entries()) {
    created += await entry(`[${i}].senderIds[${j}]`, async () => {
      if (await senderIds.findByName(ctx, senderIdName(String(input.SenderId), String(input.IsoCountryCode)))) return 0;
      await run('RequestSenderId', input);
      return 1;
    });
  }
  for (const [j, { Members, ...input }] of (seed.pools ?? []).entries()) {
    created += await entry(`[${i}].pools[${j}]`, async () => {
      if (!(await firstTime(ctx, 'Pool', { ...input, Members }, seen))) return 0;
      const { PoolId } = await run('CreatePool', { ...input, OriginationIdentity: await identityId(ctx, input.OriginationIdentity) });
      if (Members !== undefined && !Array.isArray(Members)) throw new Error('Members must be a list of origination identities');
      for (const member of (Members as unknown[] | undefined) ?? []) {
        const identity = typeof member === 'object' && member !== null ? (member as Record<string, unknown>) : { OriginationIdentity: member };
        await run('AssociateOriginationIdentity', { ...identity, PoolId, OriginationIdentity: await identityId(ctx, identity.OriginationIdentity) });
      }
      return 1;
    });
  }
  for (const [j, { EventDestinations, ...input }] of (seed.configurationSets ?? []).entries()) {
    created += await entry(`[${i}].configurationSets[${j}]`, async () => {
      let made = 0;
      const name = input.ConfigurationSetName as string;
      if (typeof name !== 'string' || !(await ctx.tx.findConfigurationSet(ctx.scope, name))) {
        await run('CreateConfigurationSet', input);
        made++;
      }
      if (EventDestinations !== undefined && !Array.isArray(EventDestinations)) throw new Error('EventDestinations must be a list');
      const existing = new Set((await ctx.tx.listEventDestinations(ctx.scope, [name])).map((d) => d.name));
      for (const destination of (EventDestinations as Record<string, unknown>[] | undefined) ?? []) {
        if (existing.has(destination.EventDestinationName as string)) continue;
        await run('CreateEventDestination', { ...destination, ConfigurationSetName: name });
        made++;
      }
      return made;
    });
  }
  return created;
}
