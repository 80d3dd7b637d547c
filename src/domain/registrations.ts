// Records of registrations, their versions, field values, attachments and associations, and the
// pure rules over them: a version's status at a time (from the due times stored at submission, so
// nothing runs on a timer), the registration's status, field value checks, and the review outcome.
// Times are epoch ms. Facts: ../shared/notes/aws-behavior-rest-of-api.md section 11; the choices
// where AWS is silent are in the README's "Differences from AWS".
import type { RegistrationStatus, RegistrationVersionStatus, RegistrationDeniedReasonInformation } from '../generated/types.js';
import { ATTACHMENT_CONTENT_TYPES, type AttachmentContentType, type CatalogueField } from './registration-catalogue.js';

/** One version's lifecycle. Submission stores every later due time, and the outcome, at once. */
export interface VersionLifecycle {
  versionNumber: number;
  draftAt: number;
  submittedAt?: number;
  awsReview?: boolean;
  /** Only with AwsReview: when AWS_REVIEWING begins. */
  awsReviewingAt?: number;
  reviewingAt?: number;
  decidedAt?: number;
  outcome?: 'APPROVED' | 'DENIED';
  deniedReasons?: RegistrationDeniedReasonInformation[];
  discardedAt?: number;
  /** An approved version superseded by a newer approved one is ARCHIVED from the newer one's approval. */
  archivedAt?: number;
}

/** A registration (type `registration`, id `registration-` + 32 hex). */
export interface RegistrationRecord {
  registrationId: string;
  registrationType: string;
  createdTimestamp: number;
  /** The latest version's lifecycle (the same as its version record's). */
  current: VersionLifecycle;
  /** The newest approved and denied versions before the latest one. */
  earlierApprovedVersion?: number;
  earlierDeniedVersion?: number;
  /** Set when the last identity of a DISASSOCIATE_ALL_CLOSES_REGISTRATION association is released: CLOSED. */
  closedAt?: number;
}

/** A registration version (parent: the registration id; id: `versionKey(n)`). */
export interface RegistrationVersionRecord {
  lifecycle: VersionLifecycle;
}

/** A field value (parent: `fieldValuesParent(registration, version)`; id: the field path). */
export interface RegistrationFieldValueRecord {
  fieldPath: string;
  selectChoices?: string[];
  textValue?: string;
  registrationAttachmentId?: string;
  /** Set at submission for a value the review denies; shown once the version is DENIED. */
  deniedReason?: string;
}

/**
 * A registration attachment (type `registration-attachment`, id `attachment-` + 32 hex). The body
 * is not kept, only what the rules read: its content type, size and SHA-256. A URL is kept as given.
 */
export interface RegistrationAttachmentRecord {
  registrationAttachmentId: string;
  contentType: AttachmentContentType;
  attachmentUrl?: string;
  sizeBytes?: number;
  sha256?: string;
  createdTimestamp: number;
}

/** An association of a registration with a resource (parent: the registration id; id: the resource ARN). */
export interface RegistrationAssociationRecord {
  resourceArn: string;
  resourceId: string;
  /** The catalogue's SupportedAssociation ResourceType: a number type, SENDER_ID, REGISTRATION or RCS_AGENT. */
  resourceType: string;
  isoCountryCode?: string;
  phoneNumber?: string;
  /** For ASSOCIATE_ON_APPROVAL associations: the approval time, before which the association is not listed. */
  associatedAt?: number;
}

/** Version ids sort by number: ten digits, zero-padded. */
export const versionKey = (versionNumber: number): string => String(versionNumber).padStart(10, '0');
export const fieldValuesParent = (registrationId: string, versionNumber: number): string => `${registrationId}/${versionKey(versionNumber)}`;

/** The version statuses of a version under review: submitted and not yet approved or denied (notes 11.3). */
export const UNDER_REVIEW: readonly RegistrationVersionStatus[] = ['SUBMITTED', 'AWS_REVIEWING', 'REVIEWING'];

/** The version's status at `now`. */
export function versionStatusAt(v: VersionLifecycle, now: number): RegistrationVersionStatus {
  if (v.discardedAt !== undefined) return 'DISCARDED';
  if (v.submittedAt === undefined) return 'DRAFT';
  if (v.decidedAt !== undefined && now >= v.decidedAt) {
    if (v.outcome === 'APPROVED') return v.archivedAt !== undefined && now >= v.archivedAt ? 'ARCHIVED' : 'APPROVED';
    return 'DENIED';
  }
  if (v.reviewingAt !== undefined && now >= v.reviewingAt) return 'REVIEWING';
  if (v.awsReviewingAt !== undefined && now >= v.awsReviewingAt) return 'AWS_REVIEWING';
  return 'SUBMITTED';
}

