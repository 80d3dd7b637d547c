// Phone numbers, sender IDs, pools and the account's attributes and limits, through the SDK.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AssociateOriginationIdentityCommand,
  ConflictException,
  CreatePoolCommand,
  DeletePoolCommand,
  DescribeAccountAttributesCommand,
  DescribeAccountLimitsCommand,
  DescribePhoneNumbersCommand,
  DescribePoolsCommand,
  DescribeSenderIdsCommand,
  DisassociateOriginationIdentityCommand,
  ListPoolOriginationIdentitiesCommand,
  ListTagsForResourceCommand,
  ReleasePhoneNumberCommand,
  ReleaseSenderIdCommand,
  RequestPhoneNumberCommand,
  RequestSenderIdCommand,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePhoneNumberCommand,
  UpdatePoolCommand,
  UpdateSenderIdCommand,
  ValidationException,
  type PinpointSMSVoiceV2Client,
  type RequestPhoneNumberCommandInput,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { startServer, type ServerProcess } from '../support/server-process.js';
import { clientFor, rawCall, rejectionOf } from '../support/client.js';
import { isDestinationOutcomeNumber } from '../../src/domain/simulator.js';
import { operations, shapes } from '../../src/generated/model.js';
import type { OperationName } from '../../src/generated/types.js';

let server: ServerProcess;
before(async () => {
  server = await startServer({
    ACCOUNT_LIMITS: 'PHONE_NUMBERS=5,POOLS=3,SENDER_IDS=4',
    ACCOUNT_TIERS: '222222222222=SANDBOX',
    ACCOUNTS: 'AKIDSANDBOX=222222222222',
  });
});
after(async () => {
  await server.stop();
});
let regions = 0;
const fresh = (): PinpointSMSVoiceV2Client => clientFor(server.url, { region: `oi-region-${++regions}` });
const US_LONG: RequestPhoneNumberCommandInput = { IsoCountryCode: 'US', MessageType: 'TRANSACTIONAL', NumberCapabilities: ['SMS'], NumberType: 'LONG_CODE' };

async function expectError(fn: () => Promise<unknown>, type: new (...a: never[]) => Error, fields: Record<string, unknown> = {}) {
  const error = await rejectionOf(fn);
  assert.ok(error instanceof type, `${error.name}: ${error.message}`);
  assert.ok(error.$metadata.httpStatusCode < 500);
  for (const [k, v] of Object.entries(fields)) assert.equal(error[k], v, `${k} of ${error.name}: ${error.message}`);
  return error;
}

