import { createRequire } from 'node:module';
import type { parsePhoneNumberFromString as Parse } from 'libphonenumber-js';

// libphonenumber-js takes about 60 ms to load, a third of start-up: it loads on the first send.
const requireModule = createRequire(import.meta.url);
let parse: typeof Parse | undefined;

/** The ISO 3166-1 alpha-2 country of an E.164 number, or undefined when no country owns it. */
export function isoCountryOf(e164: string): string | undefined {
  parse ??= (requireModule('libphonenumber-js') as { parsePhoneNumberFromString: typeof Parse }).parsePhoneNumberFromString;
  return parse(e164.startsWith('+') ? e164 : `+${e164}`)?.country;
}

/** E.164 with its plus: a country code, then at most 15 digits in all (ITU-T E.164). */
export const isE164 = (value: unknown): value is string => typeof value === 'string' && /^\+[1-9]\d{1,14}$/.test(value);

/** E.164 with its leading plus, as the event records carry numbers. */
export const withPlus = (phone: string): string => (phone.startsWith('+') ? phone : `+${phone}`);
