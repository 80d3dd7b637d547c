// Every resource type of the generic resource layer, declared once. Families import these.
import type { PhoneNumberRecord, PoolMemberRecord, PoolRecord, SenderIdRecord } from '../domain/origination-identities.js';
import type { AccountDefaultProtectRecord, NumberOverrideRecord, ProtectConfigurationRecord } from '../domain/protect.js';
import type { KeywordRecord, OptedOutNumberRecord, OptOutListRecord } from '../domain/opt-outs.js';
import type {
  RegistrationAssociationRecord,
  RegistrationAttachmentRecord,
  RegistrationFieldValueRecord,
  RegistrationRecord,
  RegistrationVersionRecord,
} from '../domain/registrations.js';
import type { RcsAgentRecord } from '../domain/rcs-agents.js';
import type { NotifyConfigurationRecord, NotifyDailyCountRecord } from '../domain/notify.js';
import type { VerifiedDestinationNumberRecord } from '../domain/verified-destination-numbers.js';
import { repository } from './resource-layer.js';

export const phoneNumbers = repository<PhoneNumberRecord>({ type: 'phone-number', idPrefix: 'phone-', nameOf: (n) => n.phoneNumber });
/** A sender ID's case-insensitive key within its country: `<SENDERID>/<ISO>` (the repository's unique name). */
export const senderIdName = (senderId: string, isoCountryCode: string): string => `${senderId.toUpperCase()}/${isoCountryCode}`;
export const senderIds = repository<SenderIdRecord>({ type: 'sender-id', nameOf: (s) => senderIdName(s.senderId, s.isoCountryCode) });
export const pools = repository<PoolRecord>({ type: 'pool', idPrefix: 'pool-' });
/** Pool membership: parent is the pool id; the model has no ResourceType for it, so errors name the pool. */
export const poolMembers = repository<PoolMemberRecord>({ type: 'pool', storedAs: 'pool-member', hasParent: true });
/** Opt-out lists: id is the name. */
export const optOutLists = repository<OptOutListRecord>({ type: 'opt-out-list' });
/** Entries of an opt-out list: parent is the list's name, id the E.164 number. */
export const optedOutNumbers = repository<OptedOutNumberRecord>({ type: 'opted-out-number', hasParent: true });
/** Keywords: parent is the PhoneNumberId or PoolId, id the upper-cased keyword. */
export const keywords = repository<KeywordRecord>({ type: 'keyword', hasParent: true });
/** A month's spend on one channel: id `<SpendLimitName>/<YYYY-MM>` (UTC), in price units (see event-record.ts). */
export interface MonthlySpendRecord {
  spentUnits: number;
}
export const monthlySpends = repository<MonthlySpendRecord>({ type: 'account', storedAs: 'monthly-spend' });
/** An account's own spend limit: id is the SpendLimitName, the limit in whole US dollars. */
export interface SpendLimitOverrideRecord {
  monthlyLimit: number;
}
export const spendLimitOverrides = repository<SpendLimitOverrideRecord>({ type: 'account', storedAs: 'spend-limit-override' });

export const registrations = repository<RegistrationRecord>({ type: 'registration', idPrefix: 'registration-' });
/** Versions: parent is the registration id, id the zero-padded version number (`versionKey`). */
export const registrationVersions = repository<RegistrationVersionRecord>({ type: 'registration', storedAs: 'registration-version', hasParent: true });
/** Field values: parent is `<registration id>/<version key>` (`fieldValuesParent`), id the field path. */
export const registrationFieldValues = repository<RegistrationFieldValueRecord>({
  type: 'registration',
  storedAs: 'registration-field-value',
  hasParent: true,
});
/** Attachments: id `attachment-` + 32 hex (AWS does not document the form). */
export const registrationAttachments = repository<RegistrationAttachmentRecord>({ type: 'registration-attachment', idPrefix: 'attachment-' });
/** Associations: parent is the registration id, id the associated resource's ARN. */
export const registrationAssociations = repository<RegistrationAssociationRecord>({
  type: 'registration',
  storedAs: 'registration-association',
  hasParent: true,
});

/** Verified destination numbers: id `vdn-` + 32 hex (as a third-party template expects; AWS does not document it), unique by number. */
export const verifiedDestinationNumbers = repository<VerifiedDestinationNumberRecord>({
  type: 'verified-destination-number',
  idPrefix: 'vdn-',
  nameOf: (v) => v.destinationPhoneNumber,
});
/** A resource policy: id is the ARN of the resource it is attached to. */
export interface ResourcePolicyRecord {
  /** The policy document as given (JSON text). */
  policy: string;
}
export const resourcePolicies = repository<ResourcePolicyRecord>({ type: 'policy' });
/** Protect configurations: `protect-` + 32 hex (notes 0.1). */
export const protectConfigurations = repository<ProtectConfigurationRecord>({ type: 'protect-configuration', idPrefix: 'protect-' });
/** Number overrides: parent is the protect configuration's id, id the E.164 destination number. */
export const protectNumberOverrides = repository<NumberOverrideRecord>({
  type: 'protect-configuration',
  storedAs: 'protect-number-override',
  hasParent: true,
});
/** The account default protect configuration: one record, id `default`. */
export const accountDefaultProtect = repository<AccountDefaultProtectRecord>({ type: 'protect-configuration', storedAs: 'protect-account-default' });
/** RCS agents: id `rcs-` + 32 hex (the form AWS's RCS sample shows). */
export const rcsAgents = repository<RcsAgentRecord>({ type: 'rcs-agent', idPrefix: 'rcs-' });
/** Notify configurations: id `notify-` + 32 hex (AWS does not document the form). */
export const notifyConfigurations = repository<NotifyConfigurationRecord>({ type: 'notify-configuration', idPrefix: 'notify-' });
/** Notify send counts of one UTC day: id `<day>/<configuration id or "account">[/<destination>]` (see domain/notify.ts). */
export const notifyDailyCounts = repository<NotifyDailyCountRecord>({ type: 'notify-configuration', storedAs: 'notify-daily-count' });
