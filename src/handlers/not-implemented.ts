// Operations the model defines that sms-voice-local does not implement yet. Their input is still
// validated against the model; a valid request then gets NotImplementedException naming the
// operation. Start-up fails if an operation is neither handled nor listed here.
import type { OperationName } from '../generated/types.js';

export const notImplementedOperations: readonly OperationName[] = [
  'AssociateProtectConfiguration',
  'CreateNotifyConfiguration',
  'CreateProtectConfiguration',
  'CreateRcsAgent',
  'DeleteAccountDefaultProtectConfiguration',
  'DeleteNotifyConfiguration',
  'DeleteProtectConfiguration',
  'DeleteProtectConfigurationRuleSetNumberOverride',
  'DeleteRcsAgent',
  'DescribeNotifyConfigurations',
  'DescribeNotifyTemplates',
  'DescribeProtectConfigurations',
  'DescribeRcsAgentCountryLaunchStatus',
  'DescribeRcsAgents',
  'DisassociateProtectConfiguration',
  'GetProtectConfigurationCountryRuleSet',
  'ListNotifyCountries',
  'ListProtectConfigurationRuleSetNumberOverrides',
  'PutProtectConfigurationRuleSetNumberOverride',
  'SendNotifyTextMessage',
  'SendNotifyVoiceMessage',
  'SetAccountDefaultProtectConfiguration',
  'UpdateNotifyConfiguration',
  'UpdateProtectConfiguration',
  'UpdateProtectConfigurationCountryRuleSet',
  'UpdateRcsAgent',
];
