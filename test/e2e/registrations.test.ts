// Registrations end to end: a 10DLC brand and campaign to approval, with a number that turns ACTIVE
// only then; a toll-free denial and a new version; a sender ID created on approval.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ConflictException,
  CreateRegistrationAssociationCommand,
  CreateRegistrationCommand,
  CreateRegistrationVersionCommand,
  DeleteRegistrationCommand,
  DescribePhoneNumbersCommand,
  DescribeRegistrationFieldValuesCommand,
  DescribeRegistrationsCommand,
  DescribeRegistrationVersionsCommand,
  DescribeSenderIdsCommand,
  ListRegistrationAssociationsCommand,
  PutRegistrationFieldValueCommand,
  ReleasePhoneNumberCommand,
  RequestPhoneNumberCommand,
  SendTextMessageCommand,
  SubmitRegistrationVersionCommand,
  type PinpointSMSVoiceV2Client,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor, rejectionOf } from '../support/client.js';
import { fill, registrationStatus, REQUIRED_VALUES, waitForStatus } from '../support/registrations.js';

let server: ServerProcess;
let next = 0;
const fresh = (): PinpointSMSVoiceV2Client => clientFor(server.url, { accessKeyId: `AKIDREG${next++}` });

before(async () => {
  server = await startServer({ REGISTRATION_REVIEW_MS: '300', ACCOUNTS: Array.from({ length: 10 }, (_, i) => `AKIDREG${i}=${200000000000 + i}`).join(',') });
});
after(async () => {
  await server.stop();
});

const create = async (c: PinpointSMSVoiceV2Client, RegistrationType: string) =>
  (await c.send(new CreateRegistrationCommand({ RegistrationType }))).RegistrationId!;
const numberStatus = async (c: PinpointSMSVoiceV2Client, id: string) =>
  (await c.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: [id] }))).PhoneNumbers![0].Status;
