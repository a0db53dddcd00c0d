import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { INFRA_DEFAULTS } from '../defaults.js';

/**
 * esbuild's `--conditions` for a stage's bundle. Inside the ceap repository the packages'
 * `@ceap/source` export points at their TypeScript, so a bundle is built from source with no
 * build step first; an installed package ships only `dist/`, where that condition would name a
 * file that is not there, so it bundles the built JavaScript.
 */
export function sourceConditionArgs(): Record<string, string> {
  const coreEntry = require.resolve('@ceap/core');
  const sourceEntry = join(dirname(coreEntry), '..', 'src', 'index.ts');
  return existsSync(sourceEntry)
    ? { '--conditions': INFRA_DEFAULTS.stageFunction.sourceCondition }
    : {};
}
