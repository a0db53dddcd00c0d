import { existsSync, statSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { ConfigFileError } from '../errors.js';

/** The names a project's config may have, in the order they are looked for. */
export const CONFIG_FILE_NAMES = [
  'ceap.config.ts',
  'ceap.config.mts',
  'ceap.config.cts',
  'ceap.config.js',
  'ceap.config.mjs',
  'ceap.config.cjs',
] as const;

const CONFIG_EXTENSIONS = new Set(CONFIG_FILE_NAMES.map((name) => extname(name)));

/**
 * The config file of the project `from` lies in: the `ceap.config.*` in the nearest folder at
 * or above it that holds one, or undefined when no folder up to the root does. Two config files
 * in one folder are refused, so the project never runs a config other than the one edited.
 */
export function findConfigFile(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const found = CONFIG_FILE_NAMES.map((name) => join(dir, name)).filter(isFile);
    if (found.length > 1) {
      throw new ConfigFileError(
        found[0] as string,
        `is one of ${found.length} config files in ${dir} (${found.map((file) => file.slice(dir.length + 1)).join(', ')}); keep one, or choose with --config FILE`,
      );
    }
    if (found.length === 1) return found[0];
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The file `--config FILE` names, resolved against the invocation directory: it must exist, be
 * a file, and have an extension the loader runs.
 */
export function checkConfigOption(file: string, from: string): string {
  const path = resolve(from, file);
  if (!existsSync(path)) throw new ConfigFileError(path, 'was not found (--config)');
  if (!isFile(path)) throw new ConfigFileError(path, 'is not a file (--config)');
  if (!CONFIG_EXTENSIONS.has(extname(path))) {
    throw new ConfigFileError(
      path,
      `must be TypeScript or JavaScript (--config): ${[...CONFIG_EXTENSIONS].join(', ')}`,
    );
  }
  return path;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
