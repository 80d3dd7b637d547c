// CreateRegistrationAssociation, ListRegistrationAssociations, and how registrations gate the
// identities they register: US TEN_DLC and TOLL_FREE numbers stay PENDING (no activation time)
// until their registration has an approved version, and a sender ID registration creates (or
// registers) its sender ID on approval. Approval times are known at submission, so the identities
// get their due times then and read them lazily, like any number activation.
// Facts: ../shared/notes/aws-behavior-rest-of-api.md sections 1.1, 11.4, 11.5 and 11.7.
import { ConflictException, ResourceNotFoundException, ValidationException } from '../generated/errors.js';
import type { CreateRegistrationAssociationResult, RegistrationAssociationFilterName } from '../generated/types.js';
import { parseArn } from '../domain/arn.js';
import type { PhoneNumberRecord } from '../domain/origination-identities.js';
import type { RcsAgentRecord } from '../domain/rcs-agents.js';
import type { CatalogueAssociation } from '../domain/registration-catalogue.js';
import {
  approvalTime,
  registrationViewAt,
  UNDER_REVIEW,
  versionStatusAt,
  type RegistrationAssociationRecord,
  type RegistrationFieldValueRecord,
  type RegistrationRecord,
} from '../domain/registrations.js';
import { describePage, type DescribeSpec } from './describe.js';
import { notFound, type Stored } from './resource-layer.js';
import { phoneNumbers, rcsAgents, registrationAssociations, registrations, senderIdName, senderIds } from './resource-types.js';
import { requireLiveNumber, senderIdKey, settings } from './origination-shared.js';
import { allOf, requireRegistration, typeOf } from './registration-shared.js';
import type { HandlerContext, HandlerTable } from './types.js';

/** True for numbers that cannot send before a registration is complete: US TEN_DLC and TOLL_FREE [UG-NUM], [CAB]. */
export const needsRegistration = (n: Pick<PhoneNumberRecord, 'isoCountryCode' | 'numberType'>): boolean =>
  n.isoCountryCode === 'US' && (n.numberType === 'TEN_DLC' || n.numberType === 'TOLL_FREE');

/** A resource a registration can be associated with, as CreateRegistrationAssociation's ResourceId names it. */
interface Associable {
  record: RegistrationAssociationRecord;
  registrationType?: string;
  number?: Stored<PhoneNumberRecord>;
  agent?: Stored<RcsAgentRecord>;
}

async function resolveAssociable(ctx: HandlerContext, resourceId: string): Promise<Associable> {
  const arnType = resourceId.startsWith('arn:') ? parseArn(resourceId)?.resourceType : undefined;
  if (arnType === 'phone-number' || (arnType === undefined && resourceId.startsWith('phone-'))) {
    const number = await requireLiveNumber(ctx, resourceId);
    const n = number.doc;
    const record = {
      resourceArn: phoneNumbers.arn(ctx, number.id),
      resourceId: n.phoneNumberId,
      resourceType: n.numberType,
      isoCountryCode: n.isoCountryCode,
      phoneNumber: n.phoneNumber,
    };
    return { record, number };
  }
  if (arnType === 'registration' || (arnType === undefined && resourceId.startsWith('registration-'))) {
    const r = await requireRegistration(ctx, resourceId);
    return { record: { resourceArn: registrations.arn(ctx, r.id), resourceId: r.id, resourceType: 'REGISTRATION' }, registrationType: r.doc.registrationType };
  }
  if (arnType === 'rcs-agent' || (arnType === undefined && resourceId.startsWith('rcs-'))) {
    const agent = await rcsAgents.require(ctx, resourceId);
    return { record: { resourceArn: rcsAgents.arn(ctx, agent.id), resourceId: agent.id, resourceType: 'RCS_AGENT' }, agent };
  }
  if (arnType === 'sender-id') {
    const s = await senderIds.find(ctx, resourceId);
    if (!s) throw notFound('sender-id', resourceId);
    return { record: { resourceArn: senderIds.arn(ctx, s.id), resourceId: s.doc.senderId, resourceType: 'SENDER_ID', isoCountryCode: s.doc.isoCountryCode } };
  }
  throw new ResourceNotFoundException({ message: `No phone number, sender ID, RCS agent or registration ${resourceId} exists`, ResourceId: resourceId });
}

