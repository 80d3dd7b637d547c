// Operations the model defines that sms-voice-local does not implement: none, since every one of
// the 106 has its behaviour. The list stays as the guard for a newer model: an operation listed
// here is still validated, then answered NotImplementedException naming it, and start-up fails if
// an operation is neither handled nor listed.
import type { OperationName } from '../generated/types.js';

export const notImplementedOperations: readonly OperationName[] = [];
