import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCatalogue, registrationCatalogue, type CatalogueType } from './registration-catalogue.js';
import {
  checkFieldValue,
  contrastWithWhite,
  registrationViewAt,
  reviewSchedule,
  reviewVersion,
  versionStatusAt,
  type RegistrationRecord,
  type VersionLifecycle,
} from './registrations.js';

const submitted = (outcome: 'APPROVED' | 'DENIED', awsReview = false): VersionLifecycle => ({
  versionNumber: 1,
  draftAt: 0,
  ...reviewSchedule(1000, 400, awsReview),
  outcome,
});

describe('registration lifecycle', () => {
  test('a submitted version moves through its stored due times', () => {
    const v = submitted('APPROVED', true);
    const at = (t: number) => versionStatusAt(v, t);
    assert.deepEqual([at(1000), at(1100), at(1200), at(1399), at(1400)], ['SUBMITTED', 'AWS_REVIEWING', 'REVIEWING', 'REVIEWING', 'APPROVED']);
    assert.equal(versionStatusAt({ ...v, archivedAt: 2000 }, 2000), 'ARCHIVED');
    assert.equal(versionStatusAt(submitted('DENIED'), 1400), 'DENIED');
    assert.equal(versionStatusAt({ versionNumber: 1, draftAt: 0 }, 5), 'DRAFT');
    assert.equal(versionStatusAt({ versionNumber: 1, draftAt: 0, discardedAt: 3 }, 5), 'DISCARDED');
  });

  test('the registration status follows its latest version, and earlier outcomes while it is a draft', () => {
    const r = (current: VersionLifecycle, extra: Partial<RegistrationRecord> = {}): RegistrationRecord => ({
      registrationId: 'r',
      registrationType: 't',
      createdTimestamp: 0,
      current,
      ...extra,
    });
    assert.equal(registrationViewAt(r({ versionNumber: 1, draftAt: 0 }), 0).status, 'CREATED');
    assert.deepEqual(registrationViewAt(r(submitted('APPROVED')), 1400), { status: 'COMPLETE', approvedVersionNumber: 1 });
    assert.deepEqual(registrationViewAt(r(submitted('DENIED')), 1400), { status: 'REQUIRES_UPDATES', latestDeniedVersionNumber: 1 });
    assert.equal(registrationViewAt(r({ versionNumber: 2, draftAt: 0 }, { earlierDeniedVersion: 1 }), 0).status, 'REQUIRES_UPDATES');
    assert.equal(registrationViewAt(r({ versionNumber: 3, draftAt: 0 }, { earlierDeniedVersion: 2, earlierApprovedVersion: 1 }), 0).status, 'COMPLETE');
    assert.equal(registrationViewAt(r(submitted('APPROVED'), { closedAt: 2000 }), 2000).status, 'CLOSED');
  });
});

describe('field values and review', () => {
  const fields = registrationCatalogue().get('TEST_RCS_LAUNCH_REGISTRATION')!.fields;
  test('checks type, length, pattern, options and attachment types', () => {
    const color = fields.get('agentDetails.accentColor')!;
    assert.equal(checkFieldValue(color, { TextValue: '#1A73E8' }), undefined);
    assert.equal(checkFieldValue(color, { TextValue: '1A73E8' })?.reason, 'FIELD_VALIDATION_FAILED');
    assert.equal(checkFieldValue(color, { SelectChoices: ['x'] })?.reason, 'FIELD_VALIDATION_FAILED');
    const useCase = fields.get('agentDetails.useCase')!;
    assert.equal(checkFieldValue(useCase, { SelectChoices: ['OTP'] }), undefined);
    assert.equal(checkFieldValue(useCase, { SelectChoices: ['OTP', 'PROMOTIONAL'] })?.reason, 'FIELD_VALIDATION_FAILED');
    const logo = fields.get('agentDetails.logoImage')!;
    assert.equal(checkFieldValue(logo, { RegistrationAttachmentId: 'a' }, 'image/png'), undefined);
    assert.equal(checkFieldValue(logo, { RegistrationAttachmentId: 'a' }, 'application/pdf')?.reason, 'ATTACHMENT_TYPE_NOT_SUPPORTED');
  });

  test('the review denies on the deny marker and on the documented accent colour contrast', () => {
    assert.ok(contrastWithWhite('#000000') > 20 && contrastWithWhite('#FFFFFF') === 1);
    assert.equal(reviewVersion(fields, [{ fieldPath: 'agentDetails.accentColor', textValue: '#1A73E8' }]).outcome, 'APPROVED');
    const pale = reviewVersion(fields, [{ fieldPath: 'agentDetails.accentColor', textValue: '#FFFF00' }]);
    assert.deepEqual([pale.outcome, pale.deniedReasons[0].Reason], ['DENIED', 'ACCENT_COLOR_CONTRAST_INSUFFICIENT']);
    const asked = reviewVersion(fields, [{ fieldPath: 'agentDetails.brandName', textValue: 'Acme [deny]' }]);
    assert.deepEqual([asked.deniedReasons[0].Reason, [...asked.fieldReasons.keys()]], ['DENIED_BY_REQUEST', ['agentDetails.brandName']]);
  });
});

describe('catalogue', () => {
  test('the shipped catalogue is consistent, and a broken one is refused', () => {
    assert.ok(registrationCatalogue().size >= 5);
    const broken: CatalogueType = {
      RegistrationType: 'X',
      Source: 'test',
      DisplayHints: { Title: 'X' },
      SupportedAssociations: [],
      Sections: [
        {
          SectionPath: 'a',
          DisplayHints: { Title: 'A', ShortDescription: 'A' },
          Fields: [{ FieldPath: 'b.c', Source: 't', FieldType: 'SELECT', FieldRequirement: 'REQUIRED', DisplayHints: { Title: 'C', ShortDescription: 'C' } }],
        },
      ],
    };
    assert.throws(() => checkCatalogue([broken]), /b\.c is not in section a/);
  });
});
