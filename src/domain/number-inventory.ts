// Picks a real-looking E.164 number for a requested phone number: sampled from libphonenumber's
// per-country pattern for the number type, then checked by libphonenumber to be valid and of that
// type. Never one of the simulator or local outcome destination numbers (src/domain/simulator.ts).
import { createRequire } from 'node:module';
import { randomInt } from 'node:crypto';
import { isDestinationOutcomeNumber } from './simulator.js';

/** The libphonenumber types a requested number of each NumberType may have. */
export type InventoryKind = 'mobile' | 'toll-free';
const acceptedTypes: Record<InventoryKind, string[]> = {
  mobile: ['MOBILE', 'FIXED_LINE_OR_MOBILE'],
  'toll-free': ['TOLL_FREE'],
};

/** The part of libphonenumber-js (max metadata) sms-voice-local uses. */
export interface Libphonenumber {
  isSupportedCountry(country: string): boolean;
  getCountries(): string[];
  parsePhoneNumberFromString(
    text: string,
  ): { isValid(): boolean; getType(): string | undefined; country?: string; countryCallingCode: string; number: string } | undefined;
}
interface MaxMetadata {
  countries: Record<string, unknown[]>;
  /** Calling code -> the countries that use it. */
  country_calling_codes: Record<string, string[]>;
  /** Calling codes of no country (+800, +882, ...). */
  nonGeographic?: Record<string, unknown>;
}

const requireModule = createRequire(import.meta.url);
let lib: { api: Libphonenumber; metadata: MaxMetadata } | undefined;
/** libphonenumber-js with its largest metadata (which tells mobile from fixed-line numbers), loaded on first use (it is slow to load). */
export function libphonenumberMax() {
  lib ??= {
    api: requireModule('libphonenumber-js/max') as Libphonenumber,
    metadata: requireModule('libphonenumber-js/metadata.max.json') as MaxMetadata,
  };
  return lib;
}

/** Every ISO 3166-1 alpha-2 country libphonenumber knows (245), in alphabetical order. */
export function knownCountries(): readonly string[] {
  return [...libphonenumberMax().api.getCountries()].sort();
}

/** True when libphonenumber knows the ISO 3166-1 alpha-2 country. */
export function isKnownCountry(isoCountryCode: string): boolean {
  return libphonenumberMax().api.isSupportedCountry(isoCountryCode);
}

// A sampler for the small regular-expression dialect of libphonenumber's patterns: digits, \d,
// [classes], (?:groups|alternatives), and the quantifiers ?, {n} and {n,m}.
type Node = { alt: Node[][] } | { chars: string } | { repeat: Node; min: number; max: number };

function parsePattern(pattern: string): Node {
  let i = 0;
  const alternatives = (): Node => {
    const alt: Node[][] = [[]];
    while (i < pattern.length && pattern[i] !== ')') {
      if (pattern[i] === '|') {
        alt.push([]);
        i++;
        continue;
      }
      alt[alt.length - 1].push(quantified(atom()));
    }
    return { alt };
  };
  const atom = (): Node => {
    const c = pattern[i++];
    if (c === '(') {
      if (pattern.startsWith('?:', i)) i += 2;
      const group = alternatives();
      i++; // ')'
      return group;
    }
    if (c === '\\') {
      i++; // only \d occurs
      return { chars: '0123456789' };
    }
    if (c === '[') {
      let chars = '';
      while (pattern[i] !== ']') {
        if (pattern[i] === '\\') {
          chars += '0123456789'; // only \d occurs
          i += 2;
        } else if (pattern[i + 1] === '-' && pattern[i + 2] !== ']') {
          for (let d = pattern.charCodeAt(i); d <= pattern.charCodeAt(i + 2); d++) chars += String.fromCharCode(d);
          i += 3;
        } else chars += pattern[i++];
      }
      i++; // ']'
      return { chars };
    }
    return { chars: c };
  };
  const quantified = (node: Node): Node => {
    if (pattern[i] === '?') {
      i++;
      return { repeat: node, min: 0, max: 1 };
    }
    if (pattern[i] === '{') {
      const end = pattern.indexOf('}', i);
      const [min, max] = pattern.slice(i + 1, end).split(',');
      i = end + 1;
      return { repeat: node, min: Number(min), max: max === undefined ? Number(min) : Number(max) };
    }
    return node;
  };
  return alternatives();
}

function sample(node: Node): string {
  if ('chars' in node) return node.chars[randomInt(node.chars.length)];
  if ('repeat' in node) {
    let out = '';
    for (let n = node.min + randomInt(node.max - node.min + 1); n > 0; n--) out += sample(node.repeat);
    return out;
  }
  return node.alt[randomInt(node.alt.length)].map(sample).join('');
}

/**
 * A random E.164 number of `kind` in the country, valid by libphonenumber and not `taken`; undefined
 * when the country has no numbers of that kind (or none could be found in a bounded number of tries).
 */
export async function pickNumber(isoCountryCode: string, kind: InventoryKind, taken: (e164: string) => Promise<boolean>): Promise<string | undefined> {
  const { api, metadata } = libphonenumberMax();
  const country = metadata.countries[isoCountryCode];
  if (!country) return undefined;
  const callingCode = country[0] as string;
  const patterns = ((country[11] as ([string] | 0)[] | undefined) ?? []).filter((t): t is [string] => Array.isArray(t)).map((t) => parsePattern(t[0]));
  for (let attempt = 0; attempt < 200 && patterns.length; attempt++) {
    const e164 = `+${callingCode}${sample(patterns[attempt % patterns.length])}`;
    const parsed = api.parsePhoneNumberFromString(e164);
    if (!parsed?.isValid() || parsed.country !== isoCountryCode || !acceptedTypes[kind].includes(parsed.getType() ?? '')) continue;
    if (isDestinationOutcomeNumber(e164) || (await taken(e164))) continue;
    return e164;
  }
  return undefined;
}
