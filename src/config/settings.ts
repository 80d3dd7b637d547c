// What each setting allows, in one table: how it is read from its environment variable, how a
// typed value (an option of start()) is checked, and how a message shows it.
import { isIP } from 'node:net';
import { ACCOUNT_ID_PATTERN } from '../domain/scope.js';
import { parseAccessKeys, type AccessKey } from '../http/access-keys.js';

/** A configuration value that is not allowed, or cannot be used; the message names the setting, the value and what is allowed. */
export class ConfigError extends Error {
  /**
   * @param setting how the user named the setting: an environment variable, a flag or an option of start()
   * @param shown the value as the message shows it (quoted, secrets masked)
   * @param problem what is wrong, e.g. `is not allowed: use an integer from 0 to 65535`
   */
  constructor(
    readonly setting: string,
    readonly shown: string,
    readonly problem: string,
  ) {
    super([setting, shown, problem].filter(Boolean).join(' '));
    this.name = 'ConfigError';
  }

  /** The same error, naming the setting another way (the flag or variable the user gave). */
  named(setting: string): ConfigError {
    return new ConfigError(setting, this.shown, this.problem);
  }
}

/** What is wrong with a variable's text, when more can be said than what is allowed: `parse` throws it. */
export class SettingProblem extends Error {}

/**
 * The one check of every list setting (ACCOUNTS, AUTH_KEYS, ACCOUNT_LIMITS, SPEND_LIMITS,
 * ACCOUNT_TIERS): a key given twice is refused rather than letting the last entry win.
 * @throws SettingProblem naming the key
 */
export function checkKeysOnce(keys: Iterable<string>): void {
  const seen = new Set<string>();
  for (const key of keys) {
    if (seen.has(key)) throw new SettingProblem(`is not allowed: ${key} is given twice`);
    seen.add(key);
  }
}

/** How one setting is read and checked. */
export interface Rule<T> {
  /** The environment variable that sets it (the CLI's flags map onto these). */
  env: string;
  /** What is allowed, as messages say it: `an integer from 0 to 65535`. */
  allowed: string;
  /** The value from the variable's text, or undefined when the text is not allowed. @throws SettingProblem to say more */
  parse(raw: string): T | undefined;
  /** Whether a typed value is allowed. */
  valid(value: T): boolean;
  /** The variable's text as a message shows it; secrets are masked. */
  redact?(raw: string): string;
  /** What start() takes for it, when that differs from the variable's text (an object, a Map). */
  typedAllowed?: string;
  /** A partial typed value completed with the defaults (start() may name some limits only). */
  complete?(value: T): T;
}

/** A plain object (not a Map, an array or null). */
export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** The largest delay a Node timer takes (about 24.8 days); a larger one would fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const DIGITS = /^\d+$/;
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const NODE_ID = /^[\x21-\x7e]{1,128}$/;

/** A whole number from min to max; the text must be plain digits (no sign, exponent, hex or spaces). */
export function integer(env: string, min: number, max: number): Rule<number> {
  return {
    env,
    allowed: `an integer from ${min} to ${max}`,
    parse: (raw) => (DIGITS.test(raw) ? Number(raw) : undefined),
    valid: (value) => Number.isSafeInteger(value) && value >= min && value <= max,
  };
}

/** A string matched by a test; `parse` keeps the text as it is. */
export function text(env: string, allowed: string, test: (value: string) => boolean): Rule<string> {
  return { env, allowed, parse: (raw) => raw, valid: (value) => typeof value === 'string' && test(value) };
}

/** One of a closed set of words; the variable's text is matched without regard to case. */
export function oneOf<T extends string>(env: string, values: readonly T[], fold: (raw: string) => string): Rule<T> {
  return {
    env,
    allowed: `one of ${values.join(', ')}`,
    parse: (raw) => values.find((v) => v === fold(raw)),
    valid: (value) => values.includes(value),
  };
}

/**
 * Comma-separated KEY=VALUE entries, each checked by `entry` (undefined: not allowed), gathered
 * by `build` into the typed value (which also completes a partial object given to start());
 * `valid` checks a typed value given to start(), described by `typedAllowed`.
 */
