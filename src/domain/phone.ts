import { createRequire } from 'node:module';
import type { parsePhoneNumberFromString as Parse } from 'libphonenumber-js';

// libphonenumber-js takes about 60 ms to load, a third of start-up: it loads on the first send.
const requireModule = createRequire(import.meta.url);
let parse: typeof Parse | undefined;

/**
 * Countries of the numbers seen lately: parsing is a tenth of a send's CPU, and an application
 * sends to the same numbers again and again. Emptied when it reaches COUNTRY_CACHE_SIZE entries.
 */
const countryCache = new Map<string, string | undefined>();
const COUNTRY_CACHE_SIZE = 10_000;

/** The ISO 3166-1 alpha-2 country of an E.164 number, or undefined when no country owns it. */
export function isoCountryOf(e164: string): string | undefined {
  if (countryCache.has(e164)) return countryCache.get(e164);
  parse ??= (requireModule('libphonenumber-js') as { parsePhoneNumberFromString: typeof Parse }).parsePhoneNumberFromString;
  const country = parse(e164.startsWith('+') ? e164 : `+${e164}`)?.country;
  if (countryCache.size >= COUNTRY_CACHE_SIZE) countryCache.clear();
  countryCache.set(e164, country);
  return country;
}

/** E.164 with its plus: a country code, then at most 15 digits in all (ITU-T E.164). */
export const isE164 = (value: unknown): value is string => typeof value === 'string' && /^\+[1-9]\d{1,14}$/.test(value);

/** E.164 with its leading plus, as the event records carry numbers. */
export const withPlus = (phone: string): string => (phone.startsWith('+') ? phone : `+${phone}`);
