// DescribeRegistrationTypeDefinitions, DescribeRegistrationSectionDefinitions,
// DescribeRegistrationFieldDefinitions: read-only views of the catalogue (catalogues/registrations.json),
// in its order. These operations cannot raise ResourceNotFoundException [M], so unknown types,
// sections and fields are ValidationException UNKNOWN_REGISTRATION_TYPE / _SECTION / _FIELD.
import { ValidationException } from '../generated/errors.js';
import type { RegistrationTypeFilterName } from '../generated/types.js';
import { registrationCatalogue, toFieldDefinition, toSectionDefinition, toTypeDefinition, type CatalogueType } from '../domain/registration-catalogue.js';
import { checkFilterValues, matchesFilters, pageOfList, type FilterField } from './describe.js';
import { requireRegistrationType } from './registration-shared.js';
import type { HandlerTable } from './types.js';

/** Catalogue entries keyed by position, so pages follow the catalogue's order. */
const byPosition = <T>(items: readonly T[]) => items.map((item, i) => ({ key: String(i).padStart(6, '0'), item }));

function unknown(reason: 'UNKNOWN_REGISTRATION_SECTION' | 'UNKNOWN_REGISTRATION_FIELD', member: string, values: string[], type: string): ValidationException {
  const what = reason === 'UNKNOWN_REGISTRATION_SECTION' ? 'section' : 'field';
  return new ValidationException({
    message: `${type} has no ${what} ${values.join(', ')}`,
    Reason: reason,
    Fields: values.map((v) => ({ Name: member, Message: `Unknown ${what} ${v}` })),
  });
}

const typeFilters: Record<RegistrationTypeFilterName, FilterField<CatalogueType>> = {
  'supported-association-resource-type': { read: (t) => t.SupportedAssociations.map((a) => a.ResourceType) },
  'supported-association-iso-country-code': { read: (t) => t.SupportedAssociations.flatMap((a) => (a.IsoCountryCode ? [a.IsoCountryCode] : [])) },
};

export const registrationDefinitionHandlers: HandlerTable = {
  DescribeRegistrationTypeDefinitions: {
    mode: 'read',
    async handle(input) {
      const named = input.RegistrationTypes ?? [];
      for (const t of named) requireRegistrationType(t, 'RegistrationTypes');
      const filters = input.Filters ?? [];
      checkFilterValues(typeFilters, filters);
      const types = [...registrationCatalogue().values()]
        .map((e) => e.type)
        .filter((t) => (named.length === 0 || named.includes(t.RegistrationType)) && matchesFilters(typeFilters, filters, t, 0));
      const page = pageOfList('DescribeRegistrationTypeDefinitions', byPosition(types), (e) => e.key, input.MaxResults, input.NextToken);
      return { RegistrationTypeDefinitions: page.items.map((e) => toTypeDefinition(e.item)), ...(page.nextToken && { NextToken: page.nextToken }) };
    },
  },

  DescribeRegistrationSectionDefinitions: {
    mode: 'read',
    async handle(input) {
      const { type } = requireRegistrationType(input.RegistrationType);
      const named = input.SectionPaths ?? [];
      const missing = named.filter((p) => !type.Sections.some((s) => s.SectionPath === p));
      if (missing.length) throw unknown('UNKNOWN_REGISTRATION_SECTION', 'SectionPaths', missing, type.RegistrationType);
      const sections = type.Sections.filter((s) => named.length === 0 || named.includes(s.SectionPath));
      const page = pageOfList(
        `DescribeRegistrationSectionDefinitions/${type.RegistrationType}`,
        byPosition(sections),
        (e) => e.key,
        input.MaxResults,
        input.NextToken,
      );
      return {
        RegistrationType: type.RegistrationType,
        RegistrationSectionDefinitions: page.items.map((e) => toSectionDefinition(e.item)),
        ...(page.nextToken && { NextToken: page.nextToken }),
      };
    },
  },

  DescribeRegistrationFieldDefinitions: {
    mode: 'read',
    async handle(input) {
      const { type, fields } = requireRegistrationType(input.RegistrationType);
      if (input.SectionPath !== undefined && !type.Sections.some((s) => s.SectionPath === input.SectionPath)) {
        throw unknown('UNKNOWN_REGISTRATION_SECTION', 'SectionPath', [input.SectionPath], type.RegistrationType);
      }
      const named = input.FieldPaths ?? [];
      const missing = named.filter((p) => !fields.has(p));
      if (missing.length) throw unknown('UNKNOWN_REGISTRATION_FIELD', 'FieldPaths', missing, type.RegistrationType);
      const chosen = [...fields.values()].filter(
        (f) => (input.SectionPath === undefined || f.SectionPath === input.SectionPath) && (named.length === 0 || named.includes(f.FieldPath)),
      );
      const page = pageOfList(
        `DescribeRegistrationFieldDefinitions/${type.RegistrationType}`,
        byPosition(chosen),
        (e) => e.key,
        input.MaxResults,
        input.NextToken,
      );
      return {
        RegistrationType: type.RegistrationType,
        RegistrationFieldDefinitions: page.items.map((e) => toFieldDefinition(e.item)),
        ...(page.nextToken && { NextToken: page.nextToken }),
      };
    },
  },
};

/** Thrown by the field value operations for a path the registration's type does not define. */
export const unknownField = (path: string, type: string): ValidationException => unknown('UNKNOWN_REGISTRATION_FIELD', 'FieldPath', [path], type);
