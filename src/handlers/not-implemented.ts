// Operations the model defines that sms-voice-local does not implement yet. Their input is still
// validated against the model; a valid request then gets NotImplementedException naming the
// operation. Start-up fails if an operation is neither handled nor listed here.
import type { OperationName } from '../generated/types.js';

export const notImplementedOperations: readonly OperationName[] = [
  'AssociateProtectConfiguration',
  'CarrierLookup',
  'CreateProtectConfiguration',
  'CreateVerifiedDestinationNumber',
  'DeleteAccountDefaultProtectConfiguration',
  'DeleteProtectConfiguration',
  'DeleteProtectConfigurationRuleSetNumberOverride',
  'DeleteResourcePolicy',
  'DeleteVerifiedDestinationNumber',
  'DescribeProtectConfigurations',
  'DescribeVerifiedDestinationNumbers',
  'DisassociateProtectConfiguration',
  'GetProtectConfigurationCountryRuleSet',
  'GetResourcePolicy',
  'ListProtectConfigurationRuleSetNumberOverrides',
  'PutMessageFeedback',
  'PutProtectConfigurationRuleSetNumberOverride',
  'PutResourcePolicy',
  'SendDestinationNumberVerificationCode',
  'SetAccountDefaultProtectConfiguration',
  'UpdateProtectConfiguration',
  'UpdateProtectConfigurationCountryRuleSet',
  'VerifyDestinationNumber',
];
