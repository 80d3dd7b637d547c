// One walker over the model's shapes: required members, types, lengths, whole-value patterns,
// enums, list and map sizes and numeric ranges. It only collects failures; to-exception.ts turns
// them into the wire error.
import { shapes } from '../generated/model.js';
import type { Shape } from '../protocol/model-types.js';

export interface FieldFailure {
  /** Member path in the model's names: `CloudWatchLogsDestination.IamRoleArn`, `Tags[1].Key`, `Context[k]`. */
  name: string;
  message: string;
}

const patternCache = new Map<string, RegExp>();

/** The model's patterns are Java-style and apply to the whole value, so they are anchored here. */
export function wholeValuePattern(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, 'u');
    patternCache.set(pattern, re);
  }
  return re;
}

function shapeOf(name: string): Shape {
  const shape = shapes[name];
  if (!shape) throw new Error(`the model has no shape ${name}`);
  return shape;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Length in Unicode code points, as Smithy's length trait counts a string. */
function codePointLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

function checkRange(value: number, shape: { min?: number; max?: number }, what: string): string | undefined {
  if (shape.min !== undefined && value < shape.min) return `${what} must be greater than or equal to ${shape.min}`;
  if (shape.max !== undefined && value > shape.max) return `${what} must be less than or equal to ${shape.max}`;
  return undefined;
}

function checkLength(length: number, shape: { min?: number; max?: number }, unit: string): string | undefined {
  if (shape.min !== undefined && length < shape.min) return `Member must have ${unit} greater than or equal to ${shape.min}`;
  if (shape.max !== undefined && length > shape.max) return `Member must have ${unit} less than or equal to ${shape.max}`;
  return undefined;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function walk(shapeName: string, value: unknown, path: string, failures: FieldFailure[]): void {
  const shape = shapeOf(shapeName);
  const fail = (message: string): void => {
    failures.push({ name: path, message });
  };
  switch (shape.type) {
    case 'structure': {
      if (!isPlainObject(value)) {
        fail('Member must be an object');
        return;
      }
      for (const required of shape.required ?? []) {
        if (value[required] === undefined || value[required] === null) {
          failures.push({ name: join(path, required), message: 'Member must not be null' });
        }
      }
      for (const [member, ref] of Object.entries(shape.members)) {
        const memberValue = value[member];
        if (memberValue !== undefined && memberValue !== null) walk(ref.shape, memberValue, join(path, member), failures);
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) {
        fail('Member must be a list');
        return;
      }
      const sizeError = checkLength(value.length, shape, 'length');
      if (sizeError) fail(sizeError);
      value.forEach((item, i) => {
        if (item === null || item === undefined) failures.push({ name: `${path}[${i}]`, message: 'Member must not be null' });
        else walk(shape.member.shape, item, `${path}[${i}]`, failures);
      });
      return;
    }
    case 'map': {
      if (!isPlainObject(value)) {
        fail('Member must be a map');
        return;
      }
      const entries = Object.entries(value);
      const sizeError = checkLength(entries.length, shape, 'length');
      if (sizeError) fail(sizeError);
      for (const [key, item] of entries) {
        walk(shape.key.shape, key, `${path}[${key}]`, failures);
        if (item === null || item === undefined) failures.push({ name: `${path}[${key}]`, message: 'Member must not be null' });
        else walk(shape.value.shape, item, `${path}[${key}]`, failures);
      }
      return;
    }
    case 'string': {
      if (typeof value !== 'string') {
        fail('Member must be a string');
        return;
      }
      if (shape.enum) {
        if (!shape.enum.includes(value)) fail(`Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
        return;
      }
      const lengthError = checkLength(codePointLength(value), shape, 'length');
      if (lengthError) {
        fail(lengthError);
        return;
      }
      if (shape.pattern !== undefined && !wholeValuePattern(shape.pattern).test(value)) {
        fail(`Member must satisfy regular expression pattern: ${shape.pattern}`);
      }
      return;
    }
    case 'integer':
    case 'long': {
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        fail('Member must be an integer');
        return;
      }
      const rangeError = checkRange(value, shape, 'Member');
      if (rangeError) fail(rangeError);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') fail('Member must be a boolean');
      return;
    case 'timestamp':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail('Member must be a timestamp in epoch seconds');
      return;
    case 'blob': {
      if (typeof value !== 'string' || !BASE64.test(value)) {
        fail('Member must be base64-encoded binary data');
        return;
      }
      const lengthError = checkLength(Buffer.byteLength(value, 'base64'), shape, 'length');
      if (lengthError) fail(lengthError);
      return;
    }
  }
}

function join(path: string, member: string): string {
  return path ? `${path}.${member}` : member;
}

/** Validates `value` against the named shape and returns every failure (empty when valid). */
export function validateShape(shapeName: string, value: unknown): FieldFailure[] {
  const failures: FieldFailure[] = [];
  walk(shapeName, value, '', failures);
  return failures;
}
