// The Notify catalogue: code-verification templates and countries, data in catalogues/notify.json
// (whose header says what AWS documents and what is a best reading), loaded and checked once at
// start-up. Facts: ../shared/notes/aws-behavior-rest-of-api.md section 12.3.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NotifyCountryInformation, NotifyTemplateInformation } from '../generated/types.js';

/** A template as stored in the catalogue: the wire shape, with its creation time as an ISO 8601 string. */
export interface CatalogueTemplate extends Omit<NotifyTemplateInformation, 'CreatedTimestamp'> {
  CreatedTimestamp: string;
}

/** A country as stored in the catalogue: the wire shape, plus the AWS-managed identity sends go out from. */
export interface CatalogueCountry extends NotifyCountryInformation {
  /** E.164 number or sender ID; absent where a customer-owned identity is required. */
  ManagedOriginationIdentity?: string;
}

export interface NotifyCatalogue {
  templates: ReadonlyMap<string, CatalogueTemplate>;
  countries: ReadonlyMap<string, CatalogueCountry>;
  /** Lower-case words a display name may not contain. */
  blockedDisplayNameWords: readonly string[];
}

const CATALOGUE_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'catalogues', 'notify.json');

/** Placeholders in a template's content: `{{name}}`. */
export const PLACEHOLDER = /\{\{([A-Za-z0-9_]+)\}\}/g;

/**
 * Checks the catalogue: unique ids and countries, every placeholder a declared variable, every
 * pattern compiles, every supported country listed, and every country an identity unless it
 * requires the customer's own.
 * @throws Error naming the first problem
 */
export function checkNotifyCatalogue(templates: CatalogueTemplate[], countries: CatalogueCountry[]): void {
  const problem = (message: string) => {
    throw new Error(`notify catalogue: ${message}`);
  };
  const isos = new Set(countries.map((c) => c.IsoCountryCode));
  if (isos.size !== countries.length) problem('a country is listed twice');
  for (const c of countries) {
    if (!c.CustomerOwnedIdentityRequired && c.ManagedOriginationIdentity === undefined) problem(`${c.IsoCountryCode} has no ManagedOriginationIdentity`);
  }
  const ids = new Set<string>();
  for (const t of templates) {
    if (ids.has(t.TemplateId)) problem(`${t.TemplateId} is listed twice`);
    ids.add(t.TemplateId);
    if (Number.isNaN(Date.parse(t.CreatedTimestamp))) problem(`${t.TemplateId} has no valid CreatedTimestamp`);
    for (const [, name] of (t.Content ?? '').matchAll(PLACEHOLDER)) if (!t.Variables?.[name]) problem(`${t.TemplateId} uses the undeclared variable ${name}`);
    for (const v of Object.values(t.Variables ?? {})) if (v.Pattern !== undefined) new RegExp(v.Pattern);
    for (const iso of t.SupportedCountries ?? []) if (!isos.has(iso)) problem(`${t.TemplateId} supports the unlisted country ${iso}`);
  }
}

function load(): NotifyCatalogue {
  const data = JSON.parse(readFileSync(CATALOGUE_PATH, 'utf8')) as {
    Templates: CatalogueTemplate[];
    Countries: CatalogueCountry[];
    BlockedDisplayNameWords: string[];
  };
  checkNotifyCatalogue(data.Templates, data.Countries);
  return {
    templates: new Map(data.Templates.map((t) => [t.TemplateId, t])),
    countries: new Map(data.Countries.map((c) => [c.IsoCountryCode, c])),
    blockedDisplayNameWords: data.BlockedDisplayNameWords.map((w) => w.toLowerCase()),
  };
}

let loaded: NotifyCatalogue | undefined;
/**
 * The catalogue, loaded and checked on first use, not at start-up.
 * @throws Error when the catalogue file is malformed.
 */
export function notifyCatalogue(): NotifyCatalogue {
  loaded ??= load();
  return loaded;
}

/** The wire form of a template: CreatedTimestamp in epoch seconds. */
export function toTemplateInformation(t: CatalogueTemplate): NotifyTemplateInformation {
  return { ...t, CreatedTimestamp: Date.parse(t.CreatedTimestamp) / 1000 };
}

/** The wire form of a country (without the catalogue's own ManagedOriginationIdentity). */
export function toCountryInformation(c: CatalogueCountry): NotifyCountryInformation {
  const { ManagedOriginationIdentity: _m, ...wire } = c;
  return wire;
}
