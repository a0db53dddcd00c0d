import { randomBytes } from 'node:crypto';
import { open, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CeapHomeError } from '../errors.js';

/**
 * A hidden temp file for execution `executionId` in `directory`: `.{id}.{pid}.{hex}.tmp`.
 * Ids hold no dots, so every file of one execution starts with `.{id}.` and no other's does.
 */
export function tempPath(directory: string, executionId: string): string {
  return join(directory, `.${executionId}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Writes a new file. A write cut short (a full disk) leaves no zero-byte or partial file
 * behind: what was written is removed before the error is rethrown.
 */
export async function writeNewFile(path: string, content: string | Buffer): Promise<void> {
  try {
    await writeFile(path, content, { flag: 'wx' });
  } catch (error) {
    await unlink(path).catch(() => undefined);
    throw error;
  }
}

/**
 * Replaces `target` with `content` through a temp file and rename(2), atomic on POSIX: a
 * reader sees the old file or the new one, never half of one, and a failed write removes its
 * temp file.
 */
export async function replaceFile(target: string, temp: string, content: string): Promise<void> {
  await writeNewFile(temp, content);
  try {
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * Replaces `target` with `content` by writing it into `spare`, a file whose blocks were
 * allocated earlier, then renaming `spare` over `target`. Overwriting allocated blocks needs
 * no new space on tmpfs, ext4 or xfs, so this works on a disk that has just filled up. A
 * failure removes `spare`.
 */
export async function replaceFromSpare(
  target: string,
  spare: string,
  content: string,
): Promise<void> {
  const bytes = Buffer.from(content, 'utf8');
  const handle = await open(spare, 'r+');
  try {
    try {
      await handle.write(bytes, 0, bytes.length, 0);
      await handle.truncate(bytes.length);
    } finally {
      await handle.close();
    }
    await rename(spare, target);
  } catch (error) {
    await unlink(spare).catch(() => undefined);
    throw error;
  }
}

/**
 * True for an error of the file system: it carries an errno code such as ENOSPC. (Checked by
 * shape, not `instanceof Error`: errors from another realm, such as a test's sandbox, count.)
 */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return typeof code === 'string' && typeof message === 'string';
}

/**
 * A failed write under the ceap home as the error a user can act on: it names CEAP_HOME, the
 * file and the system's error (`ENOSPC: no space left on device`); a full disk or quota says
 * "is full".
 */
export function homeWriteError(home: string, path: string, error: unknown): CeapHomeError {
  if (error instanceof CeapHomeError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const state = code === 'ENOSPC' || code === 'EDQUOT' ? 'is full' : 'cannot be written';
  const reason = isFileSystemError(error) ? error.message : String(error);
  return new CeapHomeError(home, `${state}: could not write ${path} (${reason})`, {
    cause: error,
  });
}