const tenDlc = { IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL' as const, NumberCapabilities: ['SMS' as const], NumberType: 'TEN_DLC' as const };
const expectConflict = async (fn: () => Promise<unknown>, Reason: string) => {
  const error = await rejectionOf(fn);
  assert.ok(error instanceof ConflictException, `${error.name}: ${error.message}`);
  assert.equal(error.Reason, Reason);
  assert.equal(error.$metadata.httpStatusCode, 400);
};

describe('US 10DLC brand and campaign', () => {
  test('from creation to approval; the TEN_DLC number turns ACTIVE and can send only then', async () => {
    const c = fresh();
    const brand = await create(c, 'US_TEN_DLC_BRAND_REGISTRATION');
    const campaign = await create(c, 'US_TEN_DLC_CAMPAIGN_REGISTRATION');
    const created = (await c.send(new DescribeRegistrationsCommand({ RegistrationIds: [campaign] }))).Registrations![0];
    assert.equal(created.RegistrationStatus, 'CREATED');
    assert.equal(created.CurrentVersionNumber, 1);
    assert.match(created.RegistrationArn!, new RegExp(`^arn:aws:sms-voice:us-east-1:\\d{12}:registration/${campaign}$`));
    assert.match(campaign, /^registration-[0-9a-f]{32}$/);

    // A TEN_DLC number waits for its campaign: PENDING, and sends are refused.
    const { PhoneNumberId: numberId, PhoneNumber } = await c.send(new RequestPhoneNumberCommand(tenDlc));
    assert.equal(await numberStatus(c, numberId!), 'PENDING');
    const send = () => c.send(new SendTextMessageCommand({ OriginationIdentity: PhoneNumber, DestinationPhoneNumber: '+14254147755', MessageBody: 'code 1' }));
    await expectConflict(send, 'RESOURCE_NOT_ACTIVE');
    await expectConflict(() => c.send(new RequestPhoneNumberCommand({ ...tenDlc, RegistrationId: campaign })), 'REGISTRATION_NOT_COMPLETE');

    // The campaign needs its brand, and the brand must be complete.
    await fill(c, campaign, REQUIRED_VALUES.US_TEN_DLC_CAMPAIGN_REGISTRATION);
    await expectConflict(() => c.send(new SubmitRegistrationVersionCommand({ RegistrationId: campaign })), 'SUBMIT_REGISTRATION_VERSION_NOT_ALLOWED');
    await expectConflict(() => c.send(new CreateRegistrationAssociationCommand({ RegistrationId: campaign, ResourceId: brand })), 'REGISTRATION_NOT_COMPLETE');

    await fill(c, brand, REQUIRED_VALUES.US_TEN_DLC_BRAND_REGISTRATION);
    const submitted = await c.send(new SubmitRegistrationVersionCommand({ RegistrationId: brand }));
    assert.equal(submitted.RegistrationVersionStatus, 'SUBMITTED');
    assert.equal(submitted.VersionNumber, 1);
    assert.equal(submitted.AwsReview, false);
    assert.equal(typeof submitted.RegistrationVersionStatusHistory!.SubmittedTimestamp, 'object'); // the SDK parses epoch seconds into a Date
    await expectConflict(() => c.send(new SubmitRegistrationVersionCommand({ RegistrationId: brand })), 'REGISTRATION_ALREADY_SUBMITTED');
    await expectConflict(
      () => c.send(new PutRegistrationFieldValueCommand({ RegistrationId: brand, FieldPath: 'companyInfo.companyName', TextValue: 'Other' })),
      'EDIT_REGISTRATION_FIELD_VALUES_NOT_ALLOWED',
    );
    await waitForStatus(c, brand, 'COMPLETE');
    const [brandVersion] = (await c.send(new DescribeRegistrationVersionsCommand({ RegistrationId: brand }))).RegistrationVersions!;
    assert.equal(brandVersion.RegistrationVersionStatus, 'APPROVED');
    assert.ok(brandVersion.RegistrationVersionStatusHistory!.ReviewingTimestamp && brandVersion.RegistrationVersionStatusHistory!.ApprovedTimestamp);

    const association = await c.send(new CreateRegistrationAssociationCommand({ RegistrationId: campaign, ResourceId: brand }));
    assert.equal(association.ResourceType, 'REGISTRATION');
    assert.equal(association.RegistrationType, 'US_TEN_DLC_CAMPAIGN_REGISTRATION');
    await expectConflict(
      () => c.send(new CreateRegistrationAssociationCommand({ RegistrationId: campaign, ResourceId: brand })),
      'RESOURCE_ALREADY_ASSOCIATED',
    );
    await c.send(new SubmitRegistrationVersionCommand({ RegistrationId: campaign }));
    // Numbers are associated after completion, not before.
    await expectConflict(
      () => c.send(new CreateRegistrationAssociationCommand({ RegistrationId: campaign, ResourceId: numberId })),
      'REGISTRATION_NOT_COMPLETE',
    );
    await waitForStatus(c, campaign, 'COMPLETE');
    assert.equal(await numberStatus(c, numberId!), 'PENDING');
    await expectConflict(send, 'RESOURCE_NOT_ACTIVE');

    const numberAssociation = await c.send(new CreateRegistrationAssociationCommand({ RegistrationId: campaign, ResourceId: numberId }));
    assert.deepEqual(
      { type: numberAssociation.ResourceType, country: numberAssociation.IsoCountryCode, number: numberAssociation.PhoneNumber },
      { type: 'TEN_DLC', country: 'US', number: PhoneNumber },
    );
    assert.equal(await numberStatus(c, numberId!), 'ACTIVE');
    assert.ok((await send()).MessageId);
    const [described] = (await c.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: [numberId!] }))).PhoneNumbers!;
    assert.equal(described.RegistrationId, campaign);

    // A number requested with the complete campaign is ACTIVE on the next read, and associated.
    const second = await c.send(new RequestPhoneNumberCommand({ ...tenDlc, RegistrationId: campaign }));
    assert.equal(await numberStatus(c, second.PhoneNumberId!), 'ACTIVE');
    const listed = (await c.send(new ListRegistrationAssociationsCommand({ RegistrationId: campaign }))).RegistrationAssociations!;
    assert.deepEqual(listed.map((a) => a.ResourceId).sort(), [brand, numberId, second.PhoneNumberId].sort());
    const numbersOnly = await c.send(
      new ListRegistrationAssociationsCommand({ RegistrationId: campaign, Filters: [{ Name: 'resource-type', Values: ['TEN_DLC'] }] }),
    );
    assert.equal(numbersOnly.RegistrationAssociations!.length, 2);

    // The campaign cannot be deleted while numbers are associated; the brand's association goes with the campaign.
    await expectConflict(() => c.send(new DeleteRegistrationCommand({ RegistrationId: campaign })), 'PHONE_NUMBER_ASSOCIATED_TO_REGISTRATION');
    assert.equal(await registrationStatus(c, campaign), 'COMPLETE');
  });
});

