// RCS agents: the record, and the pure rules that derive an agent's status, its testing agent and
// its country launches from the registrations associated with it. Nothing runs on a timer: every
// status is read at a time from the registrations' stored review due times.
// Facts: ../shared/notes/aws-behavior-rest-of-api.md section 12.2 (and 11 for registrations); the
// choices where AWS is silent are in the README's "Differences from AWS".
import type { CarrierStatus, CountryLaunchStatus, RcsAgentStatus, TestingAgentStatus } from '../generated/types.js';
import { approvalTime, registrationViewAt, UNDER_REVIEW, versionStatusAt, type RegistrationRecord } from './registrations.js';

/** A registration associated with an agent: the testing registration, or one country's launch. */
export interface AgentRegistration {
  registrationId: string;
  /** The launch country; absent for the testing registration (TEST_RCS_LAUNCH_REGISTRATION). */
  isoCountryCode?: string;
}

/** An RCS agent (resource type `rcs-agent`, id `rcs-` + 32 hex [RCS-S]). Times are epoch ms. */
export interface RcsAgentRecord {
  rcsAgentId: string;
  deletionProtectionEnabled: boolean;
  optOutListName: string;
  selfManagedOptOutsEnabled: boolean;
  twoWayEnabled: boolean;
  twoWayChannelArn?: string;
  twoWayChannelRole?: string;
  /** The pool the agent belongs to (at most one, like a phone number). */
  poolId?: string;
  /** Registrations associated with the agent, in association order. */
  registrations: AgentRegistration[];
  createdTimestamp: number;
}

/** Where one registration stands at a time: not submitted, under review, approved (since when) or denied. */
export type RegistrationStage = { stage: 'DRAFT' } | { stage: 'REVIEW' } | { stage: 'APPROVED'; since: number } | { stage: 'DENIED' };

/** The stage of a registration at `now`: an approved version counts from its approval, even while a newer version is reviewed. */
export function stageAt(r: RegistrationRecord, now: number): RegistrationStage {
  const view = registrationViewAt(r, now);
  if (view.approvedVersionNumber !== undefined) return { stage: 'APPROVED', since: approvalTime(r) ?? r.createdTimestamp };
  const version = versionStatusAt(r.current, now);
  if (version === 'DENIED' || view.status === 'REQUIRES_UPDATES') return { stage: 'DENIED' };
  if (UNDER_REVIEW.includes(version)) return { stage: 'REVIEW' };
  return { stage: 'DRAFT' };
}

/** The testing agent's status: CREATED until submitted (or after a denial), PENDING under review, ACTIVE once approved. */
export function testingAgentStatus(stage: RegistrationStage): TestingAgentStatus {
  if (stage.stage === 'APPROVED') return 'ACTIVE';
  return stage.stage === 'REVIEW' ? 'PENDING' : 'CREATED';
}

/** One country's launch as DescribeRcsAgentCountryLaunchStatus shows it. */
export interface CountryLaunch {
  status: CountryLaunchStatus;
  carriers: { CarrierName: string; Status: CarrierStatus }[];
}

/**
 * A country launch at `now`, carrier by carrier [UG-RCS rcs-country-launch]: every carrier PENDING
 * until the registration is approved (CREATED before submission), REJECTED when it is denied; on
 * approval the first carrier is ACTIVE (PARTIAL when there are more), and the others follow
 * `carrierRolloutMs` later (ACTIVE).
 */
export function countryLaunchAt(stage: RegistrationStage, carriers: readonly string[], now: number, carrierRolloutMs: number): CountryLaunch {
  const all = (Status: CarrierStatus) => carriers.map((CarrierName) => ({ CarrierName, Status }));
  if (stage.stage === 'DRAFT') return { status: 'CREATED', carriers: all('PENDING') };
  if (stage.stage === 'REVIEW') return { status: 'PENDING', carriers: all('PENDING') };
  if (stage.stage === 'DENIED') return { status: 'REJECTED', carriers: all('REJECTED') };
  if (now >= stage.since + carrierRolloutMs || carriers.length <= 1) return { status: 'ACTIVE', carriers: all('ACTIVE') };
  return { status: 'PARTIAL', carriers: carriers.map((CarrierName, i) => ({ CarrierName, Status: i === 0 ? 'ACTIVE' : 'PENDING' })) };
}

/**
 * The agent's status from its testing agent and country launches: ACTIVE when a country launch is
 * ACTIVE, else PARTIAL when one is PARTIAL, else TESTING when the testing agent is ACTIVE, else
 * PENDING while a registration is under review, else CREATED.
 */
export function agentStatus(testing: TestingAgentStatus | undefined, launches: readonly CountryLaunchStatus[]): RcsAgentStatus {
  if (launches.includes('ACTIVE')) return 'ACTIVE';
  if (launches.includes('PARTIAL')) return 'PARTIAL';
  if (testing === 'ACTIVE') return 'TESTING';
  if (testing === 'PENDING' || launches.includes('PENDING')) return 'PENDING';
  return 'CREATED';
}

/** The statuses in which an agent can send: it has an ACTIVE testing agent or an active country launch. */
export const SENDING_AGENT_STATUSES: ReadonlySet<RcsAgentStatus> = new Set(['TESTING', 'PARTIAL', 'ACTIVE']);
