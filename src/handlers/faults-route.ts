// /_local/faults: deterministic delivery failures per event destination. POST adds a fault, GET
// lists the faults of an account and region, DELETE clears them. The faults themselves (and how
// the dispatcher applies them) are in events/faults.ts.
import type { Clock } from '../domain/clock.js';
import { ACCOUNT_ID_PATTERN, REGION_PATTERN } from '../domain/scope.js';
import type { Fault, FaultRegistry } from '../events/faults.js';
import { ResourceNotFoundException } from '../generated/errors.js';
import type { Scope, Store } from '../storage/store.js';
import { validateShape } from '../validation/validate.js';
import { TWO_WAY_CONFIGURATION_SET, TWO_WAY_DESTINATION } from './inbound.js';
import { readJsonBody, type BodyMember } from './local-body.js';
import { invalid, parseViewQuery } from './local-views.js';

export interface FaultDeps {
  faults: FaultRegistry;
  store: Store;
  clock: Clock;
}

const MAX_COUNT = 1000;
const MAX_SECONDS = 86_400;
const ERROR_CODE = /^[A-Za-z][A-Za-z0-9.]{0,63}$/;

const isInteger = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Each member of the POST body, with its check: the reason a value is refused, or undefined. */
const MEMBERS: Record<string, BodyMember> = {
  // Required for an event destination; two-way publications belong to no configuration set.
  configurationSet: {
    check: (v) => (typeof v === 'string' ? validateShape('ConfigurationSetName', v)[0]?.message : 'must be a configuration set name'),
  },
  destination: {
    required: true,
    check: (v) => (typeof v === 'string' ? validateShape('EventDestinationName', v)[0]?.message : 'must be an event destination name'),
  },
  error: { check: (v) => (typeof v === 'string' && ERROR_CODE.test(v) ? undefined : 'must be an AWS error code, e.g. ThrottlingException') },
  httpStatus: { check: (v) => (isInteger(v, 400, 599) ? undefined : 'must be an HTTP error status from 400 to 599') },
  hang: { check: (v) => (typeof v === 'boolean' ? undefined : 'must be true or false') },
  count: { check: (v) => (isInteger(v, 1, MAX_COUNT) ? undefined : `must be an integer from 1 to ${MAX_COUNT}`) },
  seconds: { check: (v) => (isInteger(v, 1, MAX_SECONDS) ? undefined : `must be an integer from 1 to ${MAX_SECONDS}`) },
  account: { check: (v) => (typeof v === 'string' && ACCOUNT_ID_PATTERN.test(v) ? undefined : 'must be a 12-digit account ID') },
  region: { check: (v) => (typeof v === 'string' && REGION_PATTERN.test(v) ? undefined : 'must be a region name') },
};

/** A fault as `/_local/faults` shows it. */
function toFaultView(f: Fault) {
  return {
    faultId: f.faultId,
    accountId: f.scope.accountId,
    region: f.scope.region,
    ...(f.configurationSetName !== TWO_WAY_CONFIGURATION_SET && { configurationSet: f.configurationSetName }),
    destination: f.destinationName,
    error: f.error,
    // A hang never answers: it has no HTTP status.
    ...(!f.hang && { httpStatus: f.httpStatus }),
    hang: f.hang,
    ...(f.count !== undefined && { count: f.count }),
    ...(f.seconds !== undefined && { seconds: f.seconds, until: f.until }),
    injected: f.injected,
    active: f.active,
    createdAt: f.createdAt,
  };
}

/**
 * `POST /_local/faults`: a JSON object with `configurationSet` and `destination` (an existing event
 * destination), or `destination` `two-way-channel` alone (two-way publications), exactly one of `count` (fail the next N deliveries, 1-1000)
 * or `seconds` (fail every delivery for T seconds, 1-86400), and optionally `error` (the AWS error
 * code, default `ServiceUnavailableException`), `httpStatus` (400-599, default 503 for the default
 * error, else 400), `hang` (no answer until EVENT_DELIVERY_TIMEOUT_MS, then `TimeoutError`),
 * `account` and `region` (default: the caller's). Answers the fault, with its `faultId`.
 * @throws SerializationException for a body that is not JSON; ValidationException naming the
 *   member at fault; ResourceNotFoundException for a configuration set or destination that does not exist
 */
