// Operations the model defines that sms-voice-local does not implement yet. Their input is still
// validated against the model; a valid request then gets NotImplementedException naming the
// operation. Start-up fails if an operation is neither handled nor listed here.
import type { OperationName } from '../generated/types.js';

export const notImplementedOperations: readonly OperationName[] = [
  'CreateNotifyConfiguration',
  'CreateRcsAgent',
  'DeleteNotifyConfiguration',
  'DeleteRcsAgent',
  'DescribeNotifyConfigurations',
  'DescribeNotifyTemplates',
  'DescribeRcsAgentCountryLaunchStatus',
  'DescribeRcsAgents',
  'ListNotifyCountries',
  'SendNotifyTextMessage',
  'SendNotifyVoiceMessage',
  'UpdateNotifyConfiguration',
  'UpdateRcsAgent',
];