describe('phone numbers', () => {
  test('RequestPhoneNumber answers PENDING with the documented defaults; Describe shows ACTIVE', async () => {
    const c = fresh();
    const region = await c.config.region();
    const out = await c.send(new RequestPhoneNumberCommand({ ...US_LONG, Tags: [{ Key: 'team', Value: 'ops' }] }));
    assert.match(out.PhoneNumberId!, /^phone-[0-9a-f]{32}$/);
    assert.equal(out.PhoneNumberArn, `arn:aws:sms-voice:${region}:123456789012:phone-number/${out.PhoneNumberId}`);
    assert.match(out.PhoneNumber!, /^\+1[2-9]\d{9}$/);
    assert.ok(!isDestinationOutcomeNumber(out.PhoneNumber!));
    assert.equal(out.Status, 'PENDING');
    assert.equal(out.OptOutListName, 'Default');
    assert.equal(out.TwoWayEnabled, false);
    assert.equal(out.SelfManagedOptOutsEnabled, false);
    assert.equal(out.DeletionProtectionEnabled, false);
    assert.equal(out.InternationalSendingEnabled, false);
    assert.equal(out.MonthlyLeasingPrice, '1.00');
    assert.deepEqual(out.Tags, [{ Key: 'team', Value: 'ops' }]);
    const [described] = (await c.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: [out.PhoneNumberArn!] }))).PhoneNumbers!;
    assert.equal(described.Status, 'ACTIVE');
    assert.equal(described.PhoneNumber, out.PhoneNumber);
  });

  test('toll-free and other countries get valid numbers of their type', async () => {
    const c = fresh();
    const tf = await c.send(new RequestPhoneNumberCommand({ ...US_LONG, NumberType: 'TOLL_FREE' }));
    assert.match(tf.PhoneNumber!, /^\+18(00|33|44|55|66|77|88)\d{7}$/);
    const gb = await c.send(new RequestPhoneNumberCommand({ ...US_LONG, IsoCountryCode: 'GB' }));
    assert.match(gb.PhoneNumber!, /^\+447\d{9}$/);
    await expectError(() => c.send(new RequestPhoneNumberCommand({ ...US_LONG, IsoCountryCode: 'ZZ' })), ValidationException);
  });

  test('SIMULATOR: US TRANSACTIONAL only; PROMOTIONAL is ResourceNotFoundException', async () => {
    const c = fresh();
    const sim = await c.send(new RequestPhoneNumberCommand({ ...US_LONG, NumberType: 'SIMULATOR' }));
    assert.equal(sim.NumberType, 'SIMULATOR');
    await expectError(
      () => c.send(new RequestPhoneNumberCommand({ ...US_LONG, NumberType: 'SIMULATOR', MessageType: 'PROMOTIONAL' })),
      ResourceNotFoundException,
    );
    await expectError(() => c.send(new RequestPhoneNumberCommand({ ...US_LONG, NumberType: 'SIMULATOR', IsoCountryCode: 'GB' })), ResourceNotFoundException);
  });

  test('quota: PHONE_NUMBERS Max from ACCOUNT_LIMITS, then ServiceQuotaExceededException; a released number frees its slot', async () => {
    const c = fresh();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await c.send(new RequestPhoneNumberCommand(US_LONG))).PhoneNumberId!);
    await expectError(() => c.send(new RequestPhoneNumberCommand(US_LONG)), ServiceQuotaExceededException, { Reason: 'PHONE_NUMBERS_PER_ACCOUNT' });
    const limits = (await c.send(new DescribeAccountLimitsCommand({}))).AccountLimits!;
    assert.deepEqual(
      limits.find((l) => l.Name === 'PHONE_NUMBERS'),
      { Name: 'PHONE_NUMBERS', Used: 5, Max: 5 },
    );
    await c.send(new ReleasePhoneNumberCommand({ PhoneNumberId: ids[0] }));
    await c.send(new RequestPhoneNumberCommand(US_LONG));
  });

  test("answers carry only the members of the model's output shapes (the SDKs drop the others silently)", async () => {
    const undeclared = (shapeName: string, value: unknown, path: string): string[] => {
      const shape = shapes[shapeName];
      if (shape.type === 'list') return (value as unknown[]).flatMap((v, i) => undeclared(shape.member.shape, v, `${path}[${i}]`));
      if (shape.type !== 'structure') return [];
      return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
        shape.members[k] ? undeclared(shape.members[k].shape, v, `${path}.${k}`) : [`${path}.${k}`],
      );
    };
    const headers = { authorization: 'AWS4-HMAC-SHA256 Credential=AKIDRAW/20260101/oi-raw/sms-voice/aws4_request, SignedHeaders=host, Signature=0' };
    const call = async (op: OperationName, input: Record<string, unknown>) => {
      const { status, json } = await rawCall(server.url, `PinpointSMSVoiceV2.${op}`, JSON.stringify(input), { headers });
      assert.equal(status, 200, JSON.stringify(json));
      assert.deepEqual(undeclared(operations[op].output, json, op), []);
      return json;
    };
    const number = await call('RequestPhoneNumber', { ...US_LONG, Tags: [{ Key: 'a', Value: '1' }] });
    await call('DescribePhoneNumbers', { PhoneNumberIds: [number.PhoneNumberId] });
    await call('UpdatePhoneNumber', { PhoneNumberId: number.PhoneNumberId, DeletionProtectionEnabled: false });
    const pool = await call('CreatePool', { OriginationIdentity: number.PhoneNumberId, MessageType: 'TRANSACTIONAL' });
    await call('DescribePools', {});
    await call('ListPoolOriginationIdentities', { PoolId: pool.PoolId });
    await call('DeletePool', { PoolId: pool.PoolId });
    await call('ReleasePhoneNumber', { PhoneNumberId: number.PhoneNumberId });
    await call('RequestSenderId', { SenderId: 'RAW', IsoCountryCode: 'GB' });
    await call('DescribeSenderIds', {});
    await call('ReleaseSenderId', { SenderId: 'RAW', IsoCountryCode: 'GB' });
  });

  test('update, deletion protection, release -> DELETED -> gone; tags removed', async () => {
    const c = fresh();
    const { PhoneNumberId, PhoneNumberArn } = await c.send(
      new RequestPhoneNumberCommand({ ...US_LONG, DeletionProtectionEnabled: true, Tags: [{ Key: 'a', Value: '1' }] }),
    );
    const updated = await c.send(new UpdatePhoneNumberCommand({ PhoneNumberId, SelfManagedOptOutsEnabled: true }));
    assert.equal(updated.SelfManagedOptOutsEnabled, true);
    assert.equal(updated.DeletionProtectionEnabled, true);
    await expectError(() => c.send(new ReleasePhoneNumberCommand({ PhoneNumberId })), ConflictException, { Reason: 'DELETION_PROTECTION_ENABLED' });
    await expectError(() => c.send(new UpdatePhoneNumberCommand({ PhoneNumberId, OptOutListName: 'nope' })), ResourceNotFoundException, {
      ResourceType: 'opt-out-list',
    });
    await c.send(new UpdatePhoneNumberCommand({ PhoneNumberId, DeletionProtectionEnabled: false }));
    const released = await c.send(new ReleasePhoneNumberCommand({ PhoneNumberId: PhoneNumberArn }));
    assert.equal(released.PhoneNumberId, PhoneNumberId);
    const [gone] = (await c.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: [PhoneNumberId!] }))).PhoneNumbers!;
    assert.equal(gone.Status, 'DELETED');
    await expectError(() => c.send(new ListTagsForResourceCommand({ ResourceArn: PhoneNumberArn })), ResourceNotFoundException);
    await expectError(() => c.send(new ReleasePhoneNumberCommand({ PhoneNumberId })), ResourceNotFoundException);
  });
});

