// DescribeConfigurationSets filters: AND across filters, OR across a filter's values.
import { ValidationException } from '../generated/errors.js';
import { shapes } from '../generated/model.js';
import type { ConfigurationSetFilter, ConfigurationSetFilterName } from '../generated/types.js';
import type { ConfigurationSetRecord, EventDestinationRecord } from '../storage/store.js';
import type { StringShape } from '../protocol/model-types.js';

const enumOf = (shapeName: string): string[] => (shapes[shapeName] as StringShape).enum ?? [];

/** The values a filter may take, where the model bounds them; undefined where any value goes. */
const allowedValues: Partial<Record<ConfigurationSetFilterName, readonly string[]>> = {
  'matching-event-types': enumOf('EventType'),
  'default-message-type': enumOf('MessageType'),
  'default-message-feedback-enabled': ['true', 'false'],
};

/** Rejects filter values that can never match, as ValidationException with Reason INVALID_FILTER_VALUES. */
export function checkConfigurationSetFilters(filters: ConfigurationSetFilter[]): void {
  const fields = filters.flatMap((filter, i) => {
    const allowed = allowedValues[filter.Name];
    const bad = allowed ? filter.Values.filter((v) => !allowed.includes(v)) : [];
    return bad.length ? [{ Name: `Filters[${i}].Values`, Message: `Invalid values for ${filter.Name}: ${bad.join(', ')}` }] : [];
  });
  if (fields.length) {
    throw new ValidationException({
      message: `Invalid filter values: ${fields.map((f) => f.Message).join('; ')}`,
      Reason: 'INVALID_FILTER_VALUES',
      Fields: fields,
    });
  }
}

function filterMatches(filter: ConfigurationSetFilter, set: ConfigurationSetRecord, destinations: EventDestinationRecord[]): boolean {
  const values = filter.Values;
  const has = (value: string | undefined) => value !== undefined && values.includes(value);
  switch (filter.Name) {
    case 'event-destination-name':
      return destinations.some((d) => values.includes(d.name));
    case 'matching-event-types':
      return destinations.some((d) => d.matchingEventTypes.some((t) => values.includes(t)));
    case 'default-message-type':
      return has(set.defaultMessageType);
    case 'default-sender-id':
      return has(set.defaultSenderId);
    case 'default-message-feedback-enabled':
      return has(String(set.defaultMessageFeedbackEnabled ?? false));
    case 'protect-configuration-id':
      return has(set.protectConfigurationId);
  }
}

export function matchesConfigurationSetFilters(
  filters: ConfigurationSetFilter[],
  set: ConfigurationSetRecord,
  destinations: EventDestinationRecord[],
): boolean {
  return filters.every((filter) => filterMatches(filter, set, destinations));
}
