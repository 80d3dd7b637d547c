// CarrierLookup: deterministic, from libphonenumber's metadata (src/domain/carrier-lookup.ts); no state.
import { ValidationException } from '../generated/errors.js';
import { lookUpNumber } from '../domain/carrier-lookup.js';
import type { HandlerTable } from './types.js';

export const carrierLookupHandlers: HandlerTable = {
  CarrierLookup: {
    mode: 'read',
    async handle(input) {
      const result = lookUpNumber(input.PhoneNumber);
      if (!result) {
        const message = `${input.PhoneNumber} cannot be a phone number: without spaces, brackets, hyphens, dots and commas it must be + and 2 to 15 digits`;
        throw new ValidationException({ message, Reason: 'INVALID_PARAMETER', Fields: [{ Name: 'PhoneNumber', Message: message }] });
      }
      return result;
    },
  },
};
