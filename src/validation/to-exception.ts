import { ValidationException } from '../generated/errors.js';
import type { FieldFailure } from './validate.js';

/** The one mapper from walker failures to the modelled ValidationException. */
export function toValidationException(failures: FieldFailure[]): ValidationException {
  const count = failures.length;
  const details = failures.map((f) => `Value at '${f.name}' failed to satisfy constraint: ${f.message}`).join('; ');
  return new ValidationException({
    message: `${count} validation error${count === 1 ? '' : 's'} detected: ${details}`,
    Reason: 'FIELD_VALIDATION_FAILED',
    Fields: failures.map((f) => ({ Name: f.name, Message: f.message })),
  });
}
