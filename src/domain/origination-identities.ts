// Records of the origination identities: phone numbers, sender IDs, pools and pool membership.
// Domain records are camelCase; each family has one converter to the wire shape. Times are epoch ms.
// Facts: ../shared/notes/aws-behavior-rest-of-api.md sections 1-3 and 13.

export type NumberStatus = 'PENDING' | 'ACTIVE' | 'ASSOCIATING' | 'DISASSOCIATING' | 'DELETED';
export type PoolStatus = 'CREATING' | 'ACTIVE' | 'DELETING';

/** A phone number (resource type `phone-number`, id `phone-` + 32 hex, name: the E.164 value). */
export interface PhoneNumberRecord {
  phoneNumberId: string;
  /** E.164, with its plus. */
  phoneNumber: string;
  /**
   * The stored status. PENDING turns ACTIVE at `activatesAt`, and a released number (DELETED) is
   * gone after `purgeAt`; readers apply both through `currentNumberStatus`.
   */
  status: NumberStatus;
  activatesAt?: number;
  purgeAt?: number;
  isoCountryCode: string;
  messageType: 'TRANSACTIONAL' | 'PROMOTIONAL';
  numberCapabilities: ('SMS' | 'VOICE' | 'MMS' | 'RCS')[];
  numberType: 'SHORT_CODE' | 'LONG_CODE' | 'TOLL_FREE' | 'TEN_DLC' | 'SIMULATOR';
  /** USD per month, as the model's string. */
  monthlyLeasingPrice: string;
  twoWayEnabled: boolean;
  twoWayChannelArn?: string;
  twoWayChannelRole?: string;
  selfManagedOptOutsEnabled: boolean;
  optOutListName: string;
  internationalSendingEnabled: boolean;
  deletionProtectionEnabled: boolean;
  poolId?: string;
  registrationId?: string;
  createdTimestamp: number;
}

/** A sender ID (resource type `sender-id`, id `<SenderId>/<IsoCountryCode>`, as in its ARN). */
export interface SenderIdRecord {
  senderId: string;
  isoCountryCode: string;
  messageTypes: ('TRANSACTIONAL' | 'PROMOTIONAL')[];
  /** USD per month, as the model's string. */
  monthlyLeasingPrice: string;
  deletionProtectionEnabled: boolean;
  registered: boolean;
  registrationId?: string;
  /** From when a registration registers it (epoch ms); `registered` is true from then. */
  registeredAt?: number;
  /** For a sender ID a registration creates on approval: it exists for readers from this time. */
  availableAt?: number;
  createdTimestamp: number;
}

/** A pool (resource type `pool`, id `pool-` + 32 hex). */
export interface PoolRecord {
  poolId: string;
  status: PoolStatus;
  messageType: 'TRANSACTIONAL' | 'PROMOTIONAL';
  twoWayEnabled: boolean;
  twoWayChannelArn?: string;
  twoWayChannelRole?: string;
  selfManagedOptOutsEnabled: boolean;
  optOutListName: string;
  sharedRoutesEnabled: boolean;
  deletionProtectionEnabled: boolean;
  createdTimestamp: number;
}

/**
 * One identity's membership of a pool (type `pool-member`, parent: the pool id, id: the identity's
 * ARN). A phone number or RCS agent belongs to at most one pool (its record's `poolId`); a sender ID to several.
 */
export interface PoolMemberRecord {
  originationIdentityArn: string;
  /** The PhoneNumberId, the RcsAgentId, or the SenderId. */
  originationIdentity: string;
  kind: 'phone-number' | 'sender-id' | 'rcs-agent';
  /** The resource id under its own type (`phone-…`, `rcs-…`, or `<SenderId>/<ISO>`). */
  resourceId: string;
  /** Empty for an RCS agent, which has no country of its own. */
  isoCountryCode: string;
  numberCapabilities: ('SMS' | 'VOICE' | 'MMS' | 'RCS')[];
  /** E.164, for phone numbers. */
  phoneNumber?: string;
}

/** Whether a sender ID exists for readers at `now` (one a registration creates exists from its approval). */
export const senderIdAvailable = (s: SenderIdRecord, now: number): boolean => s.availableAt === undefined || now >= s.availableAt;

/** Whether a sender ID is registered at `now`. */
export const senderIdRegistered = (s: SenderIdRecord, now: number): boolean => s.registered || (s.registeredAt !== undefined && now >= s.registeredAt);

/** A phone number's status at `now`: PENDING becomes ACTIVE at `activatesAt`; undefined once purged. */
export function currentNumberStatus(record: PhoneNumberRecord, now: number): NumberStatus | undefined {
  if (record.status === 'DELETED') return record.purgeAt !== undefined && now >= record.purgeAt ? undefined : 'DELETED';
  if (record.status === 'PENDING' && record.activatesAt !== undefined && now >= record.activatesAt) return 'ACTIVE';
  return record.status;
}
