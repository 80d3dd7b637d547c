// CreateRegistrationAttachment, DescribeRegistrationAttachments, DeleteRegistrationAttachment.
// A body is checked (500 KB at most; PDF, JPEG or PNG by its first bytes) and only its type, size
// and SHA-256 are kept. A URL (`s3://bucket/key`) is stored, not fetched (there is no network
// here): its type comes from the key's extension. Either is UPLOAD_COMPLETE for every read.
// Facts: ../shared/notes/aws-behavior-rest-of-api.md section 11.4.
import { createHash } from 'node:crypto';
import { ConflictException, ValidationException } from '../generated/errors.js';
import type { AttachmentStatus, RegistrationAttachmentFilterName, RegistrationAttachmentsInformation } from '../generated/types.js';
import { toEpochSeconds } from '../domain/clock.js';
import type { AttachmentContentType } from '../domain/registration-catalogue.js';
import type { RegistrationAttachmentRecord } from '../domain/registrations.js';
import { describePage, enumOf, type DescribeSpec } from './describe.js';
import type { Stored } from './resource-layer.js';
import { registrationAttachments, registrationFieldValues } from './resource-types.js';
import { allOf } from './registration-shared.js';
import { checkQuota } from './origination-shared.js';
import { tagNewResource, forgetResource } from './tags.js';
import type { HandlerContext, HandlerTable } from './types.js';
import { ownValue } from '../domain/own-value.js';

/** The file limit the model's CreateRegistrationAttachment documentation gives (500 KB); the blob shape allows more. */
export const MAX_ATTACHMENT_BYTES = 500 * 1024;

const SIGNATURES: [AttachmentContentType, number[]][] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
];
const EXTENSIONS: Record<string, AttachmentContentType> = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg' };

const invalid = (
  reason: 'PARAMETERS_CANNOT_BE_USED_TOGETHER' | 'MISSING_PARAMETER' | 'MAXIMUM_SIZE_EXCEEDED' | 'ATTACHMENT_TYPE_NOT_SUPPORTED' | 'INVALID_PARAMETER',
  member: string,
  message: string,
) => new ValidationException({ message, Reason: reason, Fields: [{ Name: member, Message: message }] });

/**
 * Nothing is uploaded, so an attachment is UPLOAD_COMPLETE for every reader; only Create's own answer
 * says UPLOAD_IN_PROGRESS, as AWS's does, so clients that poll for completion work unchanged.
 */
function toInformation(
  ctx: HandlerContext,
  row: Stored<RegistrationAttachmentRecord>,
  status: AttachmentStatus = 'UPLOAD_COMPLETE',
): RegistrationAttachmentsInformation {
  return {
    RegistrationAttachmentArn: registrationAttachments.arn(ctx, row.id),
    RegistrationAttachmentId: row.id,
    AttachmentStatus: status,
    ...(row.doc.attachmentUrl !== undefined && { AttachmentUrl: row.doc.attachmentUrl }),
    CreatedTimestamp: toEpochSeconds(row.doc.createdTimestamp),
  };
}

