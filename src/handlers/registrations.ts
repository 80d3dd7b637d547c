// CreateRegistration, DescribeRegistrations, DeleteRegistration, CreateRegistrationVersion,
// DescribeRegistrationVersions, SubmitRegistrationVersion, DiscardRegistrationVersion.
// A registration has numbered versions; only the latest DRAFT is edited; submission checks the
// required fields and associations, then stores the review's due times and its deterministic
// outcome (see reviewVersion), so statuses move on reads with no timer.
// Facts: ../shared/notes/aws-behavior-rest-of-api.md section 11.
import { ConflictException, ValidationException } from '../generated/errors.js';
import type { RegistrationFilterName, RegistrationVersionFilterName } from '../generated/types.js';
import { registrationCatalogue } from '../domain/registration-catalogue.js';
import {
  fieldValuesParent,
  registrationViewAt,
  reviewSchedule,
  reviewVersion,
  UNDER_REVIEW,
  versionKey,
  versionStatusAt,
  type RegistrationRecord,
  type RegistrationVersionRecord,
  type VersionLifecycle,
} from '../domain/registrations.js';
import { describePage, enumOf, type DescribeSpec } from './describe.js';
import type { Stored } from './resource-layer.js';
import { registrationFieldValues, registrations, registrationVersions } from './resource-types.js';
import { checkQuota, settings } from './origination-shared.js';
import { checkAssociatedBeforeSubmit, disassociateForDelete, onApprovalScheduled } from './registration-associations.js';
import {
  allOf,
  requireRegistration,
  requireRegistrationType,
  saveCurrentVersion,
  toRegistrationInformation,
  toVersionInformation,
  typeOf,
} from './registration-shared.js';
import { tagNewResource, forgetResource } from './tags.js';
import type { HandlerContext, HandlerTable } from './types.js';

const registrationSpec: DescribeSpec<RegistrationRecord, RegistrationFilterName> = {
  repository: registrations,
  filters: {
    'registration-type': {
      read: (r) => r.registrationType,
      get values() {
        return [...registrationCatalogue().keys()];
      },
    },
    'registration-status': { read: (r, now) => registrationViewAt(r, now).status, values: enumOf('RegistrationStatus') },
  },
};

const versionSpec: DescribeSpec<RegistrationVersionRecord, RegistrationVersionFilterName> = {
  repository: registrationVersions,
  filters: { 'registration-version-status': { read: (v, now) => versionStatusAt(v.lifecycle, now), values: enumOf('RegistrationVersionStatus') } },
};

function versionConflict(
  r: RegistrationRecord,
  reason:
    | 'CREATE_REGISTRATION_VERSION_NOT_ALLOWED'
    | 'SUBMIT_REGISTRATION_VERSION_NOT_ALLOWED'
    | 'REGISTRATION_ALREADY_SUBMITTED'
    | 'DISCARD_REGISTRATION_VERSION_NOT_ALLOWED',
  message: string,
) {
  return new ConflictException({ message, Reason: reason, ResourceType: 'registration', ResourceId: r.registrationId });
}

/** The registration an ID or ARN names, and its latest version's status now. */
async function withLatestStatus(ctx: HandlerContext, idOrArn: string) {
  const row = await requireRegistration(ctx, idOrArn);
  return { row, status: versionStatusAt(row.doc.current, ctx.clock.now()) };
}

/** The version's answer members common to create, submit and discard. */
function versionAnswer(ctx: HandlerContext, row: Stored<RegistrationRecord>, v: VersionLifecycle) {
  const info = toVersionInformation(ctx, v);
  return {
    RegistrationArn: registrations.arn(ctx, row.id),
    RegistrationId: row.id,
    VersionNumber: v.versionNumber,
    RegistrationVersionStatus: info.RegistrationVersionStatus,
    RegistrationVersionStatusHistory: info.RegistrationVersionStatusHistory,
  };
}

/**
 * Submission's checks: every REQUIRED field of the type has a value (ValidationException
 * FIELD_VALIDATION_FAILED listing the missing paths; AWS documents no error for this), then the
 * associations the type needs before submission.
 */
