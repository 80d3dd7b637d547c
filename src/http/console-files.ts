// The console's files (GET /_local/console/...): the page built by Vite into dist/console, served
// from the package itself, so the console works offline.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FrameworkError } from '../protocol/framework-errors.js';
import type { RawAnswer } from './server.js';

/** Where `npm run build` (and so `npm ci`) puts the built console: dist/console, beside dist/src. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../console/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * The file at `rest` (the path under /_local/console/; '' for the page itself) in `root`. Built
 * assets have hashed names and are cached for a year; the page is never cached.
 * @throws NotFoundException (404) for a file that is not there, a path leaving the folder, or a console not built
 */
export async function consoleFile(rest: string, root = CONSOLE_DIR): Promise<RawAnswer> {
  const relative = rest === '' ? 'index.html' : rest;
  const path = normalize(join(root, relative));
  const type = CONTENT_TYPES[extname(path)];
  if (!path.startsWith(root.endsWith(sep) ? root : root + sep) || relative.includes('\0') || type === undefined) {
    throw new FrameworkError('NotFoundException', 404, `No console file ${rest}`);
  }
  let body: Buffer;
  try {
    body = await readFile(path);
  } catch {
    const hint = relative === 'index.html' ? ': the console is not built (npm run build builds it)' : '';
    throw new FrameworkError('NotFoundException', 404, `No console file ${relative}${hint}`);
  }
  const immutable = relative.startsWith('assets/');
  return {
    status: 200,
    headers: {
      'content-type': type,
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    },
    body,
  };
}
