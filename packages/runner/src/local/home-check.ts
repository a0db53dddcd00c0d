import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { CeapHomeError } from '../errors.js';

/** What a command does with the home: only reads it, or also writes to it. */
export type HomeUse = 'read' | 'write';

/**
 * Checks the ceap home before a command relies on it, so a home that is a file, sits under a
 * file, or cannot be read (or written, for `write`) fails with one message naming CEAP_HOME
 * instead of a raw EACCES or ENOTDIR from deep inside. A home that does not exist yet is
 * created for `write` and is fine for `read` (it holds no executions).
 */
export async function checkCeapHome(home: string, use: HomeUse): Promise<void> {
  try {
    const found = await stat(home);
    if (!found.isDirectory()) throw new CeapHomeError(home, 'is not a folder');
  } catch (error) {
    if (error instanceof CeapHomeError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw homeError(home, error);
    if (use === 'read') return;
    await mkdir(home, { recursive: true }).catch((cause: unknown) => {
      throw homeError(home, cause);
    });
  }
  const mode =
    use === 'write'
      ? constants.R_OK | constants.W_OK | constants.X_OK
      : constants.R_OK | constants.X_OK;
  await access(home, mode).catch((cause: unknown) => {
    throw homeError(home, cause);
  });
}

function homeError(home: string, cause: unknown): CeapHomeError {
  const code = (cause as NodeJS.ErrnoException).code ?? 'error';
  const reason =
    code === 'ENOTDIR'
      ? 'is not a folder (a file is in its path)'
      : code === 'EROFS'
        ? 'is on a read-only file system'
        : code === 'EACCES' || code === 'EPERM'
          ? 'cannot be read or written by this user'
          : 'cannot be used';
  return new CeapHomeError(home, `${reason} (${code})`, { cause });
}
