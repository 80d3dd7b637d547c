// PutRegistrationFieldValue, DeleteRegistrationFieldValue, DescribeRegistrationFieldValues.
// Values are checked against the catalogue's field definitions and change only while the latest
// version is a DRAFT. Facts: ../shared/notes/aws-behavior-rest-of-api.md section 11.4.
import { ResourceNotFoundException, ValidationException } from '../generated/errors.js';
import type { RegistrationFieldValueInformation } from '../generated/types.js';
import { checkFieldValue, fieldValuesParent, versionKey, versionStatusAt, type RegistrationFieldValueRecord } from '../domain/registrations.js';
import { pageOfList } from './describe.js';
import { unknownField } from './registration-definitions.js';
import { registrationAttachments, registrationFieldValues, registrations, registrationVersions } from './resource-types.js';
import { allOf, requireDraft, requireRegistration, typeOf } from './registration-shared.js';
import type { HandlerTable } from './types.js';

const toWire = (v: RegistrationFieldValueRecord) => ({
  FieldPath: v.fieldPath,
  ...(v.selectChoices !== undefined && { SelectChoices: v.selectChoices }),
  ...(v.textValue !== undefined && { TextValue: v.textValue }),
  ...(v.registrationAttachmentId !== undefined && { RegistrationAttachmentId: v.registrationAttachmentId }),
});

export const registrationFieldHandlers: HandlerTable = {
  PutRegistrationFieldValue: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await requireRegistration(ctx, input.RegistrationId);
      const draft = requireDraft(ctx, row.doc);
      const field = typeOf(row.doc).fields.get(input.FieldPath);
      if (!field) throw unknownField(input.FieldPath, row.doc.registrationType);
      const attachment =
        field.FieldType === 'ATTACHMENT' && input.RegistrationAttachmentId !== undefined && input.SelectChoices === undefined && input.TextValue === undefined
          ? await registrationAttachments.require(ctx, input.RegistrationAttachmentId)
          : undefined;
      const failure = checkFieldValue(field, input, attachment?.doc.contentType);
      if (failure) {
        throw new ValidationException({ message: failure.message, Reason: failure.reason, Fields: [{ Name: failure.member, Message: failure.message }] });
      }
      const doc: RegistrationFieldValueRecord = {
        fieldPath: field.FieldPath,
        ...(input.SelectChoices !== undefined && { selectChoices: input.SelectChoices }),
        ...(input.TextValue !== undefined && { textValue: input.TextValue }),
        ...(attachment && { registrationAttachmentId: attachment.id }),
      };
      const parent = fieldValuesParent(row.id, draft.versionNumber);
      const existing = await registrationFieldValues.get(ctx, field.FieldPath, parent);
      if (existing) await registrationFieldValues.update(ctx, existing, doc);
      else await registrationFieldValues.insert(ctx, field.FieldPath, doc, parent);
      return { RegistrationArn: registrations.arn(ctx, row.id), RegistrationId: row.id, VersionNumber: draft.versionNumber, ...toWire(doc) };
    },
  },

  DeleteRegistrationFieldValue: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await requireRegistration(ctx, input.RegistrationId);
      const draft = requireDraft(ctx, row.doc);
      if (!typeOf(row.doc).fields.has(input.FieldPath)) throw unknownField(input.FieldPath, row.doc.registrationType);
      const parent = fieldValuesParent(row.id, draft.versionNumber);
      const existing = await registrationFieldValues.get(ctx, input.FieldPath, parent);
      if (!existing) {
        throw new ResourceNotFoundException({
          message: `Version ${draft.versionNumber} of ${row.id} has no value for ${input.FieldPath}`,
          ResourceType: 'registration',
          ResourceId: row.id,
        });
      }
      await registrationFieldValues.delete(ctx, existing.id, parent);
      return { RegistrationArn: registrations.arn(ctx, row.id), RegistrationId: row.id, VersionNumber: draft.versionNumber, ...toWire(existing.doc) };
    },
  },

  DescribeRegistrationFieldValues: {
    mode: 'read',
    async handle(input, ctx) {
      const row = await requireRegistration(ctx, input.RegistrationId);
      const { type, fields } = typeOf(row.doc);
      const versionNumber = input.VersionNumber ?? row.doc.current.versionNumber;
      const version = await registrationVersions.get(ctx, versionKey(versionNumber), row.id);
      if (!version) {
        throw new ValidationException({
          message: `${row.id} has no version ${versionNumber}`,
          Reason: 'UNKNOWN_REGISTRATION_VERSION',
          Fields: [{ Name: 'VersionNumber', Message: `Unknown version ${versionNumber}` }],
        });
      }
      if (input.SectionPath !== undefined && !type.Sections.some((s) => s.SectionPath === input.SectionPath)) {
        throw new ValidationException({
          message: `${type.RegistrationType} has no section ${input.SectionPath}`,
          Reason: 'UNKNOWN_REGISTRATION_SECTION',
          Fields: [{ Name: 'SectionPath', Message: `Unknown section ${input.SectionPath}` }],
        });
      }
      const named = input.FieldPaths ?? [];
      const unknownPath = named.find((p) => !fields.has(p));
      if (unknownPath !== undefined) throw unknownField(unknownPath, type.RegistrationType);
      const denied = versionStatusAt(version.doc.lifecycle, ctx.clock.now()) === 'DENIED';
      const values = (await allOf(ctx, registrationFieldValues, fieldValuesParent(row.id, versionNumber)))
        .map((v) => v.doc)
        .filter(
          (v) =>
            (named.length === 0 || named.includes(v.fieldPath)) &&
            (input.SectionPath === undefined || fields.get(v.fieldPath)?.SectionPath === input.SectionPath),
        );
      const page = pageOfList(
        `DescribeRegistrationFieldValues/${fieldValuesParent(row.id, versionNumber)}`,
        values,
        (v) => v.fieldPath,
        input.MaxResults,
        input.NextToken,
      );
      const items: RegistrationFieldValueInformation[] = page.items.map((v) => ({
        ...toWire(v),
        ...(denied && v.deniedReason !== undefined && { DeniedReason: v.deniedReason }),
      }));
      return {
        RegistrationArn: registrations.arn(ctx, row.id),
        RegistrationId: row.id,
        VersionNumber: versionNumber,
        RegistrationFieldValues: items,
        ...(page.nextToken && { NextToken: page.nextToken }),
      };
    },
  },
};
