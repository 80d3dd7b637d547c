// Verified destination numbers (the SMS and voice sandbox): the record, the code sent to the
// handset, and the rule that decides a VerifyDestinationNumber. Facts:
// ../shared/notes/aws-behavior-rest-of-api.md 7.2-7.4; AWS documents no code length, wording or
// lifetime, so those are sms-voice-local's (README, "Differences from AWS").
import type { VerificationStatus } from '../generated/types.js';

/** A verified destination number as stored (id `vdn-` + 32 hex). */
export interface VerifiedDestinationNumberRecord {
  /** E.164 with its plus. */
  destinationPhoneNumber: string;
  status: VerificationStatus;
  /** The latest code sent, until the number is verified. */
  verificationCode?: string;
  /** When the latest code stops being accepted, epoch ms. */
  codeExpiresAt?: number;
  /** The RCS agent whose tester device this number is (CreateVerifiedDestinationNumber's RcsAgentId). */
  rcsAgentId?: string;
}

/** Digits in a verification code. */
export const VERIFICATION_CODE_DIGITS = 6;

/**
 * A verification code of VERIFICATION_CODE_DIGITS decimal digits, drawn from a random UUID (the
 * injected id source, so a test can fix it): its first 48 bits, modulo 10^6, zero-padded.
 */
export function verificationCodeFrom(uuid: string): string {
  const value = Number.parseInt(uuid.replaceAll('-', '').slice(0, 12), 16) % 10 ** VERIFICATION_CODE_DIGITS;
  return String(value).padStart(VERIFICATION_CODE_DIGITS, '0');
}

/** The text (or the words of the call) that delivers a code. */
export function verificationMessageBody(code: string, channel: 'TEXT' | 'VOICE'): string {
  return channel === 'VOICE'
    ? `Your verification code is ${[...code].join(' ')}. Again: ${[...code].join(' ')}.`
    : `Your verification code is ${code}. It expires in a few minutes.`;
}

/** Why a VerifyDestinationNumber is refused: the exception and Reason to answer with. */
export type VerificationFailure =
  | { exception: 'ConflictException'; reason: 'VERIFICATION_ALREADY_COMPLETE' | 'VERIFICATION_CODE_EXPIRED'; message: string }
  | { exception: 'ValidationException'; reason: 'VERIFICATION_CODE_MISMATCH'; message: string };

/**
 * Decides a verification attempt at `now` (epoch ms), in this order: a number already VERIFIED is
 * ConflictException VERIFICATION_ALREADY_COMPLETE; an expired latest code ConflictException
 * VERIFICATION_CODE_EXPIRED, whatever code is given (a new one must be sent); no code sent yet, or
 * another code than the latest, ValidationException VERIFICATION_CODE_MISMATCH. Codes compare
 * exactly (they are digits). Undefined: the number becomes VERIFIED.
 */
export function checkVerification(record: VerifiedDestinationNumberRecord, code: string, now: number): VerificationFailure | undefined {
  const number = record.destinationPhoneNumber;
  if (record.status === 'VERIFIED') {
    return { exception: 'ConflictException', reason: 'VERIFICATION_ALREADY_COMPLETE', message: `${number} is already verified` };
  }
  if (record.codeExpiresAt !== undefined && now >= record.codeExpiresAt) {
    return {
      exception: 'ConflictException',
      reason: 'VERIFICATION_CODE_EXPIRED',
      message: `The verification code sent to ${number} has expired: send a new one with SendDestinationNumberVerificationCode`,
    };
  }
  if (record.verificationCode === undefined || record.verificationCode !== code) {
    return {
      exception: 'ValidationException',
      reason: 'VERIFICATION_CODE_MISMATCH',
      message:
        record.verificationCode === undefined
          ? `No verification code was sent to ${number} yet: send one with SendDestinationNumberVerificationCode`
          : `The verification code does not match the latest code sent to ${number}`,
    };
  }
  return undefined;
}
