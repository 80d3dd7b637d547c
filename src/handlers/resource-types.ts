// Every resource type of the generic resource layer, declared once. Families import these.
import type { PhoneNumberRecord, PoolMemberRecord, PoolRecord, SenderIdRecord } from '../domain/origination-identities.js';
import type {
  RegistrationAssociationRecord,
  RegistrationAttachmentRecord,
  RegistrationFieldValueRecord,
  RegistrationRecord,
  RegistrationVersionRecord,
} from '../domain/registrations.js';
import { repository } from './resource-layer.js';

export const phoneNumbers = repository<PhoneNumberRecord>({ type: 'phone-number', idPrefix: 'phone-', nameOf: (n) => n.phoneNumber });
export const senderIds = repository<SenderIdRecord>({ type: 'sender-id' });
export const pools = repository<PoolRecord>({ type: 'pool', idPrefix: 'pool-' });
/** Pool membership: parent is the pool id; the model has no ResourceType for it, so errors name the pool. */
export const poolMembers = repository<PoolMemberRecord>({ type: 'pool', storedAs: 'pool-member', hasParent: true });

export const registrations = repository<RegistrationRecord>({ type: 'registration', idPrefix: 'registration-' });
/** Versions: parent is the registration id, id the zero-padded version number (`versionKey`). */
export const registrationVersions = repository<RegistrationVersionRecord>({ type: 'registration', storedAs: 'registration-version', hasParent: true });
/** Field values: parent is `<registration id>/<version key>` (`fieldValuesParent`), id the field path. */
export const registrationFieldValues = repository<RegistrationFieldValueRecord>({ type: 'registration', storedAs: 'registration-field-value', hasParent: true });
/** Attachments: id `attachment-` + 32 hex (AWS does not document the form). */
export const registrationAttachments = repository<RegistrationAttachmentRecord>({ type: 'registration-attachment', idPrefix: 'attachment-' });
/** Associations: parent is the registration id, id the associated resource's ARN. */
export const registrationAssociations = repository<RegistrationAssociationRecord>({ type: 'registration', storedAs: 'registration-association', hasParent: true });