/** The type's SupportedAssociation that fits the resource, if any. */
function supportedFor(r: RegistrationRecord, a: Pick<Associable, 'record' | 'registrationType'>): CatalogueAssociation | undefined {
  return typeOf(r).type.SupportedAssociations.find(
    (s) =>
      s.ResourceType === a.record.resourceType &&
      (s.IsoCountryCode === undefined || s.ResourceType === 'RCS_AGENT' || s.IsoCountryCode === a.record.isoCountryCode) &&
      (s.RegistrationType === undefined || s.RegistrationType === a.registrationType),
  );
}

const conflict = (
  r: RegistrationRecord,
  reason: 'REGISTRATION_NOT_COMPLETE' | 'RESOURCE_ALREADY_ASSOCIATED' | 'REGISTRATION_ALREADY_SUBMITTED',
  message: string,
) => new ConflictException({ message, Reason: reason, ResourceType: 'registration', ResourceId: r.registrationId });

const isApprovedAt = (r: RegistrationRecord, now: number) => registrationViewAt(r, now).approvedVersionNumber !== undefined;

/** Gives a gated number the activation time its registration's approval allows (none while no approval is due). */
function gatedNumberDoc(ctx: HandlerContext, n: PhoneNumberRecord, r: RegistrationRecord): PhoneNumberRecord {
  const approvedAt = approvalTime(r);
  if (!needsRegistration(n) || n.status !== 'PENDING' || approvedAt === undefined) return { ...n, registrationId: r.registrationId };
  return { ...n, registrationId: r.registrationId, activatesAt: Math.max(approvedAt, ctx.clock.now()) + settings(ctx).activationMs };
}

/**
 * After a submission whose review will approve: gated numbers already associated get their
 * activation time, and a sender ID registration creates or registers its sender ID (the value of the
 * association's SenderIdFieldPath, in the association's country) from the approval.
 */
export async function onApprovalScheduled(ctx: HandlerContext, row: Stored<RegistrationRecord>, values: RegistrationFieldValueRecord[]): Promise<void> {
  for (const association of await allOf(ctx, registrationAssociations, row.id)) {
    if (association.doc.phoneNumber === undefined) continue;
    const number = await phoneNumbers.get(ctx, association.doc.resourceId);
    if (number && number.doc.activatesAt === undefined) await phoneNumbers.update(ctx, number, gatedNumberDoc(ctx, number.doc, row.doc));
  }
  const onApproval = typeOf(row.doc).type.SupportedAssociations.find(
    (s) => s.AssociationBehavior === 'ASSOCIATE_ON_APPROVAL' && s.ResourceType === 'SENDER_ID',
  );
  const senderId = values.find((v) => v.fieldPath === onApproval?.SenderIdFieldPath)?.textValue;
  if (!onApproval?.IsoCountryCode || senderId === undefined) return;
  const at = row.doc.current.decidedAt ?? ctx.clock.now();
  const existing = await senderIds.findByName(ctx, senderIdName(senderId, onApproval.IsoCountryCode));
  const key = existing?.id ?? senderIdKey(senderId, onApproval.IsoCountryCode);
  const registration = { registrationId: row.id, registeredAt: at };
  if (existing) await senderIds.update(ctx, existing, { ...existing.doc, ...registration });
  else {
    await senderIds.insert(ctx, key, {
      senderId,
      isoCountryCode: onApproval.IsoCountryCode,
      messageTypes: ['TRANSACTIONAL', 'PROMOTIONAL'],
      monthlyLeasingPrice: '0.00',
      deletionProtectionEnabled: false,
      registered: false,
      availableAt: at,
      createdTimestamp: at,
      ...registration,
    });
  }
  const arn = senderIds.arn(ctx, key);
  if (!(await registrationAssociations.get(ctx, arn, row.id))) {
    await registrationAssociations.insert(
      ctx,
      arn,
      { resourceArn: arn, resourceId: senderId, resourceType: 'SENDER_ID', isoCountryCode: onApproval.IsoCountryCode, associatedAt: at },
      row.id,
    );
  }
}

