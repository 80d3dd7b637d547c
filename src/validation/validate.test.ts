import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { operations, shapes } from '../generated/model.js';
import type { Shape, StructureShape } from '../protocol/model-types.js';
import { validateShape, wholeValuePattern } from './validate.js';
import { toValidationException } from './to-exception.js';
import { sampleValue } from './model-samples.test-support.js';

const operationList = Object.values(operations);
const names = (failures: { name: string }[]) => failures.map((f) => f.name).sort();

/** Values that break one constraint of a shape, each with the constraint it breaks. */
function violations(shape: Shape, valid: unknown): [string, unknown][] {
  const out: [string, unknown][] = [];
  switch (shape.type) {
    case 'string':
      out.push(['type', 12345]);
      if (shape.enum) out.push(['enum', 'NOT_IN_THE_ENUM']);
      if (shape.max !== undefined && typeof valid === 'string') out.push(['max length', valid.padEnd(shape.max + 1, valid.slice(-1) || 'a')]);
      if (shape.min !== undefined && shape.min > 0) out.push(['min length', '']);
      if (shape.pattern && !shape.enum) {
        const bad = [' leading space', '\u0000', 'tab\there', '\n'].find((v) => !wholeValuePattern(shape.pattern!).test(v));
        if (bad !== undefined && (shape.max === undefined || [...bad].length <= shape.max)) out.push(['pattern', bad]);
      }
      break;
    case 'integer':
    case 'long':
      out.push(['type', '1'], ['integer', 1.5]);
      if (shape.max !== undefined) out.push(['max', shape.max + 1]);
      if (shape.min !== undefined) out.push(['min', shape.min - 1]);
      break;
    case 'boolean':
      out.push(['type', 'true']);
      break;
    case 'list':
      out.push(['type', {}]);
      if (shape.max !== undefined && Array.isArray(valid)) out.push(['max size', Array.from({ length: shape.max + 1 }, () => valid[0])]);
      if (shape.min !== undefined && shape.min > 0) out.push(['min size', []]);
      break;
    case 'map':
      out.push(['type', []]);
      break;
    case 'structure':
      out.push(['type', 'a string']);
      break;
    case 'timestamp':
      out.push(['type', 'yesterday']);
      break;
    case 'blob':
      out.push(['type', '***not base64***']);
      break;
  }
  return out;
}

describe('model-driven validation over every operation', () => {
  test('the model has 106 operations and every pattern compiles as a whole-value regular expression', () => {
    assert.equal(operationList.length, 106);
    for (const shape of Object.values(shapes)) if (shape.type === 'string' && shape.pattern) wholeValuePattern(shape.pattern);
  });

  test('an empty input fails exactly on the required members', () => {
    for (const op of operationList) {
      const input = shapes[op.input] as StructureShape;
      const failures = validateShape(op.input, {});
      assert.deepEqual(names(failures), [...(input.required ?? [])].sort(), op.name);
      assert.ok(failures.every((f) => f.message === 'Member must not be null'));
    }
  });

  test('a generated input with every member filled is valid', () => {
    for (const op of operationList) {
      const value = sampleValue(op.input);
      assert.deepEqual(validateShape(op.input, value), [], `${op.name}: ${JSON.stringify(value)}`);
    }
  });

  test('breaking any one constraint of any top-level member fails on exactly that member', () => {
    let checked = 0;
    for (const op of operationList) {
      const input = shapes[op.input] as StructureShape;
      const valid = sampleValue(op.input) as Record<string, unknown>;
      for (const [member, ref] of Object.entries(input.members)) {
        for (const [constraint, bad] of violations(shapes[ref.shape], valid[member])) {
          const failures = validateShape(op.input, { ...valid, [member]: bad });
          assert.deepEqual(names(failures), [member], `${op.name}.${member} ${constraint}: ${JSON.stringify(failures)}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 500, `only ${checked} violations checked`);
  });

  test('a missing required member of a nested structure is named by its path', () => {
    const failures = validateShape('CreateEventDestinationRequest', {
      ConfigurationSetName: 'set',
      EventDestinationName: 'd',
      MatchingEventTypes: ['ALL'],
      CloudWatchLogsDestination: { LogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:x' },
    });
    assert.deepEqual(failures, [{ name: 'CloudWatchLogsDestination.IamRoleArn', message: 'Member must not be null' }]);
  });

  test('list items and map entries are named by index and key', () => {
    const tags = validateShape('TagResourceRequest', {
      ResourceArn: 'arn:aws:sms-voice:us-east-1:123456789012:configuration-set/x',
      Tags: [
        { Key: 'ok', Value: 'v' },
        { Key: '', Value: 'v' },
      ],
    });
    assert.deepEqual(names(tags), ['Tags[1].Key']);
    const context = validateShape('ContextMap', { good: 'v', ['k'.repeat(101)]: 'v', empty: '' });
    assert.deepEqual(names(context), ['[empty]', `[${'k'.repeat(101)}]`]);
  });

  test('lengths count code points, so one emoji is one character', () => {
    // TagValue is 0-256 characters: 256 emoji are 512 UTF-16 units but 256 characters.
    assert.deepEqual(validateShape('TagValue', '😀'.repeat(256)), []);
    assert.equal(validateShape('TagValue', '😀'.repeat(257)).length, 1);
  });

  test('patterns match the whole value, not a part of it', () => {
    assert.deepEqual(validateShape('ConfigurationSetName', 'abc'), []);
    assert.equal(validateShape('ConfigurationSetName', 'abc def').length, 1);
    assert.equal(validateShape('ConfigurationSetName', 'abc\n').length, 1);
  });

  test('blob members must be base64 and are measured decoded', () => {
    assert.deepEqual(validateShape('AttachmentBody', Buffer.from('hello').toString('base64')), []);
    assert.equal(validateShape('AttachmentBody', 'not base64!').length, 1);
  });

  test('failures map to one ValidationException with Reason and Fields', () => {
    const error = toValidationException([
      { name: 'A', message: 'Member must not be null' },
      { name: 'B.C', message: 'Member must have length less than or equal to 5' },
    ]);
    assert.equal(error.code, 'ValidationException');
    assert.equal(error.status, 400);
    assert.deepEqual(error.members, {
      Reason: 'FIELD_VALIDATION_FAILED',
      Fields: [
        { Name: 'A', Message: 'Member must not be null' },
        { Name: 'B.C', Message: 'Member must have length less than or equal to 5' },
      ],
    });
    assert.match(error.message, /^2 validation errors detected: Value at 'A' failed to satisfy constraint: Member must not be null; /);
  });
});