async function checkSubmittable(ctx: HandlerContext, row: Stored<RegistrationRecord>) {
  const values = (await allOf(ctx, registrationFieldValues, fieldValuesParent(row.id, row.doc.current.versionNumber))).map((v) => v.doc);
  const given = new Set(values.map((v) => v.fieldPath));
  const missing = [...typeOf(row.doc).fields.values()].filter((f) => f.FieldRequirement === 'REQUIRED' && !given.has(f.FieldPath));
  if (missing.length) {
    throw new ValidationException({
      message: `Required fields have no value: ${missing.map((f) => f.FieldPath).join(', ')}`,
      Reason: 'FIELD_VALIDATION_FAILED',
      Fields: missing.map((f) => ({ Name: f.FieldPath, Message: 'A required field has no value' })),
    });
  }
  await checkAssociatedBeforeSubmit(ctx, row);
  return values;
}

export const registrationHandlers: HandlerTable = {
  CreateRegistration: {
    mode: 'write',
    async handle(input, ctx) {
      requireRegistrationType(input.RegistrationType);
      checkQuota(ctx, 'REGISTRATIONS', await registrations.count(ctx), 'REGISTRATIONS_PER_ACCOUNT');
      const now = ctx.clock.now();
      const id = registrations.newId(ctx);
      const current: VersionLifecycle = { versionNumber: 1, draftAt: now };
      const row = await registrations.insert(ctx, id, { registrationId: id, registrationType: input.RegistrationType, createdTimestamp: now, current });
      await registrationVersions.insert(ctx, versionKey(1), { lifecycle: current }, id);
      const { ApprovedVersionNumber: _a, LatestDeniedVersionNumber: _d, ...info } = toRegistrationInformation(ctx, row);
      return { ...info, Tags: await tagNewResource(ctx, registrations.arn(ctx, id), input.Tags) };
    },
  },

  DescribeRegistrations: {
    mode: 'read',
    async handle(input, ctx) {
      const page = await describePage(ctx, registrationSpec, {
        ids: input.RegistrationIds,
        idsMember: 'RegistrationIds',
        filters: input.Filters,
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
      });
      return { Registrations: page.rows.map((r) => toRegistrationInformation(ctx, r)), ...(page.nextToken && { NextToken: page.nextToken }) };
    },
  },

  DeleteRegistration: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await requireRegistration(ctx, input.RegistrationId);
      await disassociateForDelete(ctx, row);
      const answer = toRegistrationInformation(ctx, row);
      for (const v of await allOf(ctx, registrationVersions, row.id)) {
        await registrationFieldValues.deleteAllOf(ctx, fieldValuesParent(row.id, v.doc.lifecycle.versionNumber));
      }
      await registrationVersions.deleteAllOf(ctx, row.id);
      await registrations.delete(ctx, row.id);
      await forgetResource(ctx, registrations.arn(ctx, row.id));
      return { ...answer, RegistrationStatus: 'DELETED' };
    },
  },

  CreateRegistrationVersion: {
    mode: 'write',
    async handle(input, ctx) {
      const { row, status } = await withLatestStatus(ctx, input.RegistrationId);
      const r = row.doc;
      // CLOSED: its identities are gone and it is only to be deleted (notes 11.2).
      if (registrationViewAt(r, ctx.clock.now()).status === 'CLOSED') {
        throw versionConflict(
          r,
          'CREATE_REGISTRATION_VERSION_NOT_ALLOWED',
          `${r.registrationId} is CLOSED (its identities were released): delete it and create a new registration`,
        );
      }
      if (status === 'DRAFT' || UNDER_REVIEW.includes(status)) {
        throw versionConflict(
          r,
          'CREATE_REGISTRATION_VERSION_NOT_ALLOWED',
          `Version ${r.current.versionNumber} of ${r.registrationId} is ${status}; a new version can follow only an approved, denied or discarded one`,
        );
      }
      // The latest version's outcome becomes the registration's "earlier" approved or denied version.
      const folded: RegistrationRecord = {
        ...r,
        ...(status === 'APPROVED' && { earlierApprovedVersion: r.current.versionNumber }),
        ...(status === 'DENIED' && { earlierDeniedVersion: r.current.versionNumber }),
      };
      const next: VersionLifecycle = { versionNumber: r.current.versionNumber + 1, draftAt: ctx.clock.now() };
      // The new draft starts from the newest version that was not discarded (AWS sources disagree; see the README).
      const source = (await allOf(ctx, registrationVersions, row.id)).reverse().find((v) => v.doc.lifecycle.discardedAt === undefined);
      if (source) {
        for (const value of await allOf(ctx, registrationFieldValues, fieldValuesParent(row.id, source.doc.lifecycle.versionNumber))) {
          const { deniedReason: _d, ...copy } = value.doc;
          await registrationFieldValues.insert(ctx, value.id, copy, fieldValuesParent(row.id, next.versionNumber));
        }
      }
      const saved = await saveCurrentVersion(ctx, await registrations.update(ctx, row, folded), next);
      return versionAnswer(ctx, saved, next);
    },
  },

  DescribeRegistrationVersions: {
    mode: 'read',
    async handle(input, ctx) {
      const row = await requireRegistration(ctx, input.RegistrationId);
      const resolve = async (c: HandlerContext, key: string) => {
        const found = await registrationVersions.get(c, key, row.id);
        if (found) return found;
        throw new ValidationException({
          message: `${row.id} has no version ${Number(key)}`,
          Reason: 'UNKNOWN_REGISTRATION_VERSION',
          Fields: [{ Name: 'VersionNumbers', Message: `Unknown version ${Number(key)}` }],
        });
      };
      const page = await describePage(
        ctx,
        { ...versionSpec, resolve },
        {
          parent: row.id,
          ids: input.VersionNumbers?.map(versionKey),
          idsMember: 'VersionNumbers',
          filters: input.Filters,
          maxResults: input.MaxResults,
          nextToken: input.NextToken,
        },
      );
      return {
        RegistrationArn: registrations.arn(ctx, row.id),
        RegistrationId: row.id,
        RegistrationVersions: page.rows.map((v) => toVersionInformation(ctx, v.doc.lifecycle)),
        ...(page.nextToken && { NextToken: page.nextToken }),
      };
    },
  },

  SubmitRegistrationVersion: {
    mode: 'write',
    async handle(input, ctx) {
      const { row, status } = await withLatestStatus(ctx, input.RegistrationId);
      const r = row.doc;
      if (UNDER_REVIEW.includes(status))
        throw versionConflict(r, 'REGISTRATION_ALREADY_SUBMITTED', `Version ${r.current.versionNumber} of ${r.registrationId} is already ${status}`);
      if (status !== 'DRAFT') {
        throw versionConflict(
          r,
          'SUBMIT_REGISTRATION_VERSION_NOT_ALLOWED',
          `Version ${r.current.versionNumber} of ${r.registrationId} is ${status}; create a new version to submit changes`,
        );
      }
      const values = await checkSubmittable(ctx, row);
      const review = reviewVersion(typeOf(r).fields, values);
      const awsReview = input.AwsReview ?? false;
      const lifecycle: VersionLifecycle = {
        ...r.current,
        ...reviewSchedule(ctx.clock.now(), settings(ctx).reviewMs, awsReview),
        awsReview,
        outcome: review.outcome,
        ...(review.deniedReasons.length && { deniedReasons: review.deniedReasons }),
      };
      const parent = fieldValuesParent(row.id, lifecycle.versionNumber);
      for (const [path, reason] of review.fieldReasons) {
        const value = await registrationFieldValues.require(ctx, path, parent);
        await registrationFieldValues.update(ctx, value, { ...value.doc, deniedReason: reason });
      }
      const saved = await saveCurrentVersion(ctx, row, lifecycle);
      if (review.outcome === 'APPROVED') {
        // The version approved before this one is ARCHIVED from this one's approval.
        const earlier = r.earlierApprovedVersion === undefined ? undefined : await registrationVersions.get(ctx, versionKey(r.earlierApprovedVersion), row.id);
        if (earlier) await registrationVersions.update(ctx, earlier, { lifecycle: { ...earlier.doc.lifecycle, archivedAt: lifecycle.decidedAt } });
        await onApprovalScheduled(ctx, saved, values);
      }
      return { ...versionAnswer(ctx, saved, lifecycle), AwsReview: awsReview };
    },
  },

  DiscardRegistrationVersion: {
    mode: 'write',
    async handle(input, ctx) {
      const { row, status } = await withLatestStatus(ctx, input.RegistrationId);
      if (status !== 'DRAFT') {
        throw versionConflict(
          row.doc,
          'DISCARD_REGISTRATION_VERSION_NOT_ALLOWED',
          `Version ${row.doc.current.versionNumber} of ${row.id} is ${status}; only a DRAFT version can be discarded`,
        );
      }
      const lifecycle = { ...row.doc.current, discardedAt: ctx.clock.now() };
      return versionAnswer(ctx, await saveCurrentVersion(ctx, row, lifecycle), lifecycle);
    },
  },
};
