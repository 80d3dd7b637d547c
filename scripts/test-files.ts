// Which files `node --test` runs: the compiled `*.test.ts` files of the source tree, and nothing
// else (support modules and scripts are not tests). Node 20's test runner takes no globs, and
// given a folder it runs every .js file in it.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The compiled test files (`dist/<path>.test.js`) for every `*.test.ts` under `roots` of the
 * repository at `repoRoot`, sorted. Read from the sources, so a stale file left in `dist/` is not run.
 */
export function testFiles(repoRoot: string, roots: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.test.ts')) found.push(join('dist', relative(repoRoot, path)).replace(/\.ts$/, '.js'));
    }
  };
  for (const root of roots) walk(join(repoRoot, root));
  return found.sort();
}
