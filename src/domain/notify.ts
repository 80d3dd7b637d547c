// Notify configurations: the record, its status over time, the display-name screening, template
// resolution and the Basic tier's daily caps, as pure rules. Times are epoch ms.
// Facts: ../shared/notes/aws-behavior-rest-of-api.md section 12.3; the choices where AWS is silent
// are in the README's "Differences from AWS".
import type { NotifyConfigurationStatus, NumberCapability, TemplateVariableMetadata } from '../generated/types.js';
import { PLACEHOLDER, type CatalogueTemplate } from './notify-catalogue.js';
import { ownValue } from './own-value.js';

/** A notify configuration (resource type `notify-configuration`, id `notify-` + 32 hex). */
export interface NotifyConfigurationRecord {
  notifyConfigurationId: string;
  displayName: string;
  useCase: 'CODE_VERIFICATION';
  defaultTemplateId?: string;
  /** A customer-owned pool sends go out from; absent: AWS-managed identities. */
  poolId?: string;
  enabledCountries?: string[];
  enabledChannels: NumberCapability[];
  /** Every configuration starts BASIC; upgrading (which needs a verification) is not simulated. */
  tier: 'BASIC' | 'ADVANCED';
  /** The validation's end: PENDING before, then ACTIVE, or REJECTED when `rejectionReason` is set. */
  reviewedAt: number;
  rejectionReason?: string;
  deletionProtectionEnabled: boolean;
  createdTimestamp: number;
}

/** How many notify messages went out on one UTC day for one key (see `dailyCountIds`). */
export interface NotifyDailyCountRecord {
  count: number;
}

/** The status at `now`: PENDING while validated, then REJECTED (with a reason) or ACTIVE [UG-NOTIFY]. */
export function notifyStatusAt(c: NotifyConfigurationRecord, now: number): NotifyConfigurationStatus {
  if (now < c.reviewedAt) return 'PENDING';
  return c.rejectionReason === undefined ? 'ACTIVE' : 'REJECTED';
}

/**
 * Why a display name is rejected, or undefined when it passes. AWS screens names "for profanity,
 * URLs etc." without publishing its rules; these are the best reading: no URL-like `www` or
 * `http`, at least one letter (a name of digits looks like a phone number), no blocked word.
 */
export function screenDisplayName(name: string, blockedWords: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  if (/www|https?/.test(lower)) return 'The display name must not contain a URL';
  if (!/[A-Za-z]/.test(name)) return 'The display name must contain a letter';
  const words = lower.split(/[^a-z0-9]+/);
  const blocked = blockedWords.find((w) => words.includes(w));
  if (blocked !== undefined) return 'The display name contains a word that is not allowed';
  return undefined;
}

/** The Basic tier's caps [UG-NOTIFY notify-tiers, notify-quotas]: 200 messages a day per configuration, 10 a day per destination. */
export const BASIC_DAILY_MESSAGES = 200;
export const DAILY_MESSAGES_PER_DESTINATION = 10;

/** The UTC day of an instant (epoch ms), `YYYY-MM-DD`. */
export const dayOf = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);

/** The count ids one send increments: the configuration's day, the destination's day per configuration and per account. */
export function dailyCountIds(day: string, configurationId: string, destination: string) {
  return { configuration: `${day}/${configurationId}`, destination: `${day}/${configurationId}/${destination}`, account: `${day}/account/${destination}` };
}

/** A template variable's problem: the Reason and a message naming the variable. */
export interface VariableFailure {
  reason: 'MISSING_PARAMETER' | 'INVALID_PARAMETER';
  variable: string;
  message: string;
}

/** Checks one customer value against its metadata: type, length, pattern, range. */
function checkValue(name: string, meta: TemplateVariableMetadata, value: string): string | undefined {
  if (meta.Type === 'INTEGER') {
    if (!/^-?\d+$/.test(value)) return `${name} must be an integer`;
    const n = Number(value);
    if (meta.MinValue !== undefined && n < meta.MinValue) return `${name} must be at least ${meta.MinValue}`;
    if (meta.MaxValue !== undefined && n > meta.MaxValue) return `${name} must be at most ${meta.MaxValue}`;
  }
  if (meta.Type === 'BOOLEAN' && value !== 'true' && value !== 'false') return `${name} must be true or false`;
  if (meta.MaxLength !== undefined && [...value].length > meta.MaxLength) return `${name} must be at most ${meta.MaxLength} characters`;
  if (meta.Pattern !== undefined && !new RegExp(meta.Pattern).test(value)) return `${name} must match ${meta.Pattern}`;
  return undefined;
}

/**
 * The message a template gives: every placeholder replaced by its value. CUSTOMER variables come
 * from `given` (all values are strings, as the model says), falling back to their DefaultValue;
 * SYSTEM variables from `system` (the display name as `appName`) and may not be given.
 * Failures: a variable the template does not declare, or a SYSTEM one, is INVALID_PARAMETER; a
 * required CUSTOMER variable without a value is MISSING_PARAMETER; a value of the wrong type, too
 * long, outside its range or not matching its pattern is INVALID_PARAMETER. All failures are returned.
 */
export function resolveTemplate(
  template: CatalogueTemplate,
  given: Record<string, string>,
  system: Record<string, string>,
): { body: string; failures: VariableFailure[] } {
  const declared = template.Variables ?? {};
  const failures: VariableFailure[] = [];
  const values: Record<string, string> = {};
  for (const name of Object.keys(given)) {
    const meta = ownValue(declared, name);
    if (!meta) failures.push({ reason: 'INVALID_PARAMETER', variable: name, message: `${template.TemplateId} has no variable ${name}` });
    else if (meta.Source === 'SYSTEM') failures.push({ reason: 'INVALID_PARAMETER', variable: name, message: `${name} is filled in by the service` });
  }
  for (const [name, meta] of Object.entries(declared)) {
    const value = meta.Source === 'SYSTEM' ? ownValue(system, name) : (ownValue(given, name) ?? meta.DefaultValue);
    if (value === undefined) {
      if (meta.Required) failures.push({ reason: 'MISSING_PARAMETER', variable: name, message: `${template.TemplateId} needs the variable ${name}` });
      continue;
    }
    const problem = meta.Source === 'SYSTEM' ? undefined : checkValue(name, meta, value);
    if (problem) failures.push({ reason: 'INVALID_PARAMETER', variable: name, message: problem });
    values[name] = value;
  }
  const body = (template.Content ?? '').replace(PLACEHOLDER, (_, name: string) => ownValue(values, name) ?? '');
  return { body, failures };
}