describe('US toll-free', () => {
  test('a denial, then a new version that is approved; the number waits for it; releasing the number closes the registration', async () => {
    const c = fresh();
    const { PhoneNumberId: numberId } = await c.send(new RequestPhoneNumberCommand({ ...tenDlc, NumberType: 'TOLL_FREE' }));
    const id = await create(c, 'US_TOLL_FREE_REGISTRATION');
    await fill(c, id, { ...REQUIRED_VALUES.US_TOLL_FREE_REGISTRATION, 'messagingUseCase.useCaseDetails': 'Sign-in codes [deny:USE_CASE_UNCLEAR]' });
    await expectConflict(() => c.send(new SubmitRegistrationVersionCommand({ RegistrationId: id })), 'SUBMIT_REGISTRATION_VERSION_NOT_ALLOWED');
    const association = await c.send(new CreateRegistrationAssociationCommand({ RegistrationId: id, ResourceId: numberId }));
    assert.equal(association.ResourceType, 'TOLL_FREE');
    await c.send(new SubmitRegistrationVersionCommand({ RegistrationId: id, AwsReview: true }));
    await waitForStatus(c, id, 'REQUIRES_UPDATES');
    assert.equal(await numberStatus(c, numberId!), 'PENDING');

    const [v1] = (await c.send(new DescribeRegistrationVersionsCommand({ RegistrationId: id }))).RegistrationVersions!;
    assert.equal(v1.RegistrationVersionStatus, 'DENIED');
    assert.equal(v1.DeniedReasons![0].Reason, 'USE_CASE_UNCLEAR');
    assert.ok(v1.RegistrationVersionStatusHistory!.AwsReviewingTimestamp && v1.RegistrationVersionStatusHistory!.DeniedTimestamp);
    const [deniedValue] = (await c.send(new DescribeRegistrationFieldValuesCommand({ RegistrationId: id, FieldPaths: ['messagingUseCase.useCaseDetails'] })))
      .RegistrationFieldValues!;
    assert.match(deniedValue.DeniedReason!, /asks for denial/);
    const fix = () =>
      c.send(new PutRegistrationFieldValueCommand({ RegistrationId: id, FieldPath: 'messagingUseCase.useCaseDetails', TextValue: 'Sign-in codes' }));
    await expectConflict(fix, 'EDIT_REGISTRATION_FIELD_VALUES_NOT_ALLOWED');

    const v2 = await c.send(new CreateRegistrationVersionCommand({ RegistrationId: id }));
    assert.deepEqual([v2.VersionNumber, v2.RegistrationVersionStatus], [2, 'DRAFT']);
    await expectConflict(() => c.send(new CreateRegistrationVersionCommand({ RegistrationId: id })), 'CREATE_REGISTRATION_VERSION_NOT_ALLOWED');
    // The new draft starts from version 1's values, without their denial.
    const copied = (await c.send(new DescribeRegistrationFieldValuesCommand({ RegistrationId: id }))).RegistrationFieldValues!;
    assert.equal(copied.length, Object.keys(REQUIRED_VALUES.US_TOLL_FREE_REGISTRATION).length);
    assert.ok(copied.every((v) => v.DeniedReason === undefined));
    assert.equal(await registrationStatus(c, id), 'REQUIRES_UPDATES');
    await fix();
    await c.send(new SubmitRegistrationVersionCommand({ RegistrationId: id }));
    await waitForStatus(c, id, 'COMPLETE');
    assert.equal(await numberStatus(c, numberId!), 'ACTIVE');

    const registration = (await c.send(new DescribeRegistrationsCommand({ RegistrationIds: [id] }))).Registrations![0];
    assert.deepEqual([registration.CurrentVersionNumber, registration.ApprovedVersionNumber, registration.LatestDeniedVersionNumber], [2, 2, 1]);
    const statuses = (await c.send(new DescribeRegistrationVersionsCommand({ RegistrationId: id }))).RegistrationVersions!.map(
      (v) => v.RegistrationVersionStatus,
    );
    assert.deepEqual(statuses, ['DENIED', 'APPROVED']);
    const v1Values = await c.send(
      new DescribeRegistrationFieldValuesCommand({ RegistrationId: id, VersionNumber: 1, FieldPaths: ['messagingUseCase.useCaseDetails'] }),
    );
    assert.equal(v1Values.RegistrationFieldValues![0].TextValue, 'Sign-in codes [deny:USE_CASE_UNCLEAR]');

    const filtered = await c.send(new DescribeRegistrationsCommand({ Filters: [{ Name: 'registration-status', Values: ['COMPLETE'] }] }));
    assert.deepEqual(
      filtered.Registrations!.map((r) => r.RegistrationId),
      [id],
    );

    await expectConflict(() => c.send(new DeleteRegistrationCommand({ RegistrationId: id })), 'PHONE_NUMBER_ASSOCIATED_TO_REGISTRATION');
    await c.send(new ReleasePhoneNumberCommand({ PhoneNumberId: numberId }));
    assert.equal(await registrationStatus(c, id), 'CLOSED');
    await expectConflict(() => c.send(new CreateRegistrationVersionCommand({ RegistrationId: id })), 'CREATE_REGISTRATION_VERSION_NOT_ALLOWED');
    assert.equal(await registrationStatus(c, id), 'CLOSED', 'the refused version changed nothing');
    assert.deepEqual((await c.send(new ListRegistrationAssociationsCommand({ RegistrationId: id }))).RegistrationAssociations, []);
    const deleted = await c.send(new DeleteRegistrationCommand({ RegistrationId: id }));
    assert.equal(deleted.RegistrationStatus, 'DELETED');
    assert.deepEqual((await c.send(new DescribeRegistrationsCommand({}))).Registrations, []);
  });
});

