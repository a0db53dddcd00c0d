import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** @ceap/runner's own version, from its package.json (beside `src/` and `dist/` alike). */
export function runnerVersion(): string {
  const manifest = join(__dirname, '..', '..', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}
