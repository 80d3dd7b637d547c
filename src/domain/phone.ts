import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** The ISO 3166-1 alpha-2 country of an E.164 number, or undefined when no country owns it. */
export function isoCountryOf(e164: string): string | undefined {
  const number = parsePhoneNumberFromString(e164.startsWith('+') ? e164 : `+${e164}`);
  return number?.country;
}

/** E.164 with its leading plus, as the event records carry numbers. */
export const withPlus = (phone: string): string => (phone.startsWith('+') ? phone : `+${phone}`);