describe('sender ID registration', () => {
  test('approval creates the registered sender ID, which does not exist before', async () => {
    const c = fresh();
    const id = await create(c, 'ID_SENDER_ID_REGISTRATION');
    await fill(c, id, REQUIRED_VALUES.ID_SENDER_ID_REGISTRATION);
    await c.send(new SubmitRegistrationVersionCommand({ RegistrationId: id }));
    // Statuses only move forward: if the registration is not COMPLETE after the read, it was not during it.
    const early = (await c.send(new DescribeSenderIdsCommand({}))).SenderIds;
    if ((await registrationStatus(c, id)) !== 'COMPLETE') assert.deepEqual(early, []);
    await waitForStatus(c, id, 'COMPLETE');
    const [senderId] = (await c.send(new DescribeSenderIdsCommand({}))).SenderIds!;
    assert.deepEqual(
      { id: senderId.SenderId, country: senderId.IsoCountryCode, registered: senderId.Registered, registration: senderId.RegistrationId },
      { id: 'EXAMPLE', country: 'ID', registered: true, registration: id },
    );
    const [association] = (await c.send(new ListRegistrationAssociationsCommand({ RegistrationId: id }))).RegistrationAssociations!;
    assert.deepEqual([association.ResourceType, association.ResourceId, association.IsoCountryCode], ['SENDER_ID', 'EXAMPLE', 'ID']);
  });
});