/** The version's status history at `now` (epoch ms; the converter turns them into seconds). */
export function versionHistoryAt(v: VersionLifecycle, now: number): Record<string, number> {
  /** The time if it has been reached by `now`. */
  const reached = (at: number | undefined) => (at !== undefined && now >= at ? at : undefined);
  const decided = reached(v.decidedAt);
  const entries: [string, number | undefined][] = [
    ['DraftTimestamp', v.draftAt],
    ['SubmittedTimestamp', v.submittedAt],
    ['AwsReviewingTimestamp', reached(v.awsReviewingAt)],
    ['ReviewingTimestamp', reached(v.reviewingAt)],
    [v.outcome === 'APPROVED' ? 'ApprovedTimestamp' : 'DeniedTimestamp', decided],
    ['DiscardedTimestamp', v.discardedAt],
    ['ArchivedTimestamp', decided === undefined ? undefined : reached(v.archivedAt)],
  ];
  return Object.fromEntries(entries.filter((e): e is [string, number] => e[1] !== undefined));
}

/** What DescribeRegistrations derives from the record at `now`. */
export interface RegistrationView {
  status: RegistrationStatus;
  approvedVersionNumber?: number;
  latestDeniedVersionNumber?: number;
}

/**
 * The registration's status at `now`, from its latest version: SUBMITTED, AWS_REVIEWING and
 * REVIEWING while it is reviewed, COMPLETE once approved, REQUIRES_UPDATES once denied; while the
 * latest version is a DRAFT (or DISCARDED), COMPLETE if an earlier version was approved, else
 * REQUIRES_UPDATES if one was denied, else CREATED. CLOSED once `closedAt` is reached.
 */
export function registrationViewAt(r: RegistrationRecord, now: number): RegistrationView {
  const status = versionStatusAt(r.current, now);
  const approvedVersionNumber = status === 'APPROVED' ? r.current.versionNumber : r.earlierApprovedVersion;
  const latestDeniedVersionNumber = status === 'DENIED' ? r.current.versionNumber : r.earlierDeniedVersion;
  const numbers = {
    ...(approvedVersionNumber !== undefined && { approvedVersionNumber }),
    ...(latestDeniedVersionNumber !== undefined && { latestDeniedVersionNumber }),
  };
  if (r.closedAt !== undefined && now >= r.closedAt) return { status: 'CLOSED', ...numbers };
  const byVersion: Partial<Record<RegistrationVersionStatus, RegistrationStatus>> = {
    SUBMITTED: 'SUBMITTED',
    AWS_REVIEWING: 'AWS_REVIEWING',
    REVIEWING: 'REVIEWING',
    APPROVED: 'COMPLETE',
    DENIED: 'REQUIRES_UPDATES',
  };
  const fromVersion = byVersion[status];
  if (fromVersion) return { status: fromVersion, ...numbers };
  const idle: RegistrationStatus = approvedVersionNumber !== undefined ? 'COMPLETE' : latestDeniedVersionNumber !== undefined ? 'REQUIRES_UPDATES' : 'CREATED';
  return { status: idle, ...numbers };
}

/**
 * When the registration has (or will have, by its stored outcome) an approved version: the epoch
 * ms from which it counts as approved, or undefined when no approval is on the way.
 */
export function approvalTime(r: RegistrationRecord): number | undefined {
  if (r.earlierApprovedVersion !== undefined) return r.createdTimestamp;
  return r.current.outcome === 'APPROVED' ? r.current.decidedAt : undefined;
}

/** Due times of a review submitted at `now` that takes `reviewMs`: REVIEWING at half-time, the decision at the end. */
export function reviewSchedule(
  now: number,
  reviewMs: number,
  awsReview: boolean,
): Pick<VersionLifecycle, 'submittedAt' | 'awsReviewingAt' | 'reviewingAt' | 'decidedAt'> {
  return {
    submittedAt: now,
    ...(awsReview && { awsReviewingAt: now + Math.floor(reviewMs / 4) }),
    reviewingAt: now + Math.floor(reviewMs / 2),
    decidedAt: now + reviewMs,
  };
}

/** A field value as PutRegistrationFieldValue gives it. */
export interface FieldValueInput {
  SelectChoices?: string[];
  TextValue?: string;
  RegistrationAttachmentId?: string;
}

/** Why a value breaks its field's definition: the reason and a message naming the rule. */
export interface FieldValueFailure {
  reason: 'FIELD_VALIDATION_FAILED' | 'PARAMETERS_CANNOT_BE_USED_TOGETHER' | 'MISSING_PARAMETER' | 'ATTACHMENT_TYPE_NOT_SUPPORTED';
  member: string;
  message: string;
}

const MEMBER_FOR: Record<CatalogueField['FieldType'], keyof FieldValueInput> = {
  TEXT: 'TextValue',
  SELECT: 'SelectChoices',
  ATTACHMENT: 'RegistrationAttachmentId',
};

/**
 * Checks a value against its field definition: exactly the member of the field's type; a TEXT
 * value's length (in characters) and whole-value pattern; a SELECT value's number of distinct
 * choices and each choice among the options; an ATTACHMENT's content type (`attachmentType`, of the
 * attachment the value names, looked up by the caller).
 */
