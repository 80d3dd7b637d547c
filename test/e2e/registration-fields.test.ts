// Registration definitions, field value rules, DRAFT-only edits, discarding, and attachments.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConflictException,
  CreateRegistrationAttachmentCommand,
  CreateRegistrationCommand,
  CreateRegistrationVersionCommand,
  DescribeAccountLimitsCommand,
  DeleteRegistrationAttachmentCommand,
  DeleteRegistrationFieldValueCommand,
  DescribeRegistrationAttachmentsCommand,
  DescribeRegistrationFieldDefinitionsCommand,
  DescribeRegistrationFieldValuesCommand,
  DescribeRegistrationSectionDefinitionsCommand,
  DescribeRegistrationTypeDefinitionsCommand,
  DiscardRegistrationVersionCommand,
  ListTagsForResourceCommand,
  PutRegistrationFieldValueCommand,
  ResourceNotFoundException,
  SubmitRegistrationVersionCommand,
  ValidationException,
  type PinpointSMSVoiceV2Client,
  type CreateRegistrationAttachmentCommandInput,
  type PutRegistrationFieldValueCommandInput,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor, rejectionOf } from '../support/client.js';
import { registrationStatus } from '../support/registrations.js';

let server: ServerProcess;
let next = 0;
const fresh = (): PinpointSMSVoiceV2Client => clientFor(server.url, { accessKeyId: `AKIDFLD${next++}` });

before(async () => {
  server = await startServer({ REGISTRATION_REVIEW_MS: '300', ACCOUNTS: Array.from({ length: 10 }, (_, i) => `AKIDFLD${i}=${300000000000 + i}`).join(',') });
});
after(async () => {
  await server.stop();
});