/** What a body or URL is: its content type, and for a body its size and SHA-256. */
function inspect(
  body: string | undefined,
  url: string | undefined,
): Pick<RegistrationAttachmentRecord, 'contentType' | 'attachmentUrl' | 'sizeBytes' | 'sha256'> {
  if (body !== undefined && url !== undefined)
    throw invalid('PARAMETERS_CANNOT_BE_USED_TOGETHER', 'AttachmentUrl', 'Give AttachmentBody or AttachmentUrl, not both');
  if (body !== undefined) {
    const bytes = Buffer.from(body, 'base64');
    if (bytes.length > MAX_ATTACHMENT_BYTES)
      throw invalid('MAXIMUM_SIZE_EXCEEDED', 'AttachmentBody', `An attachment is at most ${MAX_ATTACHMENT_BYTES} bytes (got ${bytes.length})`);
    const type = SIGNATURES.find(([, magic]) => magic.every((b, i) => bytes[i] === b))?.[0];
    if (!type) throw invalid('ATTACHMENT_TYPE_NOT_SUPPORTED', 'AttachmentBody', 'An attachment must be a PDF, JPEG or PNG file');
    return { contentType: type, sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }
  if (url === undefined) throw invalid('MISSING_PARAMETER', 'AttachmentBody', 'Give AttachmentBody or AttachmentUrl');
  const match = /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/(.+)$/.exec(url);
  if (!match) throw invalid('INVALID_PARAMETER', 'AttachmentUrl', 'AttachmentUrl must be an S3 URL: s3://bucket/key');
  const type = ownValue(EXTENSIONS, /\.([A-Za-z]+)$/.exec(match[1])?.[1].toLowerCase() ?? '');
  if (!type) throw invalid('ATTACHMENT_TYPE_NOT_SUPPORTED', 'AttachmentUrl', 'The object must be a .pdf, .jpg, .jpeg or .png file');
  return { contentType: type, attachmentUrl: url };
}

const describeSpec: DescribeSpec<RegistrationAttachmentRecord, RegistrationAttachmentFilterName> = {
  repository: registrationAttachments,
  filters: { 'attachment-status': { read: () => 'UPLOAD_COMPLETE', values: enumOf('AttachmentStatus') } },
};

export const registrationAttachmentHandlers: HandlerTable = {
  CreateRegistrationAttachment: {
    mode: 'write',
    async handle(input, ctx) {
      const content = inspect(input.AttachmentBody, input.AttachmentUrl);
      checkQuota(ctx, 'REGISTRATION_ATTACHMENTS', await registrationAttachments.count(ctx), 'REGISTRATION_ATTACHMENTS_PER_ACCOUNT');
      const id = registrationAttachments.newId(ctx);
      const row = await registrationAttachments.insert(ctx, id, { registrationAttachmentId: id, ...content, createdTimestamp: ctx.clock.now() });
      const { AttachmentUrl: _u, ...info } = toInformation(ctx, row, 'UPLOAD_IN_PROGRESS');
      return { ...info, Tags: await tagNewResource(ctx, registrationAttachments.arn(ctx, id), input.Tags) };
    },
  },

  DescribeRegistrationAttachments: {
    mode: 'read',
    async handle(input, ctx) {
      const page = await describePage(ctx, describeSpec, {
        ids: input.RegistrationAttachmentIds,
        idsMember: 'RegistrationAttachmentIds',
        filters: input.Filters,
        maxResults: input.MaxResults,
        nextToken: input.NextToken,
      });
      return { RegistrationAttachments: page.rows.map((r) => toInformation(ctx, r)), ...(page.nextToken && { NextToken: page.nextToken }) };
    },
  },

  DeleteRegistrationAttachment: {
    mode: 'write',
    async handle(input, ctx) {
      const row = await registrationAttachments.require(ctx, input.RegistrationAttachmentId);
      // A field value of any registration version that names it keeps it (AWS does not say; the
      // least surprising answer: a submitted registration never loses its documents).
      const user = (await allOf(ctx, registrationFieldValues)).find((v) => v.doc.registrationAttachmentId === row.id);
      if (user) {
        throw new ConflictException({
          message: `Registration attachment ${row.id} is the value of ${user.doc.fieldPath} in registration ${user.parent.split('/')[0]}: delete that field value first`,
          Reason: 'RESOURCE_DELETION_NOT_ALLOWED',
          ResourceType: 'registration-attachment',
          ResourceId: row.id,
        });
      }
      await registrationAttachments.delete(ctx, row.id);
      await forgetResource(ctx, registrationAttachments.arn(ctx, row.id));
      const { AttachmentUrl: _u, ...info } = toInformation(ctx, row, 'DELETED');
      return info;
    },
  },
};
