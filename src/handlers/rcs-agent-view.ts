// An RCS agent as readers see it now: its testing agent and country launches, read from the
// registrations associated with it, and the status they give it. Shared by the RCS agent family and
// the send path (which countries an agent can reach). Rules: ../domain/rcs-agents.ts.
import type { RcsAgentStatus, TestingAgentStatus } from '../generated/types.js';
import { agentStatus, countryLaunchAt, stageAt, testingAgentStatus, type CountryLaunch, type RcsAgentRecord } from '../domain/rcs-agents.js';
import { registrations } from './resource-types.js';
import { settings } from './origination-shared.js';
import { typeOf } from './registration-shared.js';
import type { HandlerContext } from './types.js';

/** One country launch of an agent, with the registration that drives it. */
export interface AgentCountryLaunch extends CountryLaunch {
  isoCountryCode: string;
  registrationId: string;
}

/** What an agent's registrations make of it at the time of the request. */
export interface AgentView {
  status: RcsAgentStatus;
  testingAgent?: { registrationId: string; status: TestingAgentStatus };
  launches: AgentCountryLaunch[];
}

/**
 * Reads the agent's registrations and derives its view: the testing agent (from the registration
 * without a country) and one launch per country, in association order. A registration that no
 * longer exists is skipped. Carriers come from the launch type's `RcsCarriers`; the carriers after
 * the first are ACTIVE one REGISTRATION_REVIEW_MS after approval.
 */
export async function agentViewAt(ctx: HandlerContext, agent: RcsAgentRecord): Promise<AgentView> {
  const now = ctx.clock.now();
  let testingAgent: AgentView['testingAgent'];
  const launches: AgentCountryLaunch[] = [];
  for (const a of agent.registrations) {
    const row = await registrations.get(ctx, a.registrationId);
    if (!row) continue;
    const stage = stageAt(row.doc, now);
    if (a.isoCountryCode === undefined) testingAgent = { registrationId: a.registrationId, status: testingAgentStatus(stage) };
    else {
      const carriers = typeOf(row.doc).type.RcsCarriers ?? [];
      launches.push({ isoCountryCode: a.isoCountryCode, registrationId: a.registrationId, ...countryLaunchAt(stage, carriers, now, settings(ctx).reviewMs) });
    }
  }
  return {
    status: agentStatus(
      testingAgent?.status,
      launches.map((l) => l.status),
    ),
    ...(testingAgent && { testingAgent }),
    launches,
  };
}

/**
 * The destination countries the agent can send to now: every country while its testing agent is
 * ACTIVE (test devices are not checked), else the countries whose launch is PARTIAL or ACTIVE.
 */
export function reachableCountries(view: AgentView): readonly string[] | 'ALL' {
  if (view.testingAgent?.status === 'ACTIVE') return 'ALL';
  return view.launches.filter((l) => l.status === 'ACTIVE' || l.status === 'PARTIAL').map((l) => l.isoCountryCode);
}