describe('generic describe', () => {
  test('ID list, Owner, filters (AND/OR), pagination and bad tokens', async () => {
    const c = fresh();
    const a = await c.send(new RequestPhoneNumberCommand(US_LONG));
    const b = await c.send(new RequestPhoneNumberCommand({ ...US_LONG, MessageType: 'PROMOTIONAL', NumberCapabilities: ['SMS', 'VOICE'] }));
    const d = await c.send(new RequestPhoneNumberCommand({ ...US_LONG, NumberType: 'TOLL_FREE' }));
    const ids = (r: { PhoneNumbers?: { PhoneNumberId?: string }[] }) => r.PhoneNumbers!.map((p) => p.PhoneNumberId).sort();
    assert.deepEqual(ids(await c.send(new DescribePhoneNumbersCommand({}))), [a, b, d].map((x) => x.PhoneNumberId).sort());
    assert.deepEqual(ids(await c.send(new DescribePhoneNumbersCommand({ Owner: 'SHARED' }))), []);
    assert.deepEqual(ids(await c.send(new DescribePhoneNumbersCommand({ Filters: [{ Name: 'number-capability', Values: ['VOICE'] }] }))), [b.PhoneNumberId]);
    assert.deepEqual(
      ids(
        await c.send(
          new DescribePhoneNumbersCommand({
            Filters: [
              { Name: 'message-type', Values: ['TRANSACTIONAL', 'PROMOTIONAL'] },
              { Name: 'number-type', Values: ['LONG_CODE'] },
            ],
          }),
        ),
      ),
      [a, b].map((x) => x.PhoneNumberId).sort(),
    );
    await expectError(() => c.send(new DescribePhoneNumbersCommand({ Filters: [{ Name: 'two-way-enabled', Values: ['yes'] }] })), ValidationException, {
      Reason: 'INVALID_FILTER_VALUES',
    });
    await expectError(() => c.send(new DescribePhoneNumbersCommand({ Owner: 'SELF', PhoneNumberIds: [a.PhoneNumberId!] })), ValidationException, {
      Reason: 'PARAMETERS_CANNOT_BE_USED_TOGETHER',
    });
    await expectError(
      () => c.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: ['phone-00000000000000000000000000000000'] })),
      ResourceNotFoundException,
      { ResourceType: 'phone-number' },
    );
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await c.send(new DescribePhoneNumbersCommand({ MaxResults: 1, NextToken: token }));
      seen.push(...page.PhoneNumbers!.map((p) => p.PhoneNumberId!));
      token = page.NextToken;
    } while (token);
    assert.deepEqual(seen.sort(), [a, b, d].map((x) => x.PhoneNumberId).sort());
    await expectError(() => c.send(new DescribePhoneNumbersCommand({ NextToken: 'garbage' })), ValidationException, { Reason: 'INVALID_NEXT_TOKEN' });
    // A token pages only the operation (and the pool) that gave it.
    const numbersToken = (await c.send(new DescribePhoneNumbersCommand({ MaxResults: 1 }))).NextToken!;
    await expectError(() => c.send(new DescribePoolsCommand({ NextToken: numbersToken })), ValidationException, { Reason: 'INVALID_NEXT_TOKEN' });
    const pool = await c.send(new CreatePoolCommand({ OriginationIdentity: a.PhoneNumberId, MessageType: 'TRANSACTIONAL' }));
    // The toll-free number d stays PENDING until registered, so a second long code joins the pool.
    const e = await c.send(new RequestPhoneNumberCommand(US_LONG));
    await c.send(new AssociateOriginationIdentityCommand({ PoolId: pool.PoolId, OriginationIdentity: e.PhoneNumberId }));
    const other = await c.send(new CreatePoolCommand({ OriginationIdentity: b.PhoneNumberId, MessageType: 'PROMOTIONAL' }));
    const membersToken = (await c.send(new ListPoolOriginationIdentitiesCommand({ PoolId: pool.PoolId, MaxResults: 1 }))).NextToken!;
    const rest = await c.send(new ListPoolOriginationIdentitiesCommand({ PoolId: pool.PoolId, NextToken: membersToken }));
    assert.equal(rest.OriginationIdentities!.length, 1);
    await expectError(() => c.send(new ListPoolOriginationIdentitiesCommand({ PoolId: other.PoolId, NextToken: membersToken })), ValidationException, {
      Reason: 'INVALID_NEXT_TOKEN',
    });
  });
});

