// The generic resource layer. A resource type is a declaration (its model ResourceType, id prefix,
// parent, unique name); `repository(declaration)` gives the typed operations every family needs,
// over the store's generic get/find/list/count/insert/update/delete. No family writes SQL.
import { ResourceNotFoundException } from '../generated/errors.js';
import type { ResourceType } from '../generated/types.js';
import { buildArn, isOwnArn, parseArn } from '../domain/arn.js';
import type { ResourcePage, ResourceRow } from '../storage/store.js';
import type { HandlerContext } from './types.js';

/** What a resource type declares; the rest comes from the layer. */
export interface ResourceDeclaration<D> {
  /** The model's ResourceType: the ARN's resource segment and the errors' ResourceType. */
  type: ResourceType;
  /** The store's type key, when two declarations share a model ResourceType (pool members); default `type`. */
  storedAs?: string;
  /** Prefix of generated ids (`phone-`): the prefix and 32 lowercase hex digits. None: ids are given (names). */
  idPrefix?: string;
  /** The record's second unique key within its parent (a phone number's E.164 value), if any. */
  nameOf?: (doc: D) => string;
  /** True when the type has a parent resource (an opted-out number's list, a keyword's number or pool). */
  hasParent?: boolean;
}

/** A stored resource: its keys, creation time (epoch ms) and record. */
export type Stored<D> = ResourceRow<D>;

/** The names of a record's numeric fields. */
export type NumericField<D> = { [K in keyof D]: D[K] extends number ? K : never }[keyof D] & string;

/** Typed access to one declared resource type. Methods take the handler's context for scope and transaction. */
export interface Repository<D> {
  readonly declaration: ResourceDeclaration<D>;
  /** A fresh id: the declared prefix and 32 lowercase hex digits (AWS's form, e.g. `phone-c8315deb...`). */
  newId(ctx: HandlerContext): string;
  /** The resource's ARN in the caller's account and region. */
  arn(ctx: HandlerContext, id: string): string;
  get(ctx: HandlerContext, id: string, parent?: string): Promise<Stored<D> | undefined>;
  findByName(ctx: HandlerContext, name: string, parent?: string): Promise<Stored<D> | undefined>;
  /**
   * The resource an ID-or-ARN member names: a plain value is the id; an ARN must be of this type in
   * the caller's account and region (shared resources are not supported, so another account's ARN
   * finds nothing).
   */
  find(ctx: HandlerContext, idOrArn: string, parent?: string): Promise<Stored<D> | undefined>;
  /** As `find`, but a missing resource is ResourceNotFoundException naming the type and the value given. */
  require(ctx: HandlerContext, idOrArn: string, parent?: string): Promise<Stored<D>>;
  /** A page in id order (keyset); with no parent given, every parent's rows in (parent, id) order. */
  list(ctx: HandlerContext, page: ResourcePage): Promise<Stored<D>[]>;
  count(ctx: HandlerContext, parent?: string): Promise<number>;
  /** Stores a new record; the caller has checked that the id (and name) are free. */
  insert(ctx: HandlerContext, id: string, doc: D, parent?: string): Promise<Stored<D>>;
  update(ctx: HandlerContext, row: Stored<D>, doc: D): Promise<Stored<D>>;
  /**
   * Adds `delta` to a numeric field of the record in one statement (StoreTx.addToResourceField) and
   * returns the new value, or undefined when there is no such record.
   */
  addTo(ctx: HandlerContext, id: string, field: NumericField<D>, delta: number, parent?: string): Promise<number | undefined>;
  delete(ctx: HandlerContext, id: string, parent?: string): Promise<void>;
  /** Deletes every child of `parent` of this type. */
  deleteAllOf(ctx: HandlerContext, parent: string): Promise<void>;
}

/** The ResourceNotFoundException every lookup of a declared type throws. */
export function notFound(type: ResourceType, idOrArn: string): ResourceNotFoundException {
  return new ResourceNotFoundException({
    message: `The ${type} ${idOrArn} does not exist`,
    ResourceType: type,
    ResourceId: idOrArn,
  });
}

export function repository<D>(declaration: ResourceDeclaration<D>): Repository<D> {
  const { type } = declaration;
  const key = declaration.storedAs ?? type;
  const nameOf = (doc: D) => declaration.nameOf?.(doc);
  const row = (id: string, doc: D, parent: string, createdAt: number): Stored<D> => {
    const name = nameOf(doc);
    return { type: key, parent, id, ...(name !== undefined && { name }), createdAt, doc };
  };
  const self: Repository<D> = {
    declaration,
    newId(ctx) {
      return `${declaration.idPrefix ?? ''}${ctx.ids.uuid().replaceAll('-', '')}`;
    },
    arn(ctx, id) {
      return buildArn(ctx.scope, type, id);
    },
    get(ctx, id, parent = '') {
      return ctx.tx.getResource<D>(ctx.scope, key, parent, id);
    },
    findByName(ctx, name, parent = '') {
      return ctx.tx.findResourceByName<D>(ctx.scope, key, parent, name);
    },
    async find(ctx, idOrArn, parent = '') {
      if (!idOrArn.startsWith('arn:')) return self.get(ctx, idOrArn, parent);
      const parsed = parseArn(idOrArn);
      if (!parsed || parsed.resourceType !== type || !isOwnArn(parsed, ctx.scope)) return undefined;
      const found = await self.get(ctx, parsed.resourceId, parent);
      return found && self.arn(ctx, found.id) === idOrArn ? found : undefined;
    },
    async require(ctx, idOrArn, parent = '') {
      const found = await self.find(ctx, idOrArn, parent);
      if (!found) throw notFound(type, idOrArn);
      return found;
    },
    list(ctx, page) {
      return ctx.tx.listResources<D>(ctx.scope, key, page);
    },
    count(ctx, parent) {
      return ctx.tx.countResources(ctx.scope, key, parent);
    },
    async insert(ctx, id, doc, parent = '') {
      const stored = row(id, doc, parent, ctx.clock.now());
      await ctx.tx.insertResource(ctx.scope, stored);
      return stored;
    },
    async update(ctx, existing, doc) {
      const stored = row(existing.id, doc, existing.parent, existing.createdAt);
      await ctx.tx.updateResource(ctx.scope, stored);
      return stored;
    },
    addTo(ctx, id, field, delta, parent = '') {
      return ctx.tx.addToResourceField(ctx.scope, key, parent, id, field, delta);
    },
    delete(ctx, id, parent = '') {
      return ctx.tx.deleteResource(ctx.scope, key, parent, id);
    },
    deleteAllOf(ctx, parent) {
      return ctx.tx.deleteResourcesOf(ctx.scope, key, parent);
    },
  };
  return self;
}
