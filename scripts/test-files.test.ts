import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testFiles } from './test-files.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

test('only compiled test files are run: no support module, script or folder', () => {
  const files = testFiles(repoRoot, ['test', 'src', 'scripts']);
  assert.ok(files.length > 10);
  for (const file of files) {
    assert.match(file, /^dist\/.+\.test\.js$/);
    assert.ok(existsSync(join(repoRoot, file)), `${file} exists`);
  }
  assert.ok(files.includes('dist/test/e2e/protocol.test.js'));
  assert.ok(!files.some((f) => f.includes('/support/') || f.endsWith('run-tests.js') || f.endsWith('store-contract.js')));
});

test('npm test hands node --test no folders', () => {
  const scripts = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  assert.doesNotMatch(scripts.test, /--test/, 'the driver picks the files');
  assert.match(scripts.test, /run-tests\.js/);
});
