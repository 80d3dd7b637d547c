// The generic Describe*/List* machinery, driven by the model: the ID-or-ARN list (0-5, each must
// exist), Owner (exclusive with the list; SHARED finds nothing, as sharing does not exist locally),
// Filters (names from the model's enum, checked by the validator; values checked here; AND across
// filters, OR across a filter's values), MaxResults and an opaque NextToken holding the keyset
// position (parent, id) of the last row returned. A family only says how each filter reads a record.
import { ValidationException } from '../generated/errors.js';
import { shapes } from '../generated/model.js';
import type { ListShape, NumberShape, StringShape } from '../protocol/model-types.js';
import { decodeNextToken, encodeNextToken } from '../domain/pagination.js';
import type { Repository, Stored } from './resource-layer.js';
import type { HandlerContext } from './types.js';

/** The model's upper bound for a number or list shape; a model without one fails at start-up, not on a request. */
export function maxOf(shapeName: string): number {
  const { max } = shapes[shapeName] as NumberShape | ListShape;
  if (max === undefined) throw new Error(`the service model gives ${shapeName} no max`);
  return max;
}

/** A page holds at most the model's MaxResults maximum, which is also the default. */
export const MAX_PAGE = maxOf('MaxResults');
/** Rows read per storage call while filtering, so one request costs a bounded number of reads per page. */
const SCAN_BATCH = 200;

/** The values of a model enum shape. */
export const enumOf = (shapeName: string): readonly string[] => (shapes[shapeName] as StringShape).enum ?? [];
export const BOOLEAN_VALUES: readonly string[] = ['true', 'false'];

/**
 * How one filter name reads a record: the record's value(s), and the values the filter may take
 * (any when absent). A filter that is not an equality (a prefix, a time bound) gives `matches`
 * instead of `read`, and `accepts` for the values it can take.
 */
export type FilterField<D> =
  | { read(doc: D, now: number): string | boolean | readonly string[] | undefined; values?: readonly string[] }
  | { matches(doc: D, value: string, now: number): boolean; accepts(value: string): boolean };

/** What a family declares for one Describe/List operation. */
export interface DescribeSpec<D, N extends string> {
  repository: Repository<D>;
  filters: Record<N, FilterField<D>>;
  /** False for rows that no longer exist for readers (a released number past its retention). */
  visible?(doc: D, now: number): boolean;
  /** Resolves one entry of the ID list, throwing ResourceNotFoundException when it names nothing visible. */
  resolve?(ctx: HandlerContext, idOrArn: string): Promise<Stored<D>>;
}

/** The generic members of a Describe/List request. */
export interface DescribeRequest<N extends string> {
  ids?: string[];
  /** The member name of the ID list, for the error naming it. */
  idsMember?: string;
  owner?: string;
  filters?: { Name: N; Values: string[] }[];
  maxResults?: number;
  nextToken?: string;
  /** Only children of this parent (a pool's members). */
  parent?: string;
}

interface Position {
  parent: string;
  id: string;
}

/**
 * The key position in a NextToken, which also names the resource type it pages (and the parent,
 * for a parent's children): a token of another operation, or of another pool's members, is
 * INVALID_NEXT_TOKEN rather than a page of something else.
 */
function decodePosition(token: string, type: string, parent: string | undefined): Position {
  const inner = decodeNextToken(type, token);
  try {
    const [tokenType, rowParent, id] = JSON.parse(inner) as unknown[];
    if (tokenType === type && typeof rowParent === 'string' && typeof id === 'string' && (parent === undefined || rowParent === parent)) {
      return { parent: rowParent, id };
    }
  } catch {
    // fall through
  }
  throw new ValidationException({ message: 'The NextToken is not valid', Reason: 'INVALID_NEXT_TOKEN' });
}

const encodePosition = (row: Stored<unknown>): string => encodeNextToken(row.type, JSON.stringify([row.type, row.parent, row.id]));
const isAfter = (row: Stored<unknown>, p: Position) => row.parent > p.parent || (row.parent === p.parent && row.id > p.id);

/** Rejects filter values that can never match, as ValidationException with Reason INVALID_FILTER_VALUES. */
export function checkFilterValues<D, N extends string>(fields: Record<N, FilterField<D>>, filters: { Name: N; Values: string[] }[]): void {
  const failures = filters.flatMap((filter, i) => {
    const field = fields[filter.Name];
    const bad =
      'accepts' in field ? filter.Values.filter((v) => !field.accepts(v)) : field.values ? filter.Values.filter((v) => !field.values?.includes(v)) : [];
    return bad.length ? [{ Name: `Filters[${i}].Values`, Message: `Invalid values for ${filter.Name}: ${bad.join(', ')}` }] : [];
  });
  if (failures.length) {
    throw new ValidationException({
      message: `Invalid filter values: ${failures.map((f) => f.Message).join('; ')}`,
      Reason: 'INVALID_FILTER_VALUES',
      Fields: failures,
    });
  }
}