describe('tags', () => {
  test('every taggable type; aws: keys and repeated keys are refused and change nothing', async () => {
    const c = fresh();
    const n = await c.send(new RequestPhoneNumberCommand(US_LONG));
    const s = await c.send(new RequestSenderIdCommand({ SenderId: 'ACME', IsoCountryCode: 'GB' }));
    const p = await c.send(new CreatePoolCommand({ OriginationIdentity: n.PhoneNumberId, MessageType: 'TRANSACTIONAL' }));
    for (const arn of [n.PhoneNumberArn!, s.SenderIdArn!, p.PoolArn!]) {
      await c.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'k', Value: 'v' }] }));
      await expectError(() => c.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'aws:x', Value: 'v' }] })), ValidationException);
      await expectError(
        () =>
          c.send(
            new TagResourceCommand({
              ResourceArn: arn,
              Tags: [
                { Key: 'd', Value: '1' },
                { Key: 'd', Value: '2' },
              ],
            }),
          ),
        ValidationException,
      );
      assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, [{ Key: 'k', Value: 'v' }]);
      await c.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['k'] }));
      assert.deepEqual((await c.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags, []);
    }
    await expectError(
      () => c.send(new RequestSenderIdCommand({ SenderId: 'OTHER', IsoCountryCode: 'GB', Tags: [{ Key: 'aws:a', Value: '' }] })),
      ValidationException,
    );
    assert.equal((await c.send(new DescribeSenderIdsCommand({}))).SenderIds!.length, 1);
  });
});