/**
 * The ConflictException SUBMIT_REGISTRATION_VERSION_NOT_ALLOWED when an ASSOCIATE_BEFORE_SUBMIT
 * association of the type has no resource yet (a 10DLC campaign without its brand: observed on AWS).
 */
export async function checkAssociatedBeforeSubmit(ctx: HandlerContext, row: Stored<RegistrationRecord>): Promise<void> {
  const present = new Set((await allOf(ctx, registrationAssociations, row.id)).map((a) => a.doc.resourceType));
  const missing = typeOf(row.doc).type.SupportedAssociations.filter((s) => s.AssociationBehavior === 'ASSOCIATE_BEFORE_SUBMIT' && !present.has(s.ResourceType));
  if (missing.length) {
    throw new ConflictException({
      message: `Associate ${missing.map((m) => m.RegistrationType ?? m.ResourceType).join(' and ')} with ${row.id} before submitting it (CreateRegistrationAssociation)`,
      Reason: 'SUBMIT_REGISTRATION_VERSION_NOT_ALLOWED',
      ResourceType: 'registration',
      ResourceId: row.id,
    });
  }
}

/**
 * Before DeleteRegistration: associations whose behaviour is not DELETE_REGISTRATION_DISASSOCIATES
 * must be gone first (ConflictException PHONE_NUMBER_ASSOCIATED_TO_REGISTRATION for a number,
 * DISASSOCIATE_REGISTRATION_NOT_ALLOWED otherwise). Then removes the associations (gated numbers go
 * back to PENDING) and every association of other registrations with this one.
 */
export async function disassociateForDelete(ctx: HandlerContext, row: Stored<RegistrationRecord>): Promise<void> {
  const now = ctx.clock.now();
  const associations = (await allOf(ctx, registrationAssociations, row.id)).filter((a) => (a.doc.associatedAt ?? 0) <= now);
  for (const a of associations) {
    const behavior = typeOf(row.doc).type.SupportedAssociations.find((s) => s.ResourceType === a.doc.resourceType)?.DisassociationBehavior;
    if (behavior === 'DELETE_REGISTRATION_DISASSOCIATES') continue;
    throw new ConflictException({
      message: `${a.doc.resourceId} is still associated with ${row.id}; release it first (${behavior})`,
      Reason: a.doc.phoneNumber !== undefined ? 'PHONE_NUMBER_ASSOCIATED_TO_REGISTRATION' : 'DISASSOCIATE_REGISTRATION_NOT_ALLOWED',
      ResourceType: 'registration',
      ResourceId: row.id,
    });
  }
  for (const a of await allOf(ctx, registrationAssociations, row.id)) {
    if (a.doc.resourceType === 'RCS_AGENT') await forgetAgentRegistration(ctx, a.doc.resourceId, row.id);
    if (a.doc.phoneNumber !== undefined) {
      const number = await phoneNumbers.get(ctx, a.doc.resourceId);
      if (number) {
        const { registrationId: _r, activatesAt, ...rest } = number.doc;
        const pending = needsRegistration(number.doc) && number.doc.status === 'PENDING';
        await phoneNumbers.update(ctx, number, pending ? rest : { ...rest, ...(activatesAt !== undefined && { activatesAt }) });
      }
    }
  }
  await registrationAssociations.deleteAllOf(ctx, row.id);
  const arn = registrations.arn(ctx, row.id);
  for (const other of await allOf(ctx, registrationAssociations)) {
    if (other.id === arn) await registrationAssociations.delete(ctx, other.id, other.parent);
  }
}

/** Removes a deleted registration from its RCS agent's registrations. */
async function forgetAgentRegistration(ctx: HandlerContext, rcsAgentId: string, registrationId: string): Promise<void> {
  const agent = await rcsAgents.get(ctx, rcsAgentId);
  if (agent) await rcsAgents.update(ctx, agent, { ...agent.doc, registrations: agent.doc.registrations.filter((r) => r.registrationId !== registrationId) });
}

/**
 * An RCS agent takes one testing registration and one launch registration per country: a second
 * one for the same purpose is ConflictException RCS_AGENT_ALREADY_ASSOCIATED_TO_REGISTRATION_TYPE.
 * Answers the agent's record with the registration added.
 */
