// Protect configurations as records, and the pure facts the handlers and the send rule share.
// AWS facts: ../shared/notes/aws-behavior-rest-of-api.md section 8; choices where AWS is silent are
// listed in the README's "Differences from AWS".
import type { NumberCapability, ProtectConfigurationRuleOverrideAction, ProtectStatus } from '../generated/types.js';

/**
 * A protect configuration. `countryRules` holds, per capability, only the countries whose status is
 * not ALLOW: every country starts as ALLOW for every capability (notes 8.1).
 */
export interface ProtectConfigurationRecord {
  /** `protect-` + 32 lowercase hex (notes 0.1). */
  protectConfigurationId: string;
  deletionProtectionEnabled: boolean;
  countryRules: Partial<Record<NumberCapability, Record<string, ProtectStatus>>>;
}

/** A number override of one protect configuration (parent: the configuration's id; id: the E.164 number). */
export interface NumberOverrideRecord {
  /** E.164 with its plus (also the record's id). */
  destinationPhoneNumber: string;
  /** Epoch ms of the Put that created or last replaced it. */
  createdAt: number;
  action: ProtectConfigurationRuleOverrideAction;
  /** Epoch ms after which the override no longer exists; absent: it never expires (notes 8.3). */
  expiresAt?: number;
  /** The destination's country, from libphonenumber; absent when no country owns the number. */
  isoCountryCode?: string;
}

/** The account's default protect configuration (one record per account and region). */
export interface AccountDefaultProtectRecord {
  protectConfigurationId: string;
}

/** The status a country has for a capability in a configuration: ALLOW unless a rule says otherwise. */
export function countryStatus(config: ProtectConfigurationRecord, capability: NumberCapability, isoCountryCode: string): ProtectStatus {
  return config.countryRules[capability]?.[isoCountryCode] ?? 'ALLOW';
}

/**
 * The configuration's rules after an UpdateProtectConfigurationCountryRuleSet of one capability:
 * only the listed countries change; an ALLOW entry is dropped, as ALLOW is every country's default.
 */
export function withCountryRules(
  config: ProtectConfigurationRecord,
  capability: NumberCapability,
  updates: Record<string, { ProtectStatus: ProtectStatus }>,
): ProtectConfigurationRecord {
  const rules = { ...config.countryRules[capability] };
  for (const [country, { ProtectStatus: status }] of Object.entries(updates)) {
    if (status === 'ALLOW') delete rules[country];
    else rules[country] = status;
  }
  return { ...config, countryRules: { ...config.countryRules, [capability]: rules } };
}

/**
 * Whether an override applies at `now` (epoch ms, the server's clock): one whose expiry time has
 * come (`expiresAt <= now`) is gone for sends and for readers.
 */
export const overrideActive = (o: { expiresAt?: number }, now: number): boolean => o.expiresAt === undefined || o.expiresAt > now;

/**
 * The marker that makes a message "likely artificially inflated traffic" for a FILTER rule:
 * a message body that contains it (any case) is filtered. AWS classifies traffic by means it does
 * not document; this makes FILTER deterministic for tests (README, "Differences from AWS").
 */
export const AIT_MARKER = '[ait]';

/** True when a message body carries the AIT marker. A message without a body (media only) never does. */
export const classifiedAsAit = (body: string | undefined): boolean => body?.toLowerCase().includes(AIT_MARKER) ?? false;