describe('pools', () => {
  test('create copies the first number, associate/disassociate rules, list members, delete frees numbers', async () => {
    const c = fresh();
    const n1 = await c.send(new RequestPhoneNumberCommand(US_LONG));
    const n2 = await c.send(new RequestPhoneNumberCommand(US_LONG));
    const promo = await c.send(new RequestPhoneNumberCommand({ ...US_LONG, MessageType: 'PROMOTIONAL' }));
    await c.send(new UpdatePhoneNumberCommand({ PhoneNumberId: n1.PhoneNumberId, SelfManagedOptOutsEnabled: true }));
    const pool = await c.send(new CreatePoolCommand({ OriginationIdentity: n1.PhoneNumberArn, MessageType: 'TRANSACTIONAL', DeletionProtectionEnabled: true }));
    assert.match(pool.PoolId!, /^pool-[0-9a-f]{32}$/);
    assert.equal(pool.Status, 'CREATING');
    assert.equal(pool.SelfManagedOptOutsEnabled, true);
    assert.equal(pool.OptOutListName, 'Default');
    const [described] = (await c.send(new DescribePoolsCommand({ PoolIds: [pool.PoolId!] }))).Pools!;
    assert.equal(described.Status, 'ACTIVE');
    const PoolId = pool.PoolId!;
    await expectError(() => c.send(new AssociateOriginationIdentityCommand({ PoolId, OriginationIdentity: n2.PhoneNumberId })), ConflictException, {
      Reason: 'SELF_MANAGED_OPT_OUTS_MISMATCH',
    });
    await expectError(() => c.send(new AssociateOriginationIdentityCommand({ PoolId, OriginationIdentity: promo.PhoneNumberId })), ConflictException, {
      Reason: 'MESSAGE_TYPE_MISMATCH',
    });
    await c.send(new UpdatePhoneNumberCommand({ PhoneNumberId: n2.PhoneNumberId, SelfManagedOptOutsEnabled: true }));
    const assoc = await c.send(new AssociateOriginationIdentityCommand({ PoolId, OriginationIdentity: n2.PhoneNumberId }));
    assert.equal(assoc.OriginationIdentityArn, n2.PhoneNumberArn);
    await expectError(() => c.send(new CreatePoolCommand({ OriginationIdentity: n2.PhoneNumberId, MessageType: 'TRANSACTIONAL' })), ConflictException, {
      Reason: 'PHONE_NUMBER_ASSOCIATED_TO_POOL',
    });
    await expectError(() => c.send(new UpdatePhoneNumberCommand({ PhoneNumberId: n2.PhoneNumberId, TwoWayEnabled: true })), ConflictException, {
      Reason: 'PHONE_NUMBER_ASSOCIATED_TO_POOL',
    });
    await expectError(() => c.send(new ReleasePhoneNumberCommand({ PhoneNumberId: n2.PhoneNumberId })), ConflictException, {
      Reason: 'PHONE_NUMBER_ASSOCIATED_TO_POOL',
    });
    const sender = await c.send(new RequestSenderIdCommand({ SenderId: 'ACME', IsoCountryCode: 'GB' }));
    await expectError(() => c.send(new AssociateOriginationIdentityCommand({ PoolId, OriginationIdentity: sender.SenderIdArn })), ValidationException, {
      Reason: 'INVALID_ARN',
    });
    await c.send(new AssociateOriginationIdentityCommand({ PoolId, OriginationIdentity: sender.SenderIdArn, IsoCountryCode: 'GB' }));
    const members = (await c.send(new ListPoolOriginationIdentitiesCommand({ PoolId }))).OriginationIdentities!;
    assert.equal(members.length, 3);
    assert.deepEqual(
      (await c.send(new ListPoolOriginationIdentitiesCommand({ PoolId, Filters: [{ Name: 'iso-country-code', Values: ['GB'] }] }))).OriginationIdentities!.map(
        (m) => m.OriginationIdentity,
      ),
      ['ACME'],
    );
    await expectError(() => c.send(new ReleaseSenderIdCommand({ SenderId: 'ACME', IsoCountryCode: 'GB' })), ConflictException, {
      Reason: 'SENDER_ID_ASSOCIATED_TO_POOL',
    });
    await c.send(new DisassociateOriginationIdentityCommand({ PoolId, OriginationIdentity: 'ACME', IsoCountryCode: 'GB' }));
    await c.send(new DisassociateOriginationIdentityCommand({ PoolId, OriginationIdentity: n2.PhoneNumberId }));
    await expectError(() => c.send(new DisassociateOriginationIdentityCommand({ PoolId, OriginationIdentity: n2.PhoneNumberId })), ConflictException, {
      Reason: 'PHONE_NUMBER_NOT_ASSOCIATED_TO_POOL',
    });
    await expectError(() => c.send(new DisassociateOriginationIdentityCommand({ PoolId, OriginationIdentity: n1.PhoneNumberId })), ConflictException, {
      Reason: 'LAST_PHONE_NUMBER',
    });
    await expectError(() => c.send(new DeletePoolCommand({ PoolId })), ConflictException, { Reason: 'DELETION_PROTECTION_ENABLED' });
    await c.send(new UpdatePoolCommand({ PoolId, DeletionProtectionEnabled: false }));
    assert.equal((await c.send(new DeletePoolCommand({ PoolId }))).Status, 'DELETING');
    await expectError(() => c.send(new DescribePoolsCommand({ PoolIds: [PoolId] })), ResourceNotFoundException, { ResourceType: 'pool' });
    const [freed] = (await c.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: [n1.PhoneNumberId!] }))).PhoneNumbers!;
    assert.equal(freed.PoolId, undefined);
    await c.send(new ReleasePhoneNumberCommand({ PhoneNumberId: n1.PhoneNumberId }));
  });

  test('RequestPhoneNumber with PoolId joins the pool; POOLS quota', async () => {
    const c = fresh();
    const n = await c.send(new RequestPhoneNumberCommand(US_LONG));
    const { PoolId } = await c.send(new CreatePoolCommand({ OriginationIdentity: n.PhoneNumberId, MessageType: 'TRANSACTIONAL' }));
    const joined = await c.send(new RequestPhoneNumberCommand({ ...US_LONG, PoolId }));
    assert.equal(joined.PoolId, PoolId);
    assert.equal((await c.send(new ListPoolOriginationIdentitiesCommand({ PoolId }))).OriginationIdentities!.length, 2);
    await expectError(() => c.send(new RequestPhoneNumberCommand({ ...US_LONG, MessageType: 'PROMOTIONAL', PoolId })), ConflictException, {
      Reason: 'MESSAGE_TYPE_MISMATCH',
    });
    for (let i = 0; i < 2; i++) {
      const s = await c.send(new RequestSenderIdCommand({ SenderId: `S${i}`, IsoCountryCode: 'DE' }));
      await c.send(new CreatePoolCommand({ OriginationIdentity: s.SenderId, IsoCountryCode: 'DE', MessageType: 'PROMOTIONAL' }));
    }
    const s = await c.send(new RequestSenderIdCommand({ SenderId: 'S9', IsoCountryCode: 'DE' }));
    await expectError(
      () => c.send(new CreatePoolCommand({ OriginationIdentity: s.SenderIdArn, IsoCountryCode: 'DE', MessageType: 'PROMOTIONAL' })),
      ServiceQuotaExceededException,
      { Reason: 'POOLS_PER_ACCOUNT' },
    );
    assert.equal((await c.send(new DescribePoolsCommand({ Filters: [{ Name: 'message-type', Values: ['PROMOTIONAL'] }] }))).Pools!.length, 2);
  });
});

