// CarrierLookup, answered from libphonenumber's metadata (no network, so no carrier): the number's
// E.164 form, its line type, country and dialing code. Facts: ../shared/notes/aws-behavior-rest-of-api.md 12.1.
import type { CarrierLookupResult, PhoneNumberType } from '../generated/types.js';
import { libphonenumberMax } from './number-inventory.js';
import { isE164 } from './phone.js';

/** What CarrierLookup tolerates in its input and strips (the model's documentation): white space, brackets, hyphens, dots, commas. */
const TOLERATED = /[\s()[\]{}.,-]/g;

/**
 * libphonenumber's number types as CarrierLookup reports them. FIXED_LINE_OR_MOBILE (every North
 * American number: the numbering plan does not tell them apart) counts as MOBILE, since only a live
 * lookup could say; toll-free, premium-rate, shared-cost, VoIP, personal, pager, UAN and voicemail
 * numbers are OTHER.
 */
const TYPES: Record<string, PhoneNumberType> = { MOBILE: 'MOBILE', FIXED_LINE_OR_MOBILE: 'MOBILE', FIXED_LINE: 'LANDLINE' };

let countryNames: Intl.DisplayNames | undefined;

/** The input with what CarrierLookup tolerates stripped: `+1 (206) 555-0100` is `+12065550100`. */
export const sanitizePhoneNumber = (input: string): string => input.replace(TOLERATED, '');

/**
 * The assigned calling code an E.164 number starts with, or undefined when its first digits are no
 * calling code (`+999...`). Calling codes are prefix-free, so at most one of the 1 to 3 digit
 * prefixes is one.
 */
export function callingCodeOf(e164: string): string | undefined {
  const { country_calling_codes: codes, nonGeographic = {} } = libphonenumberMax().metadata;
  for (let digits = 1; digits <= 3; digits++) {
    const code = e164.slice(1, 1 + digits);
    if (Object.hasOwn(codes, code) || Object.hasOwn(nonGeographic, code)) return code;
  }
  return undefined;
}

/**
 * Looks a number up. The input is sanitized first; what is then not an E.164 number (a plus and 2 to
 * 15 digits, the first not 0) cannot be a phone number and is undefined (the caller answers
 * ValidationException). Otherwise the answer always has `E164PhoneNumber` and `PhoneNumberType`
 * (INVALID when libphonenumber finds the number invalid for its country, or no country uses its
 * code), `DialingCountryCode` when the calling code is assigned, and `IsoCountryCode` and `Country`
 * (English name) when one country owns the number. No `Carrier`, `MCC` or `MNC`: they need a live
 * network lookup.
 */
export function lookUpNumber(input: string): CarrierLookupResult | undefined {
  const e164 = sanitizePhoneNumber(input);
  if (!isE164(e164)) return undefined;
  const parsed = libphonenumberMax().api.parsePhoneNumberFromString(e164);
  if (!parsed) {
    // Too short or too long to parse (`+12`): still the dialing code when it is assigned.
    const code = callingCodeOf(e164);
    return { E164PhoneNumber: e164, PhoneNumberType: 'INVALID', ...(code !== undefined && { DialingCountryCode: code }) };
  }
  const valid = parsed.isValid();
  const type: PhoneNumberType = valid ? (TYPES[parsed.getType() ?? ''] ?? 'OTHER') : 'INVALID';
  const country = parsed.country;
  countryNames ??= new Intl.DisplayNames(['en'], { type: 'region' });
  return {
    E164PhoneNumber: e164,
    PhoneNumberType: type,
    DialingCountryCode: parsed.countryCallingCode,
    ...(country !== undefined && { IsoCountryCode: country, Country: countryNames.of(country) }),
  };
}