async function expectError(fn: () => Promise<unknown>, type: new (...args: never[]) => Error, fields: Record<string, unknown>) {
  const error = await rejectionOf(fn);
  assert.ok(error instanceof type, `${error.name}: ${error.message}`);
  assert.equal(error.$metadata.httpStatusCode, 400); // every modelled error of this service is a 400
  for (const [k, v] of Object.entries(fields)) assert.equal(error[k], v, `${k} of ${error.message}`);
  return error;
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

describe('definitions', () => {
  test('types, sections and fields come from the catalogue; unknown names are ValidationException', async () => {
    const c = fresh();
    const types = (await c.send(new DescribeRegistrationTypeDefinitionsCommand({}))).RegistrationTypeDefinitions!.map((t) => t.RegistrationType);
    for (const t of [
      'US_TOLL_FREE_REGISTRATION',
      'US_TEN_DLC_BRAND_REGISTRATION',
      'US_TEN_DLC_CAMPAIGN_REGISTRATION',
      'ID_SENDER_ID_REGISTRATION',
      'TEST_RCS_LAUNCH_REGISTRATION',
    ]) {
      assert.ok(types.includes(t), t);
    }
    const tollFree = (
      await c.send(new DescribeRegistrationTypeDefinitionsCommand({ Filters: [{ Name: 'supported-association-resource-type', Values: ['TOLL_FREE'] }] }))
    ).RegistrationTypeDefinitions!;
    assert.deepEqual(
      tollFree.map((t) => [t.RegistrationType, t.DisplayHints!.Title]),
      [['US_TOLL_FREE_REGISTRATION', 'US toll-free number registration']],
    );
    assert.deepEqual(tollFree[0].SupportedAssociations, [
      {
        ResourceType: 'TOLL_FREE',
        IsoCountryCode: 'US',
        AssociationBehavior: 'ASSOCIATE_BEFORE_SUBMIT',
        DisassociationBehavior: 'DISASSOCIATE_ALL_CLOSES_REGISTRATION',
      },
    ]);
    const page1 = await c.send(new DescribeRegistrationTypeDefinitionsCommand({ MaxResults: 2 }));
    const page2 = await c.send(new DescribeRegistrationTypeDefinitionsCommand({ MaxResults: 2, NextToken: page1.NextToken }));
    assert.equal(page1.RegistrationTypeDefinitions!.length, 2);
    assert.notEqual(page2.RegistrationTypeDefinitions![0].RegistrationType, page1.RegistrationTypeDefinitions![1].RegistrationType);

    const sections = await c.send(
      new DescribeRegistrationSectionDefinitionsCommand({ RegistrationType: 'US_TOLL_FREE_REGISTRATION', SectionPaths: ['companyInfo'] }),
    );
    assert.equal(sections.RegistrationSectionDefinitions![0].DisplayHints!.Title, 'Company info');
    const [companyName] = (
      await c.send(new DescribeRegistrationFieldDefinitionsCommand({ RegistrationType: 'US_TOLL_FREE_REGISTRATION', FieldPaths: ['companyInfo.companyName'] }))
    ).RegistrationFieldDefinitions!;
    assert.deepEqual(
      { section: companyName.SectionPath, type: companyName.FieldType, requirement: companyName.FieldRequirement, validation: companyName.TextValidation },
      { section: 'companyInfo', type: 'TEXT', requirement: 'REQUIRED', validation: { MinLength: 1, MaxLength: 100, Pattern: '^(?=\\s*\\S)[\\s\\S]+$' } },
    );
    const rcs = (
      await c.send(new DescribeRegistrationFieldDefinitionsCommand({ RegistrationType: 'TEST_RCS_LAUNCH_REGISTRATION', SectionPath: 'complianceKeywords' }))
    ).RegistrationFieldDefinitions!;
    assert.deepEqual(
      rcs.map((f) => f.FieldPath),
      ['complianceKeywords.helpResponse', 'complianceKeywords.stopResponse'],
    );

    await expectError(() => c.send(new DescribeRegistrationFieldDefinitionsCommand({ RegistrationType: 'NOPE' })), ValidationException, {
      Reason: 'UNKNOWN_REGISTRATION_TYPE',
    });
    await expectError(() => c.send(new CreateRegistrationCommand({ RegistrationType: 'NOPE' })), ValidationException, { Reason: 'UNKNOWN_REGISTRATION_TYPE' });
    await expectError(
      () => c.send(new DescribeRegistrationSectionDefinitionsCommand({ RegistrationType: 'US_TOLL_FREE_REGISTRATION', SectionPaths: ['nope'] })),
      ValidationException,
      { Reason: 'UNKNOWN_REGISTRATION_SECTION' },
    );
    await expectError(
      () => c.send(new DescribeRegistrationFieldDefinitionsCommand({ RegistrationType: 'US_TOLL_FREE_REGISTRATION', FieldPaths: ['companyInfo.nope'] })),
      ValidationException,
      { Reason: 'UNKNOWN_REGISTRATION_FIELD' },
    );
  });
});

describe('field values', () => {
  test('each value is checked against its definition, and a rejected value changes nothing', async () => {
    const c = fresh();
    const { RegistrationId } = await c.send(
      new CreateRegistrationCommand({ RegistrationType: 'US_TOLL_FREE_REGISTRATION', Tags: [{ Key: 'Name', Value: 'tf' }] }),
    );
    const put = (input: Omit<PutRegistrationFieldValueCommandInput, 'RegistrationId'>) =>
      c.send(new PutRegistrationFieldValueCommand({ RegistrationId, ...input }));
    const ok = await put({ FieldPath: 'companyInfo.companyName', TextValue: 'Example Corp' });
    assert.deepEqual([ok.VersionNumber, ok.TextValue, ok.FieldPath], [1, 'Example Corp', 'companyInfo.companyName']);
    const cases: [Omit<PutRegistrationFieldValueCommandInput, 'RegistrationId'>, string][] = [
      [{ FieldPath: 'companyInfo.nope', TextValue: 'x' }, 'UNKNOWN_REGISTRATION_FIELD'],
      [{ FieldPath: 'companyInfo.companyName', TextValue: 'x'.repeat(101) }, 'FIELD_VALIDATION_FAILED'],
      [{ FieldPath: 'companyInfo.companyName', TextValue: '   ' }, 'FIELD_VALIDATION_FAILED'],
      [{ FieldPath: 'companyInfo.companyName', SelectChoices: ['x'] }, 'FIELD_VALIDATION_FAILED'],
      [{ FieldPath: 'companyInfo.companyName', TextValue: 'x', SelectChoices: ['x'] }, 'PARAMETERS_CANNOT_BE_USED_TOGETHER'],
      [{ FieldPath: 'companyInfo.companyName' }, 'MISSING_PARAMETER'],
      [{ FieldPath: 'companyInfo.website', TextValue: 'example.com' }, 'FIELD_VALIDATION_FAILED'],
      [{ FieldPath: 'messagingUseCase.monthlyMessageVolume', SelectChoices: ['12'] }, 'FIELD_VALIDATION_FAILED'],
      [{ FieldPath: 'messagingUseCase.monthlyMessageVolume', SelectChoices: ['10', '100'] }, 'FIELD_VALIDATION_FAILED'],
      [{ FieldPath: 'messagingUseCase.optInType', SelectChoices: ['VERBAL', 'VERBAL'] }, 'FIELD_VALIDATION_FAILED'],
    ];
    for (const [input, Reason] of cases) await expectError(() => put(input), ValidationException, { Reason });
    await expectError(
      () => put({ FieldPath: 'messagingUseCase.optInImage', RegistrationAttachmentId: 'attachment-00000000000000000000000000000000' }),
      ResourceNotFoundException,
      {
        ResourceType: 'registration-attachment',
      },
    );
    const values = (await c.send(new DescribeRegistrationFieldValuesCommand({ RegistrationId }))).RegistrationFieldValues!;
    assert.deepEqual(values, [{ FieldPath: 'companyInfo.companyName', TextValue: 'Example Corp' }]);

    // Submitting names every required field that has no value.
    const missing = await expectError(() => c.send(new SubmitRegistrationVersionCommand({ RegistrationId })), ValidationException, {
      Reason: 'FIELD_VALIDATION_FAILED',
    });
    assert.ok(missing.Fields.some((f: { Name: string }) => f.Name === 'messagingUseCase.monthlyMessageVolume'));
    assert.ok(!missing.Fields.some((f: { Name: string }) => f.Name === 'companyInfo.companyName'));

    await put({ FieldPath: 'messagingUseCase.optInType', SelectChoices: ['VERBAL', 'QR_CODE'] });
    const bySection = await c.send(new DescribeRegistrationFieldValuesCommand({ RegistrationId, SectionPath: 'messagingUseCase' }));
    assert.deepEqual(bySection.RegistrationFieldValues, [{ FieldPath: 'messagingUseCase.optInType', SelectChoices: ['VERBAL', 'QR_CODE'] }]);
    const removed = await c.send(new DeleteRegistrationFieldValueCommand({ RegistrationId, FieldPath: 'messagingUseCase.optInType' }));
    assert.deepEqual(removed.SelectChoices, ['VERBAL', 'QR_CODE']);
    await expectError(
      () => c.send(new DeleteRegistrationFieldValueCommand({ RegistrationId, FieldPath: 'messagingUseCase.optInType' })),
      ResourceNotFoundException,
      { ResourceType: 'registration' },
    );
    await expectError(() => c.send(new DescribeRegistrationFieldValuesCommand({ RegistrationId, VersionNumber: 7 })), ValidationException, {
      Reason: 'UNKNOWN_REGISTRATION_VERSION',
    });
    const tags = await c.send(
      new ListTagsForResourceCommand({ ResourceArn: (await c.send(new DescribeRegistrationFieldValuesCommand({ RegistrationId }))).RegistrationArn }),
    );
    assert.deepEqual(tags.Tags, [{ Key: 'Name', Value: 'tf' }]);
  });

  test('a discarded draft cannot change; a new version can follow it; a draft cannot be followed', async () => {
    const c = fresh();
    const { RegistrationId } = await c.send(new CreateRegistrationCommand({ RegistrationType: 'US_TEN_DLC_BRAND_REGISTRATION' }));
    await c.send(new PutRegistrationFieldValueCommand({ RegistrationId, FieldPath: 'companyInfo.companyName', TextValue: 'Kept?' }));
    const conflict = async (fn: () => Promise<unknown>, Reason: string) => expectError(fn, ConflictException, { Reason });
    await conflict(() => c.send(new CreateRegistrationVersionCommand({ RegistrationId })), 'CREATE_REGISTRATION_VERSION_NOT_ALLOWED');
    const discarded = await c.send(new DiscardRegistrationVersionCommand({ RegistrationId }));
    assert.deepEqual([discarded.VersionNumber, discarded.RegistrationVersionStatus], [1, 'DISCARDED']);
    assert.ok(discarded.RegistrationVersionStatusHistory!.DiscardedTimestamp);
    assert.equal(await registrationStatus(c, RegistrationId!), 'CREATED');
    await conflict(
      () => c.send(new PutRegistrationFieldValueCommand({ RegistrationId, FieldPath: 'companyInfo.companyName', TextValue: 'x' })),
      'EDIT_REGISTRATION_FIELD_VALUES_NOT_ALLOWED',
    );
    await conflict(() => c.send(new DiscardRegistrationVersionCommand({ RegistrationId })), 'DISCARD_REGISTRATION_VERSION_NOT_ALLOWED');
    await conflict(() => c.send(new SubmitRegistrationVersionCommand({ RegistrationId })), 'SUBMIT_REGISTRATION_VERSION_NOT_ALLOWED');
    const v2 = await c.send(new CreateRegistrationVersionCommand({ RegistrationId }));
    assert.equal(v2.VersionNumber, 2);
    // A discarded version's values are not carried over.
    assert.deepEqual((await c.send(new DescribeRegistrationFieldValuesCommand({ RegistrationId }))).RegistrationFieldValues, []);
  });
});

describe('attachments', () => {
  test('from a body or an S3 URL; type, size and form are checked; an attachment field takes only its types', async () => {
    const c = fresh();
    const fromBody = await c.send(new CreateRegistrationAttachmentCommand({ AttachmentBody: PNG, Tags: [{ Key: 'k', Value: 'v' }] }));
    assert.equal(fromBody.AttachmentStatus, 'UPLOAD_IN_PROGRESS');
    assert.match(fromBody.RegistrationAttachmentArn!, /:registration-attachment\/attachment-[0-9a-f]{32}$/);
    const fromUrl = await c.send(new CreateRegistrationAttachmentCommand({ AttachmentUrl: 's3://my-bucket/letters/loa.PDF' }));
    const described = (
      await c.send(
        new DescribeRegistrationAttachmentsCommand({ RegistrationAttachmentIds: [fromBody.RegistrationAttachmentId!, fromUrl.RegistrationAttachmentArn!] }),
      )
    ).RegistrationAttachments!;
    assert.deepEqual(
      described.map((a) => a.AttachmentStatus),
      ['UPLOAD_COMPLETE', 'UPLOAD_COMPLETE'],
    );
    assert.equal(described.find((a) => a.RegistrationAttachmentId === fromUrl.RegistrationAttachmentId)!.AttachmentUrl, 's3://my-bucket/letters/loa.PDF');
    assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: fromBody.RegistrationAttachmentArn }))).Tags, [{ Key: 'k', Value: 'v' }]);

    const invalid: [CreateRegistrationAttachmentCommandInput, string][] = [
      [{ AttachmentBody: PDF, AttachmentUrl: 's3://b/x.pdf' }, 'PARAMETERS_CANNOT_BE_USED_TOGETHER'],
      [{}, 'MISSING_PARAMETER'],
      [{ AttachmentBody: Buffer.from('plain text') }, 'ATTACHMENT_TYPE_NOT_SUPPORTED'],
      [{ AttachmentBody: Buffer.concat([PDF, Buffer.alloc(500 * 1024)]) }, 'MAXIMUM_SIZE_EXCEEDED'],
      [{ AttachmentUrl: 'https://example.com/x.pdf' }, 'INVALID_PARAMETER'],
      [{ AttachmentUrl: 's3://my-bucket/x.docx' }, 'ATTACHMENT_TYPE_NOT_SUPPORTED'],
    ];
    for (const [input, Reason] of invalid) await expectError(() => c.send(new CreateRegistrationAttachmentCommand(input)), ValidationException, { Reason });
    assert.equal((await c.send(new DescribeRegistrationAttachmentsCommand({}))).RegistrationAttachments!.length, 2);
    const limits = (await c.send(new DescribeAccountLimitsCommand({}))).AccountLimits!;
    assert.equal(limits.find((l) => l.Name === 'REGISTRATION_ATTACHMENTS')!.Used, 2);

    const { RegistrationId } = await c.send(new CreateRegistrationCommand({ RegistrationType: 'ID_SENDER_ID_REGISTRATION' }));
    const attach = (FieldPath: string, RegistrationAttachmentId: string) =>
      c.send(new PutRegistrationFieldValueCommand({ RegistrationId, FieldPath, RegistrationAttachmentId }));
    await expectError(() => attach('idSidSpecificInfo.letterOfAuthorization1', fromBody.RegistrationAttachmentId!), ValidationException, {
      Reason: 'ATTACHMENT_TYPE_NOT_SUPPORTED',
    });
    const stored = await attach('idSidSpecificInfo.letterOfAuthorization1', fromUrl.RegistrationAttachmentArn!);
    assert.equal(stored.RegistrationAttachmentId, fromUrl.RegistrationAttachmentId);
    await attach('senderIdInfo.letterOfAuthorization', fromBody.RegistrationAttachmentId!);

    // In use by a field value: kept until that value is deleted.
    await expectError(
      () => c.send(new DeleteRegistrationAttachmentCommand({ RegistrationAttachmentId: fromBody.RegistrationAttachmentId })),
      ConflictException,
      {
        Reason: 'RESOURCE_DELETION_NOT_ALLOWED',
        ResourceType: 'registration-attachment',
      },
    );
    await c.send(new DescribeRegistrationAttachmentsCommand({ RegistrationAttachmentIds: [fromBody.RegistrationAttachmentId!] }));
    await c.send(new DeleteRegistrationFieldValueCommand({ RegistrationId, FieldPath: 'senderIdInfo.letterOfAuthorization' }));
    const deleted = await c.send(new DeleteRegistrationAttachmentCommand({ RegistrationAttachmentId: fromBody.RegistrationAttachmentId }));
    assert.equal(deleted.AttachmentStatus, 'DELETED');
    await expectError(
      () => c.send(new DescribeRegistrationAttachmentsCommand({ RegistrationAttachmentIds: [fromBody.RegistrationAttachmentId!] })),
      ResourceNotFoundException,
      {
        ResourceType: 'registration-attachment',
      },
    );
  });
});
