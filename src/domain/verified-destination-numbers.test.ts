import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkVerification, verificationCodeFrom, verificationMessageBody, type VerifiedDestinationNumberRecord } from './verified-destination-numbers.js';

const pending: VerifiedDestinationNumberRecord = { destinationPhoneNumber: '+14155552671', status: 'PENDING', verificationCode: '042917', codeExpiresAt: 1000 };

describe('verification rule', () => {
  const cases: [string, VerifiedDestinationNumberRecord, string, number, string | undefined][] = [
    ['the latest code, in time', pending, '042917', 999, undefined],
    ['another code', pending, '042918', 999, 'VERIFICATION_CODE_MISMATCH'],
    ['the code without its leading zero', pending, '42917', 999, 'VERIFICATION_CODE_MISMATCH'],
    ['the latest code, too late', pending, '042917', 1000, 'VERIFICATION_CODE_EXPIRED'],
    ['another code, too late: expiry first', pending, '111111', 5000, 'VERIFICATION_CODE_EXPIRED'],
    ['no code sent yet', { destinationPhoneNumber: '+14155552671', status: 'PENDING' }, '042917', 0, 'VERIFICATION_CODE_MISMATCH'],
    ['already verified', { destinationPhoneNumber: '+14155552671', status: 'VERIFIED' }, '042917', 0, 'VERIFICATION_ALREADY_COMPLETE'],
  ];
  for (const [name, record, code, now, reason] of cases) {
    test(name, () => {
      assert.equal(checkVerification(record, code, now)?.reason, reason);
    });
  }
  test('conflicts and the mismatch carry their exception classes', () => {
    assert.equal(checkVerification(pending, '042917', 1000)?.exception, 'ConflictException');
    assert.equal(checkVerification(pending, '000000', 0)?.exception, 'ValidationException');
  });
});

describe('verification codes', () => {
  test('six digits from the id source, zero-padded', () => {
    assert.equal(verificationCodeFrom('00000000-0000-4000-8000-000000000000'), '000000');
    assert.equal(verificationCodeFrom('00000001-0000-4000-8000-000000000000'), '065536');
    assert.match(verificationCodeFrom('ffffffff-ffff-4fff-bfff-ffffffffffff'), /^\d{6}$/);
  });
  test('a call spells the code digit by digit', () => {
    assert.match(verificationMessageBody('042917', 'VOICE'), /0 4 2 9 1 7/);
    assert.match(verificationMessageBody('042917', 'TEXT'), /code is 042917\./);
  });
});