function agentWithRegistration(agent: Stored<RcsAgentRecord>, r: RegistrationRecord, isoCountryCode: string | undefined): RcsAgentRecord {
  const taken = agent.doc.registrations.find((x) => x.isoCountryCode === isoCountryCode);
  if (taken) {
    throw new ConflictException({
      message: `The RCS agent ${agent.id} already has the ${isoCountryCode ?? 'testing'} registration ${taken.registrationId}`,
      Reason: 'RCS_AGENT_ALREADY_ASSOCIATED_TO_REGISTRATION_TYPE',
      ResourceType: 'rcs-agent',
      ResourceId: agent.id,
    });
  }
  return { ...agent.doc, registrations: [...agent.doc.registrations, { registrationId: r.registrationId, ...(isoCountryCode && { isoCountryCode }) }] };
}

/**
 * When an identity is released: its association goes, and a registration whose type closes when
 * all its identities are gone (DISASSOCIATE_ALL_CLOSES_REGISTRATION) becomes CLOSED.
 */
export async function releaseFromRegistration(ctx: HandlerContext, registrationId: string | undefined, resourceArn: string): Promise<void> {
  if (registrationId === undefined) return;
  const row = await registrations.get(ctx, registrationId);
  if (!row || !(await registrationAssociations.get(ctx, resourceArn, row.id))) return;
  await registrationAssociations.delete(ctx, resourceArn, row.id);
  const closes = typeOf(row.doc).type.SupportedAssociations.some((s) => s.DisassociationBehavior === 'DISASSOCIATE_ALL_CLOSES_REGISTRATION');
  if (closes && (await registrationAssociations.count(ctx, row.id)) === 0) await registrations.update(ctx, row, { ...row.doc, closedAt: ctx.clock.now() });
}

/**
 * The number RequestPhoneNumber creates with a RegistrationId: the registration must exist and
 * support the number's type and country (ValidationException INVALID_REGISTRATION_ASSOCIATION), and
 * be complete when its type associates numbers after completion (ConflictException
 * REGISTRATION_NOT_COMPLETE). Answers the number's record with its activation, and a function that
 * stores the association once the number exists.
 */
export async function registerRequestedNumber(
  ctx: HandlerContext,
  registrationIdOrArn: string,
  n: PhoneNumberRecord,
): Promise<{ doc: PhoneNumberRecord; associate: () => Promise<void> }> {
  const r = await requireRegistration(ctx, registrationIdOrArn);
  const record: RegistrationAssociationRecord = {
    resourceArn: phoneNumbers.arn(ctx, n.phoneNumberId),
    resourceId: n.phoneNumberId,
    resourceType: n.numberType,
    isoCountryCode: n.isoCountryCode,
    phoneNumber: n.phoneNumber,
  };
  checkAssociation(ctx, r.doc, { record });
  return { doc: gatedNumberDoc(ctx, n, r.doc), associate: async () => void (await registrationAssociations.insert(ctx, record.resourceArn, record, r.id)) };
}

/** The rules of CreateRegistrationAssociation that need no further lookups; answers the supported association. */
function checkAssociation(ctx: HandlerContext, r: RegistrationRecord, a: Pick<Associable, 'record' | 'registrationType'>): CatalogueAssociation {
  const now = ctx.clock.now();
  const supported = supportedFor(r, a);
  const what = a.registrationType ?? a.record.resourceType;
  if (!supported || supported.AssociationBehavior === 'ASSOCIATE_ON_APPROVAL') {
    const kinds = typeOf(r)
      .type.SupportedAssociations.filter((s) => s.AssociationBehavior !== 'ASSOCIATE_ON_APPROVAL')
      .map((s) => `${s.RegistrationType ?? s.ResourceType}${s.IsoCountryCode ? ` (${s.IsoCountryCode})` : ''}`);
    throw new ValidationException({
      message: supported
        ? `${r.registrationType} creates its ${what} on approval; it cannot be associated`
        : `${r.registrationType} cannot be associated with ${what}${a.record.isoCountryCode ? ` of ${a.record.isoCountryCode}` : ''}; it takes ${kinds.join(', ') || 'no associations'}`,
      Reason: 'INVALID_REGISTRATION_ASSOCIATION',
      Fields: [{ Name: 'ResourceId', Message: `Not an association ${r.registrationType} supports` }],
    });
  }
  if (supported.AssociationBehavior === 'ASSOCIATE_AFTER_COMPLETE' && !isApprovedAt(r, now)) {
    throw conflict(r, 'REGISTRATION_NOT_COMPLETE', `${r.registrationId} must be COMPLETE before ${what} resources are associated with it`);
  }
  if (supported.AssociationBehavior === 'ASSOCIATE_BEFORE_SUBMIT' && UNDER_REVIEW.includes(versionStatusAt(r.current, now))) {
    throw conflict(r, 'REGISTRATION_ALREADY_SUBMITTED', `${r.registrationId} is under review; associate resources before submitting or after the review`);
  }
  return supported;
}