export function pairs<T>(
  env: string,
  allowed: string,
  entry: (key: string, value: string) => [string, unknown] | undefined,
  build: (entries: Record<string, unknown>) => T,
  valid: (value: T) => boolean,
  typedAllowed: string,
): Rule<T> {
  return {
    env,
    allowed,
    typedAllowed: `${typedAllowed}, or the ${env} text (${allowed})`,
    complete: (value) => build(value as Record<string, unknown>),
    parse: (raw) => {
      const entries: Record<string, unknown> = {};
      const keys: string[] = [];
      for (const pair of raw
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)) {
        const [key, value, ...rest] = pair.split('=').map((p) => p.trim());
        const parsed = key && value !== undefined && !rest.length ? entry(key, value) : undefined;
        if (!parsed) return undefined;
        keys.push(parsed[0]);
        entries[parsed[0]] = parsed[1];
      }
      checkKeysOnce(keys);
      return build(entries);
    },
    // Every entry as the variable's text would allow it: an unknown name is refused, never ignored.
    valid: (value) =>
      isPlainObject(value) &&
      Object.entries(value).every(([key, v]) => (typeof v === 'string' || typeof v === 'number') && entry(key, String(v)) !== undefined) &&
      valid(value),
  };
}

export const isHost = (value: string): boolean => isIP(value) !== 0 || HOSTNAME.test(value);
export const isRegion = (value: string): boolean => REGION.test(value);
export const isAccountId = (value: string): boolean => ACCOUNT_ID_PATTERN.test(value);
export const isNodeId = (value: string): boolean => NODE_ID.test(value);

/** An http:// or https:// URL with a host, as the AWS SDKs take for an endpoint. */
export function isEndpointUrl(value: string): boolean {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const url = new URL(value);
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

/** `memory`, `sqlite:<path>` (a file, not an empty path) or a postgres:// URL with a host. */
export function isDatabaseUrl(value: string): boolean {
  if (typeof value !== 'string') return false;
  if (value === 'memory' || value === 'sqlite::memory:') return true;
  // An empty path would give SQLite a temporary database that vanishes at exit.
  if (value.startsWith('sqlite:')) return value.length > 'sqlite:'.length && !value.includes('\0');
  if (/^postgres(ql)?:\/\//.test(value)) return URL.canParse(value) && new URL(value).hostname !== '';
  return false;
}

/** A database URL fit for a message or a log line: postgres://user:secret@host -> postgres://user:***@host. */
export const redactPassword = (url: string): string => url.replace(/^([a-z]+:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');

/**
 * `AKID1=111111111111,AKID2=222222222222` (ACCOUNTS), or undefined when an entry is malformed.
 * @throws SettingProblem for an access key given twice
 */
export function parseAccounts(raw: string): Record<string, string> | undefined {
  const accounts: Record<string, string> = {};
  const keys: string[] = [];
  for (const pair of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [key, account, ...rest] = pair.split('=').map((p) => p.trim());
    if (!key || !account || rest.length || !ACCOUNT_ID_PATTERN.test(account)) return undefined;
    keys.push(key);
    accounts[key] = account;
  }
  checkKeysOnce(keys);
  return accounts;
}

export const accountsRule: Rule<Record<string, string>> = {
  env: 'ACCOUNTS',
  allowed: 'comma-separated ACCESSKEY=123456789012 entries',
  typedAllowed: 'an object of access key id to 12-digit account id, or the ACCOUNTS text (comma-separated ACCESSKEY=123456789012 entries)',
  parse: parseAccounts,
  valid: (value) => isPlainObject(value) && Object.values(value).every((a) => typeof a === 'string' && ACCOUNT_ID_PATTERN.test(a)),
};

export const authKeysRule: Rule<Map<string, AccessKey>> = {
  env: 'AUTH_KEYS',
  allowed: 'comma-separated ACCESSKEY:SECRET or ACCESSKEY:SECRET:123456789012 entries',
  typedAllowed:
    'a Map of access key id to { secretAccessKey, accountId? }, or the AUTH_KEYS text (comma-separated ACCESSKEY:SECRET or ACCESSKEY:SECRET:123456789012 entries)',
  parse: (raw) => {
    let keys: Map<string, AccessKey>;
    try {
      keys = parseAccessKeys(raw);
    } catch {
      return undefined;
    }
    checkKeysOnce(
      raw
        .split(',')
        .map((entry) => entry.trim().split(':')[0])
        .filter(Boolean),
    );
    return keys;
  },
  valid: (value) =>
    value instanceof Map &&
    [...value.values()].every(
      (k) => typeof k.secretAccessKey === 'string' && k.secretAccessKey !== '' && (k.accountId === undefined || ACCOUNT_ID_PATTERN.test(k.accountId)),
    ),
  // Secrets never reach a message.
  redact: (raw) =>
    raw
      .split(',')
      .map((entry) =>
        entry
          .split(':')
          .map((part, i) => (i === 1 ? '***' : part))
          .join(':'),
      )
      .join(','),
};
