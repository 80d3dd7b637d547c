// What the registration families share: type lookup in the catalogue, the registration and version
// lookups, their wire converters, and the one place a version's lifecycle is saved.
import { ConflictException, ValidationException } from '../generated/errors.js';
import type { RegistrationInformation, RegistrationVersionInformation, RegistrationVersionStatusHistory } from '../generated/types.js';
import { toEpochSeconds } from '../domain/clock.js';
import { registrationCatalogue, type RegistrationTypeEntry } from '../domain/registration-catalogue.js';
import { registrationViewAt, versionHistoryAt, versionKey, versionStatusAt, type RegistrationRecord, type VersionLifecycle } from '../domain/registrations.js';
import type { Repository, Stored } from './resource-layer.js';
import { registrations, registrationVersions } from './resource-types.js';
import type { HandlerContext } from './types.js';

/**
 * The catalogue entry of a registration type.
 * @throws ValidationException UNKNOWN_REGISTRATION_TYPE (the Describe*Definitions operations cannot raise ResourceNotFoundException)
 */
export function requireRegistrationType(registrationType: string, member = 'RegistrationType'): RegistrationTypeEntry {
  const entry = registrationCatalogue().get(registrationType);
  if (!entry) {
    throw new ValidationException({
      message: `${registrationType} is not a registration type; DescribeRegistrationTypeDefinitions lists them`,
      Reason: 'UNKNOWN_REGISTRATION_TYPE',
      Fields: [{ Name: member, Message: `Unknown registration type ${registrationType}` }],
    });
  }
  return entry;
}

/** The registration an ID or ARN names; ResourceNotFoundException (ResourceType `registration`) when none. */
export const requireRegistration = (ctx: HandlerContext, idOrArn: string): Promise<Stored<RegistrationRecord>> => registrations.require(ctx, idOrArn);

/** The catalogue entry of a stored registration's type. */
export const typeOf = (r: RegistrationRecord): RegistrationTypeEntry => requireRegistrationType(r.registrationType);

export function toRegistrationInformation(ctx: HandlerContext, row: Stored<RegistrationRecord>): RegistrationInformation {
  const r = row.doc;
  const view = registrationViewAt(r, ctx.clock.now());
  return {
    RegistrationArn: registrations.arn(ctx, row.id),
    RegistrationId: r.registrationId,
    RegistrationType: r.registrationType,
    RegistrationStatus: view.status,
    CurrentVersionNumber: r.current.versionNumber,
    ...(view.approvedVersionNumber !== undefined && { ApprovedVersionNumber: view.approvedVersionNumber }),
    ...(view.latestDeniedVersionNumber !== undefined && { LatestDeniedVersionNumber: view.latestDeniedVersionNumber }),
    AdditionalAttributes: {},
    CreatedTimestamp: toEpochSeconds(r.createdTimestamp),
  };
}

/** A version's number, status, status history (epoch seconds) and, once DENIED, its reasons. */
export function toVersionInformation(ctx: HandlerContext, v: VersionLifecycle): RegistrationVersionInformation {
  const now = ctx.clock.now();
  const status = versionStatusAt(v, now);
  const history = Object.fromEntries(Object.entries(versionHistoryAt(v, now)).map(([k, ms]) => [k, toEpochSeconds(ms)]));
  return {
    VersionNumber: v.versionNumber,
    RegistrationVersionStatus: status,
    RegistrationVersionStatusHistory: history as unknown as RegistrationVersionStatusHistory,
    ...(status === 'DENIED' && v.deniedReasons?.length && { DeniedReasons: v.deniedReasons }),
  };
}

/** Saves the latest version's lifecycle in its version record and in the registration's copy. */
export async function saveCurrentVersion(
  ctx: HandlerContext,
  row: Stored<RegistrationRecord>,
  lifecycle: VersionLifecycle,
): Promise<Stored<RegistrationRecord>> {
  const key = versionKey(lifecycle.versionNumber);
  const version = await registrationVersions.get(ctx, key, row.id);
  if (version) await registrationVersions.update(ctx, version, { lifecycle });
  else await registrationVersions.insert(ctx, key, { lifecycle }, row.id);
  return registrations.update(ctx, row, { ...row.doc, current: lifecycle });
}

/**
 * The latest version, which must be a DRAFT for its field values to change.
 * @throws ConflictException EDIT_REGISTRATION_FIELD_VALUES_NOT_ALLOWED otherwise (observed on AWS for a DENIED version)
 */
export function requireDraft(ctx: HandlerContext, r: RegistrationRecord): VersionLifecycle {
  const status = versionStatusAt(r.current, ctx.clock.now());
  if (status !== 'DRAFT') {
    throw new ConflictException({
      message: `Version ${r.current.versionNumber} of ${r.registrationId} is ${status}; only a DRAFT version's field values can change (CreateRegistrationVersion starts a new one)`,
      Reason: 'EDIT_REGISTRATION_FIELD_VALUES_NOT_ALLOWED',
      ResourceType: 'registration',
      ResourceId: r.registrationId,
    });
  }
  return r.current;
}

/** Every child of `parent` in id order (with no parent: every row of the type, in (parent, id) order). */
export async function allOf<D>(ctx: HandlerContext, repo: Repository<D>, parent?: string): Promise<Stored<D>[]> {
  const out: Stored<D>[] = [];
  let after: { parent: string; id: string } | undefined;
  for (;;) {
    const rows = await repo.list(ctx, { parent, limit: 500, ...(after && { after }) });
    out.push(...rows);
    if (rows.length < 500) return out;
    after = rows[rows.length - 1];
  }
}