/** True when the record passes every filter (AND), each by any of its values (OR). */
export function matchesFilters<D, N extends string>(fields: Record<N, FilterField<D>>, filters: { Name: N; Values: string[] }[], doc: D, now: number): boolean {
  return filters.every((filter) => {
    const field = fields[filter.Name];
    if ('matches' in field) return filter.Values.some((v) => field.matches(doc, v, now));
    const value = field.read(doc, now);
    const values = value === undefined ? [] : Array.isArray(value) ? value : [String(value)];
    return values.some((v) => filter.Values.includes(v));
  });
}

/**
 * One page of a Describe/List operation: the rows (in (parent, id) order) and the NextToken for the
 * next page, if more rows may follow. Throws ValidationException (PARAMETERS_CANNOT_BE_USED_TOGETHER,
 * INVALID_FILTER_VALUES, INVALID_NEXT_TOKEN) and ResourceNotFoundException for an unknown listed ID.
 */
export async function describePage<D, N extends string>(
  ctx: HandlerContext,
  spec: DescribeSpec<D, N>,
  request: DescribeRequest<N>,
): Promise<{ rows: Stored<D>[]; nextToken?: string }> {
  const filters = request.filters ?? [];
  if (request.owner !== undefined && request.ids?.length) {
    throw new ValidationException({
      message: `Owner cannot be combined with ${request.idsMember ?? 'an ID list'}`,
      Reason: 'PARAMETERS_CANNOT_BE_USED_TOGETHER',
      Fields: [{ Name: 'Owner', Message: `Cannot be used together with ${request.idsMember ?? 'the ID list'}` }],
    });
  }
  checkFilterValues(spec.filters, filters);
  const storedType = spec.repository.declaration.storedAs ?? spec.repository.declaration.type;
  const after = request.nextToken === undefined ? undefined : decodePosition(request.nextToken, storedType, request.parent);
  const want = request.maxResults ?? MAX_PAGE;
  const now = ctx.clock.now();
  const visible = (row: Stored<D>) => spec.visible?.(row.doc, now) ?? true;
  const passes = (row: Stored<D>) => visible(row) && matchesFilters(spec.filters, filters, row.doc, now);
  if (request.owner === 'SHARED') return { rows: [] };

  if (request.ids?.length) {
    const resolve = spec.resolve ?? ((c: HandlerContext, idOrArn: string) => spec.repository.require(c, idOrArn, request.parent));
    const named: Stored<D>[] = [];
    for (const idOrArn of request.ids) named.push(await resolve(ctx, idOrArn));
    const rows = [...new Map(named.map((r) => [`${r.parent}\u0000${r.id}`, r])).values()]
      .filter((r) => (after === undefined || isAfter(r, after)) && passes(r))
      .sort((a, b) => (isAfter(a, b) ? 1 : -1));
    const page = rows.slice(0, want);
    return { rows: page, ...(rows.length > want && { nextToken: encodePosition(page[page.length - 1]) }) };
  }

  const found: Stored<D>[] = [];
  let cursor = after;
  const batch = filters.length || spec.visible ? Math.max(want + 1, SCAN_BATCH) : want + 1;
  for (;;) {
    const rows = await spec.repository.list(ctx, { parent: request.parent, after: cursor, limit: batch });
    for (const row of rows) {
      if (!passes(row)) continue;
      if (found.length === want) return { rows: found, nextToken: encodePosition(found[want - 1]) };
      found.push(row);
    }
    if (rows.length < batch) return { rows: found };
    cursor = { parent: rows[rows.length - 1].parent, id: rows[rows.length - 1].id };
  }
}

/**
 * One page of a list held in memory (catalogue entries, a version's field values), in the order
 * given, which must be sorted by `keyOf`. The NextToken holds the last key returned, bound to
 * `list` (the operation's name, and the parent whose children it pages).
 * @throws ValidationException INVALID_NEXT_TOKEN for a token this list did not give
 */
export function pageOfList<T>(
  list: string,
  items: readonly T[],
  keyOf: (item: T) => string,
  maxResults: number | undefined,
  nextToken: string | undefined,
): { items: T[]; nextToken?: string } {
  const after = nextToken === undefined ? undefined : decodeNextToken(list, nextToken);
  const rest = after === undefined ? items : items.filter((item) => keyOf(item) > after);
  const want = maxResults ?? MAX_PAGE;
  const page = rest.slice(0, want);
  return { items: page, ...(rest.length > want && { nextToken: encodeNextToken(list, keyOf(page[page.length - 1])) }) };
}