export async function addFault(deps: FaultDeps, body: Buffer, callerScope: Scope) {
  const input = readJsonBody(body, MEMBERS, '{"configurationSet": "...", "destination": "...", "count": 2}');
  if ((input.count === undefined) === (input.seconds === undefined)) throw invalid('count', 'give exactly one of count (deliveries) or seconds');
  const scope = { accountId: (input.account as string) ?? callerScope.accountId, region: (input.region as string) ?? callerScope.region };
  const destinationName = input.destination as string;
  const twoWay = destinationName === TWO_WAY_DESTINATION;
  if (twoWay && input.configurationSet !== undefined) {
    throw invalid('configurationSet', `must be left out for ${TWO_WAY_DESTINATION}: two-way publications belong to no configuration set`);
  }
  if (!twoWay && input.configurationSet === undefined) throw invalid('configurationSet', 'is required for an event destination');
  // Two-way publications are recorded with no configuration set, and a fault matches them so.
  const configurationSetName = twoWay ? TWO_WAY_CONFIGURATION_SET : (input.configurationSet as string);
  if (input.hang === true && (input.error !== undefined || input.httpStatus !== undefined)) {
    throw invalid(input.error !== undefined ? 'error' : 'httpStatus', 'cannot be given with hang: a hang gets no answer and fails as TimeoutError');
  }
  if (!twoWay) {
    const [set, destinations] = await deps.store.read(
      async (tx) => [await tx.findConfigurationSet(scope, configurationSetName), await tx.listEventDestinations(scope, [configurationSetName])] as const,
    );
    if (!set) {
      throw new ResourceNotFoundException({
        message: `No configuration set ${configurationSetName} in account ${scope.accountId} in ${scope.region}`,
        ResourceType: 'configuration-set',
        ResourceId: configurationSetName,
      });
    }
    if (!destinations.some((d) => d.name === destinationName)) {
      throw new ResourceNotFoundException({
        message: `No event destination ${destinationName} in configuration set ${configurationSetName} of account ${scope.accountId} in ${scope.region}`,
        ResourceType: 'event-destination',
        ResourceId: destinationName,
      });
    }
  }
  const hang = input.hang === true;
  const error = (input.error as string | undefined) ?? (hang ? 'TimeoutError' : 'ServiceUnavailableException');
  const fault = deps.faults.add(
    {
      scope,
      configurationSetName,
      destinationName,
      error,
      httpStatus: (input.httpStatus as number | undefined) ?? (error === 'ServiceUnavailableException' ? 503 : 400),
      hang,
      ...(input.count !== undefined && { count: input.count as number }),
      ...(input.seconds !== undefined && { seconds: input.seconds as number }),
    },
    deps.clock.now(),
  );
  return toFaultView({ ...fault });
}

/** `GET /_local/faults`: the faults of `account`/`region` (default: the caller's), oldest first. */
export function listFaults(deps: FaultDeps, params: URLSearchParams, callerScope: Scope) {
  const query = parseViewQuery(params, ['account', 'region']);
  const scope = { accountId: query.accountId ?? callerScope.accountId, region: query.region ?? callerScope.region };
  return { faults: deps.faults.list(scope, deps.clock.now()).map(toFaultView) };
}

/**
 * `DELETE /_local/faults`: removes the faults of `account`/`region` (default: the caller's) that
 * match `faultId`, `configurationSet` and `destination` when given; answers `{"cleared": n}`.
 * @throws ValidationException for a parameter refused, or a body (the filters are query parameters:
 *   a body is never read as one, so it must not clear more than was meant)
 */
export function clearFaults(deps: FaultDeps, params: URLSearchParams, callerScope: Scope, body: Buffer) {
  if (body.length > 0) {
    throw invalid(
      'body',
      'DELETE takes query parameters, not a body: use ?faultId=, ?configurationSet=&destination=, or none to clear every fault of the scope',
    );
  }
  const query = parseViewQuery(params, ['account', 'region', 'faultId', 'configurationSet', 'destination']);
  const faultId = params.get('faultId');
  const scope = { accountId: query.accountId ?? callerScope.accountId, region: query.region ?? callerScope.region };
  const cleared = deps.faults.clear(scope, {
    ...(faultId !== null && { faultId }),
    ...(query.configurationSetName !== undefined && { configurationSetName: query.configurationSetName }),
    ...(query.destinationName !== undefined && { destinationName: query.destinationName }),
  });
  return { cleared };
}