const listSpec: DescribeSpec<RegistrationAssociationRecord, RegistrationAssociationFilterName> = {
  repository: registrationAssociations,
  filters: {
    'resource-type': { read: (a) => a.resourceType },
    'iso-country-code': { read: (a) => a.isoCountryCode },
  },
  visible: (a, now) => (a.associatedAt ?? 0) <= now,
};

export const registrationAssociationHandlers: HandlerTable = {
  CreateRegistrationAssociation: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await requireRegistration(ctx, input.RegistrationId);
      const resource = await resolveAssociable(ctx, input.ResourceId);
      const supported = checkAssociation(ctx, row.doc, resource);
      const { record } = resource;
      const taken = resource.number?.doc.registrationId;
      if ((await registrationAssociations.get(ctx, record.resourceArn, row.id)) || (taken !== undefined && taken !== row.id)) {
        throw conflict(row.doc, 'RESOURCE_ALREADY_ASSOCIATED', `${record.resourceId} is already associated with ${taken ?? row.id}`);
      }
      if (resource.registrationType !== undefined) {
        const other = await registrations.require(ctx, record.resourceId);
        if (!isApprovedAt(other.doc, ctx.clock.now()))
          throw conflict(row.doc, 'REGISTRATION_NOT_COMPLETE', `The registration ${record.resourceId} must be COMPLETE to be associated`);
      }
      if (resource.number) await phoneNumbers.update(ctx, resource.number, gatedNumberDoc(ctx, resource.number.doc, row.doc));
      if (resource.agent) {
        const launchCountry = supported.IsoCountryCode;
        await rcsAgents.update(ctx, resource.agent, agentWithRegistration(resource.agent, row.doc, launchCountry));
      }
      await registrationAssociations.insert(ctx, record.resourceArn, record, row.id);
      const result: CreateRegistrationAssociationResult = {
        RegistrationArn: registrations.arn(ctx, row.id),
        RegistrationId: row.id,
        RegistrationType: row.doc.registrationType,
        ResourceArn: record.resourceArn,
        ResourceId: record.resourceId,
        ResourceType: record.resourceType,
        ...(record.isoCountryCode !== undefined && { IsoCountryCode: record.isoCountryCode }),
        ...(record.phoneNumber !== undefined && { PhoneNumber: record.phoneNumber }),
      };
      return result;
    },
  },

  ListRegistrationAssociations: {
    mode: 'read',
    async handle(input, ctx) {
      const row = await requireRegistration(ctx, input.RegistrationId);
      const page = await describePage(ctx, listSpec, { parent: row.id, filters: input.Filters, maxResults: input.MaxResults, nextToken: input.NextToken });
      return {
        RegistrationArn: registrations.arn(ctx, row.id),
        RegistrationId: row.id,
        RegistrationType: row.doc.registrationType,
        RegistrationAssociations: page.rows.map(({ doc: a }) => ({
          ResourceArn: a.resourceArn,
          ResourceId: a.resourceId,
          ResourceType: a.resourceType,
          ...(a.isoCountryCode !== undefined && { IsoCountryCode: a.isoCountryCode }),
          ...(a.phoneNumber !== undefined && { PhoneNumber: a.phoneNumber }),
        })),
        ...(page.nextToken && { NextToken: page.nextToken }),
      };
    },
  },
};
