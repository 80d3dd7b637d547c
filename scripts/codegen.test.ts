import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate, generatedDir } from './codegen.js';

test('the committed src/generated files are exactly what codegen makes from the vendored model', () => {
  for (const [file, text] of Object.entries(generate())) {
    const committed = readFileSync(join(generatedDir, file), 'utf8');
    assert.ok(committed === text, `src/generated/${file} differs from the model; run npm run codegen`);
  }
});