describe('sender IDs', () => {
  test('request, describe, update, release; unsupported countries; duplicates; quota', async () => {
    const c = fresh();
    const region = await c.config.region();
    const out = await c.send(
      new RequestSenderIdCommand({ SenderId: 'MyBrand', IsoCountryCode: 'GB', MessageTypes: ['TRANSACTIONAL'], DeletionProtectionEnabled: true }),
    );
    assert.equal(out.SenderIdArn, `arn:aws:sms-voice:${region}:123456789012:sender-id/MyBrand/GB`);
    assert.deepEqual(out.MessageTypes, ['TRANSACTIONAL']);
    assert.equal(out.Registered, false);
    assert.equal(typeof out.MonthlyLeasingPrice, 'string');
    await expectError(() => c.send(new RequestSenderIdCommand({ SenderId: 'MyBrand', IsoCountryCode: 'GB' })), ConflictException, {
      Reason: 'RESOURCE_ALREADY_EXISTS',
    });
    await expectError(() => c.send(new RequestSenderIdCommand({ SenderId: 'MyBrand', IsoCountryCode: 'US' })), ValidationException, {
      Reason: 'SENDER_ID_NOT_SUPPORTED',
    });
    const described = await c.send(new DescribeSenderIdsCommand({ SenderIds: [{ SenderId: out.SenderIdArn!, IsoCountryCode: 'GB' }] }));
    assert.equal(described.SenderIds![0].SenderId, 'MyBrand');
    await expectError(() => c.send(new DescribeSenderIdsCommand({ SenderIds: [{ SenderId: 'MyBrand', IsoCountryCode: 'FR' }] })), ResourceNotFoundException, {
      ResourceType: 'sender-id',
    });
    await expectError(() => c.send(new ReleaseSenderIdCommand({ SenderId: 'MyBrand', IsoCountryCode: 'GB' })), ConflictException, {
      Reason: 'DELETION_PROTECTION_ENABLED',
    });
    assert.equal(
      (await c.send(new UpdateSenderIdCommand({ SenderId: 'MyBrand', IsoCountryCode: 'GB', DeletionProtectionEnabled: false }))).DeletionProtectionEnabled,
      false,
    );
    for (const country of ['FR', 'DE', 'IT']) await c.send(new RequestSenderIdCommand({ SenderId: 'MyBrand', IsoCountryCode: country }));
    await expectError(() => c.send(new RequestSenderIdCommand({ SenderId: 'MyBrand', IsoCountryCode: 'ES' })), ServiceQuotaExceededException, {
      Reason: 'SENDER_IDS_PER_ACCOUNT',
    });
    assert.deepEqual(
      (await c.send(new DescribeSenderIdsCommand({ Filters: [{ Name: 'message-type', Values: ['PROMOTIONAL'] }] })))
        .SenderIds!.map((s) => s.IsoCountryCode)
        .sort(),
      ['DE', 'FR', 'IT'],
    );
    await c.send(new ReleaseSenderIdCommand({ SenderId: 'MyBrand', IsoCountryCode: 'GB' }));
    await expectError(() => c.send(new UpdateSenderIdCommand({ SenderId: 'MyBrand', IsoCountryCode: 'GB' })), ResourceNotFoundException);
  });
});

