import { operations } from '../generated/model.js';
import type { OperationName } from '../generated/types.js';
import { configurationSetHandlers } from './configuration-sets.js';
import { eventDestinationHandlers } from './event-destinations.js';
import { messageHandlers } from './messages.js';
import { notImplementedOperations } from './not-implemented.js';
import { tagHandlers } from './tags.js';
import { phoneNumberHandlers } from './phone-numbers.js';
import { poolHandlers } from './pools.js';
import { senderIdHandlers } from './sender-ids.js';
import { accountHandlers } from './account.js';
import { optOutListHandlers } from './opt-out-lists.js';
import { keywordHandlers } from './keywords.js';
import { spendLimitHandlers } from './spend-limits.js';
import { registrationHandlers } from './registrations.js';
import { registrationDefinitionHandlers } from './registration-definitions.js';
import { registrationFieldHandlers } from './registration-fields.js';
import { registrationAttachmentHandlers } from './registration-attachments.js';
import { registrationAssociationHandlers } from './registration-associations.js';
import { verifiedDestinationNumberHandlers } from './verified-destination-numbers.js';
import { resourcePolicyHandlers } from './resource-policies.js';
import { carrierLookupHandlers } from './carrier-lookup.js';
import { protectConfigurationHandlers } from './protect-configurations.js';
import { protectRuleHandlers } from './protect-rules.js';
import { rcsAgentHandlers } from './rcs-agents.js';
import { notifyHandlers } from './notify.js';
import type { HandlerTable } from './types.js';

export function buildHandlerTable(): HandlerTable {
  const families: HandlerTable[] = [
    configurationSetHandlers,
    eventDestinationHandlers,
    messageHandlers,
    tagHandlers,
    phoneNumberHandlers,
    poolHandlers,
    senderIdHandlers,
    accountHandlers,
    optOutListHandlers,
    keywordHandlers,
    spendLimitHandlers,
    registrationHandlers,
    registrationDefinitionHandlers,
    registrationFieldHandlers,
    registrationAttachmentHandlers,
    registrationAssociationHandlers,
    verifiedDestinationNumberHandlers,
    resourcePolicyHandlers,
    carrierLookupHandlers,
    protectConfigurationHandlers,
    protectRuleHandlers,
    rcsAgentHandlers,
    notifyHandlers,
  ];
  const table: HandlerTable = {};
  for (const family of families) {
    for (const name of Object.keys(family) as OperationName[]) {
      if (table[name]) throw new Error(`operation ${name} is handled twice`);
      (table as Record<string, unknown>)[name] = family[name];
    }
  }
  checkCoverage(table);
  return table;
}

/** Every operation in the model is either handled or explicitly not implemented, never both. */
export function checkCoverage(table: HandlerTable): void {
  const notImplemented = new Set<string>(notImplementedOperations);
  const problems: string[] = [];
  for (const name of Object.keys(operations)) {
    const handled = Object.hasOwn(table, name);
    if (handled && notImplemented.has(name)) problems.push(`${name} is handled and also listed as not implemented`);
    if (!handled && !notImplemented.has(name)) problems.push(`${name} is neither handled nor listed as not implemented`);
  }
  for (const name of notImplemented) if (!Object.hasOwn(operations, name)) problems.push(`${name} is not in the model`);
  if (problems.length) throw new Error(`operation table is incomplete:\n${problems.join('\n')}`);
}
