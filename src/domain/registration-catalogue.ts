// The catalogue of registration types, sections and fields: data in catalogues/registrations.json
// (which says, in its header, what AWS documents and what is a best reading), loaded and checked
// once at start-up. Pure lookups over it; the wire converters drop the catalogue's own keys
// (Source, Sections, Fields, RcsCarriers, AttachmentTypes, MinContrastWithWhite, DenyReason, and an
// association's RegistrationType and SenderIdFieldPath).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RegistrationFieldDefinition, RegistrationSectionDefinition, RegistrationTypeDefinition, SupportedAssociation } from '../generated/types.js';

/** The content types an attachment may have (the model's CreateRegistrationAttachment doc: PDF, JPEG, PNG). */
export const ATTACHMENT_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type AttachmentContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];

/** An association the type supports; `RegistrationType` narrows a REGISTRATION association to registrations of that type. */
export interface CatalogueAssociation extends SupportedAssociation {
  RegistrationType?: string;
  /** For an ASSOCIATE_ON_APPROVAL sender ID: the field whose value is the sender ID to create. */
  SenderIdFieldPath?: string;
}

export interface CatalogueField extends RegistrationFieldDefinition {
  Source: string;
  /** For ATTACHMENT fields: the content types accepted (default: every one in ATTACHMENT_CONTENT_TYPES). */
  AttachmentTypes?: AttachmentContentType[];
  /** For TEXT colour fields: the review denies a colour with less contrast against white than this ratio. */
  MinContrastWithWhite?: number;
  /** The denied reason for that rule. */
  DenyReason?: string;
}

export interface CatalogueSection {
  SectionPath: string;
  DisplayHints: RegistrationSectionDefinition['DisplayHints'];
  Fields: Omit<CatalogueField, 'SectionPath'>[];
}

export interface CatalogueType {
  RegistrationType: string;
  Source: string;
  DisplayHints: RegistrationTypeDefinition['DisplayHints'];
  SupportedAssociations: CatalogueAssociation[];
  Sections: CatalogueSection[];
  /** For an RCS country launch type: the carriers that approve the launch one by one, in order. */
  RcsCarriers?: string[];
}

/** One registration type with its fields indexed by path. */
export interface RegistrationTypeEntry {
  type: CatalogueType;
  fields: Map<string, CatalogueField>;
}

const CATALOGUE_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'catalogues', 'registrations.json');

/**
 * Checks the catalogue's internal consistency: each field sits in its section (`<section>.<name>`),
 * has the validation of its type, valid limits and a pattern that compiles, and appears once.
 * @throws Error naming the first problem
 */
export function checkCatalogue(types: CatalogueType[]): void {
  const problem = (message: string) => {
    throw new Error(`registration catalogue: ${message}`);
  };
  const seen = new Set<string>();
  for (const t of types) {
    if (seen.has(t.RegistrationType)) problem(`${t.RegistrationType} is listed twice`);
    seen.add(t.RegistrationType);
    const paths = new Set<string>();
    for (const section of t.Sections) {
      for (const f of section.Fields) {
        const where = `${t.RegistrationType} ${f.FieldPath}`;
        if (!f.FieldPath.startsWith(`${section.SectionPath}.`)) problem(`${where} is not in section ${section.SectionPath}`);
        if (paths.has(f.FieldPath)) problem(`${where} is listed twice`);
        paths.add(f.FieldPath);
        if (f.FieldType === 'TEXT') {
          const v = f.TextValidation;
          if (!v || v.MinLength < 0 || v.MaxLength < v.MinLength) problem(`${where} needs TextValidation with 0 <= MinLength <= MaxLength`);
          else new RegExp(v.Pattern); // throws on a pattern that does not compile
        }
        if (f.FieldType === 'SELECT') {
          const v = f.SelectValidation;
          if (!v || v.MinChoices < 0 || v.MaxChoices < v.MinChoices || v.Options.length === 0) problem(`${where} needs SelectValidation with options`);
        }
        if (f.AttachmentTypes?.some((c) => !(ATTACHMENT_CONTENT_TYPES as readonly string[]).includes(c))) problem(`${where} names an unknown attachment type`);
      }
    }
  }
}

function load(): Map<string, RegistrationTypeEntry> {
  const data = JSON.parse(readFileSync(CATALOGUE_PATH, 'utf8')) as { RegistrationTypes: CatalogueType[] };
  checkCatalogue(data.RegistrationTypes);
  return new Map(
    data.RegistrationTypes.map((type) => {
      const fields = new Map<string, CatalogueField>();
      for (const s of type.Sections) for (const f of s.Fields) fields.set(f.FieldPath, { ...f, SectionPath: s.SectionPath });
      return [type.RegistrationType, { type, fields }];
    }),
  );
}

let loaded: ReadonlyMap<string, RegistrationTypeEntry> | undefined;
/**
 * Every registration type, in the catalogue's order. Loaded and checked on first use, not at
 * start-up (it took 4 ms and 2 MB of resident memory there).
 * @throws Error when the catalogue file is malformed (checkCatalogue).
 */
export function registrationCatalogue(): ReadonlyMap<string, RegistrationTypeEntry> {
  loaded ??= load();
  return loaded;
}

/** The wire form of a type definition. */
export function toTypeDefinition(t: CatalogueType): RegistrationTypeDefinition {
  return {
    RegistrationType: t.RegistrationType,
    SupportedAssociations: t.SupportedAssociations.map(({ RegistrationType: _r, SenderIdFieldPath: _s, ...a }) => a),
    DisplayHints: t.DisplayHints,
  };
}

/** The wire form of a section definition. */
export const toSectionDefinition = (s: CatalogueSection): RegistrationSectionDefinition => ({ SectionPath: s.SectionPath, DisplayHints: s.DisplayHints });

/** The wire form of a field definition. */
export function toFieldDefinition(f: CatalogueField): RegistrationFieldDefinition {
  const { Source: _s, AttachmentTypes: _a, MinContrastWithWhite: _m, DenyReason: _d, ...wire } = f;
  return wire;
}