describe('account', () => {
  test('ACCOUNT_TIER per account, limits with Used and Max', async () => {
    const c = fresh();
    assert.deepEqual((await c.send(new DescribeAccountAttributesCommand({}))).AccountAttributes, [{ Name: 'ACCOUNT_TIER', Value: 'PRODUCTION' }]);
    const sandbox = clientFor(server.url, { accessKeyId: 'AKIDSANDBOX' });
    assert.deepEqual((await sandbox.send(new DescribeAccountAttributesCommand({}))).AccountAttributes, [{ Name: 'ACCOUNT_TIER', Value: 'SANDBOX' }]);
    const limits = (await c.send(new DescribeAccountLimitsCommand({}))).AccountLimits!;
    assert.deepEqual(
      limits.map((l) => l.Name),
      [
        'PHONE_NUMBERS',
        'POOLS',
        'CONFIGURATION_SETS',
        'OPT_OUT_LISTS',
        'SENDER_IDS',
        'REGISTRATIONS',
        'REGISTRATION_ATTACHMENTS',
        'VERIFIED_DESTINATION_NUMBERS',
      ],
    );
    assert.deepEqual(
      limits.find((l) => l.Name === 'POOLS'),
      { Name: 'POOLS', Used: 0, Max: 3 },
    );
    assert.deepEqual(
      limits.find((l) => l.Name === 'VERIFIED_DESTINATION_NUMBERS'),
      { Name: 'VERIFIED_DESTINATION_NUMBERS', Used: 0, Max: 10 },
    );
    const first = await c.send(new DescribeAccountLimitsCommand({ MaxResults: 5 }));
    const rest = await c.send(new DescribeAccountLimitsCommand({ NextToken: first.NextToken }));
    assert.equal(first.AccountLimits!.length + rest.AccountLimits!.length, 8);
  });
});

describe('repeats and case', () => {
  test('a capability given twice is refused, not merged, and nothing is created', async () => {
    const c = fresh();
    await expectError(() => c.send(new RequestPhoneNumberCommand({ ...US_LONG, NumberCapabilities: ['SMS', 'VOICE', 'SMS'] })), ValidationException, {
      Reason: 'INVALID_PARAMETER',
    });
    assert.deepEqual((await c.send(new DescribePhoneNumbersCommand({}))).PhoneNumbers, []);
  });

  test('sender IDs are one per country whatever their case, and send by any case', async () => {
    const c = fresh();
    await c.send(new RequestSenderIdCommand({ SenderId: 'Acme', IsoCountryCode: 'GB' }));
    await expectError(() => c.send(new RequestSenderIdCommand({ SenderId: 'ACME', IsoCountryCode: 'GB' })), ConflictException, {
      Reason: 'RESOURCE_ALREADY_EXISTS',
    });
    await c.send(new RequestSenderIdCommand({ SenderId: 'ACME', IsoCountryCode: 'FR' }));
    assert.equal((await c.send(new DescribeSenderIdsCommand({}))).SenderIds!.length, 2);
  });
});
