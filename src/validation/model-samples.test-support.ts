// Builds valid sample values for any shape of the model, for the generated validator tests.
import randexp from 'randexp';
import { shapes } from '../generated/model.js';
import type { Shape, StringShape } from '../protocol/model-types.js';
import { wholeValuePattern } from './validate.js';

// randexp is CommonJS whose typings declare an ES default export; at run time the module itself is the class.
const RandExp = randexp as unknown as typeof randexp.default;

function sampleString(shape: StringShape, seed: number): string {
  if (shape.enum) return shape.enum[seed % shape.enum.length];
  const min = shape.min ?? 0;
  const max = Math.min(shape.max ?? 40, Math.max(min + 8, 40));
  if (!shape.pattern) return 'v'.repeat(Math.max(min, 1)).slice(0, max);
  const re = wholeValuePattern(shape.pattern);
  // randexp cannot read lookarounds; drop them for generation and check against the real pattern.
  const generator = new RandExp(shape.pattern.replace(/\(\?<?[!=][^)]*\)/g, '').replace(/^\^|\$$/g, ''));
  generator.max = Math.max(min, 3);
  generator.defaultRange.subtract(0, 0x20);
  generator.defaultRange.subtract(0x7f, 0xffff);
  for (let i = 0; i < 200; i++) {
    const candidate = generator.gen();
    const length = [...candidate].length;
    if (length >= min && length <= max && re.test(candidate)) return candidate;
  }
  throw new Error(`could not generate a value for pattern ${shape.pattern}`);
}

/** A valid value for the shape: every member of every structure is filled, down to `depth`. */
export function sampleValue(shapeName: string, depth = 0, seed = 0): unknown {
  const shape: Shape = shapes[shapeName];
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [name, ref] of Object.entries(shape.members)) {
        if (depth > 4 && !(shape.required ?? []).includes(name)) continue;
        out[name] = sampleValue(ref.shape, depth + 1, seed + name.length);
      }
      return out;
    }
    case 'list':
      return Array.from({ length: Math.max(shape.min ?? 1, 1) }, (_, i) => sampleValue(shape.member.shape, depth + 1, seed + i));
    case 'map': {
      const count = Math.max(shape.min ?? 1, 1);
      const out: Record<string, unknown> = {};
      for (let i = 0; out && Object.keys(out).length < count && i < 50; i++) {
        out[sampleValue(shape.key.shape, depth + 1, seed + i) as string] = sampleValue(shape.value.shape, depth + 1, seed + i);
      }
      return out;
    }
    case 'string':
      return sampleString(shape, seed);
    case 'integer':
    case 'long':
      return shape.min ?? 1;
    case 'boolean':
      return true;
    case 'timestamp':
      return 1_700_000_000;
    case 'blob':
      return Buffer.from('sample').toString('base64');
  }
}