export function checkFieldValue(field: CatalogueField, value: FieldValueInput, attachmentType?: AttachmentContentType): FieldValueFailure | undefined {
  const given = (Object.keys(MEMBER_FOR) as CatalogueField['FieldType'][]).map((t) => MEMBER_FOR[t]).filter((m) => value[m] !== undefined);
  const member = MEMBER_FOR[field.FieldType];
  const path = field.FieldPath;
  if (given.length > 1) return { reason: 'PARAMETERS_CANNOT_BE_USED_TOGETHER', member: given[1], message: `Give only one of ${given.join(', ')}` };
  if (given.length === 0) return { reason: 'MISSING_PARAMETER', member, message: `${path} is a ${field.FieldType} field: give ${member}` };
  if (given[0] !== member)
    return { reason: 'FIELD_VALIDATION_FAILED', member: given[0], message: `${path} is a ${field.FieldType} field: give ${member}, not ${given[0]}` };
  const text = value.TextValue;
  const choices = value.SelectChoices;
  if (field.FieldType === 'TEXT' && field.TextValidation && text !== undefined) {
    const v = field.TextValidation;
    const length = [...text].length;
    if (length < v.MinLength || length > v.MaxLength)
      return { reason: 'FIELD_VALIDATION_FAILED', member, message: `${path} must be ${v.MinLength} to ${v.MaxLength} characters long (got ${length})` };
    if (!new RegExp(`^(?:${v.Pattern})$`).test(text)) return { reason: 'FIELD_VALIDATION_FAILED', member, message: `${path} must match ${v.Pattern}` };
  }
  if (field.FieldType === 'SELECT' && field.SelectValidation && choices !== undefined) {
    const v = field.SelectValidation;
    const unknown = choices.filter((c) => !v.Options.includes(c));
    if (unknown.length)
      return { reason: 'FIELD_VALIDATION_FAILED', member, message: `${path} does not offer ${unknown.join(', ')}; choose from ${v.Options.join(', ')}` };
    const count = new Set(choices).size;
    if (count !== choices.length) return { reason: 'FIELD_VALIDATION_FAILED', member, message: `${path} lists a choice more than once` };
    if (count < v.MinChoices || count > v.MaxChoices)
      return { reason: 'FIELD_VALIDATION_FAILED', member, message: `${path} takes ${v.MinChoices} to ${v.MaxChoices} choices (got ${count})` };
  }
  if (field.FieldType === 'ATTACHMENT') {
    const allowed = field.AttachmentTypes ?? ATTACHMENT_CONTENT_TYPES;
    if (attachmentType !== undefined && !allowed.includes(attachmentType)) {
      return { reason: 'ATTACHMENT_TYPE_NOT_SUPPORTED', member, message: `${path} takes ${allowed.join(', ')}, not ${attachmentType}` };
    }
  }
  return undefined;
}

/** A text value containing `[deny]` or `[deny:REASON]` asks the local review to deny its version. */
const DENY_MARKER = /\[deny(?::([A-Z0-9_]{1,64}))?\]/i;

/** The WCAG contrast ratio of a `#RRGGBB` colour against white. */
export function contrastWithWhite(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (luminance + 0.05);
}

/** The result of a review: the outcome, the version's denied reasons, and each denied field's reason. */
export interface ReviewResult {
  outcome: 'APPROVED' | 'DENIED';
  deniedReasons: RegistrationDeniedReasonInformation[];
  fieldReasons: Map<string, string>;
}

/**
 * The local review, deterministic: a version is DENIED when a text value carries the deny marker
 * (Reason: the marker's REASON, default `DENIED_BY_REQUEST`), or when a field the catalogue gives a
 * minimum contrast against white (the RCS accent colour, 4.5:1 as AWS documents) has less (Reason
 * ACCENT_COLOR_CONTRAST_INSUFFICIENT, or the field's DenyReason); APPROVED otherwise.
 */
export function reviewVersion(fields: ReadonlyMap<string, CatalogueField>, values: RegistrationFieldValueRecord[]): ReviewResult {
  const deniedReasons: RegistrationDeniedReasonInformation[] = [];
  const fieldReasons = new Map<string, string>();
  const deny = (path: string, reason: string, short: string) => {
    fieldReasons.set(path, short);
    if (!deniedReasons.some((d) => d.Reason === reason)) {
      deniedReasons.push({
        Reason: reason,
        ShortDescription: short,
        LongDescription: `The value of ${path} was not accepted. Change it in a new version and submit again.`,
      });
    }
  };
  for (const value of values) {
    if (value.textValue === undefined) continue;
    const marker = DENY_MARKER.exec(value.textValue);
    if (marker) deny(value.fieldPath, marker[1]?.toUpperCase() ?? 'DENIED_BY_REQUEST', `${value.fieldPath} asks for denial`);
    const field = fields.get(value.fieldPath);
    if (
      field?.MinContrastWithWhite !== undefined &&
      /^#[0-9A-Fa-f]{6}$/.test(value.textValue) &&
      contrastWithWhite(value.textValue) < field.MinContrastWithWhite
    ) {
      deny(
        value.fieldPath,
        field.DenyReason ?? 'ACCENT_COLOR_CONTRAST_INSUFFICIENT',
        `${value.fieldPath} has a contrast below ${field.MinContrastWithWhite}:1 against white`,
      );
    }
  }
  return { outcome: deniedReasons.length ? 'DENIED' : 'APPROVED', deniedReasons, fieldReasons };
}
