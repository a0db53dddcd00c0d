import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp-dir.js';

/** A small tmpfs of its own: a real file system that really fills up (ENOSPC). */
export interface SmallTmpfs {
  readonly path: string;
  /** Bytes the file system can still give. */
  freeBytes(): number;
  /** Writes `name` until no more than `leaveBytes` are free (0: the disk is full). */
  fill(name: string, leaveBytes?: number): void;
  /** Empties it. */
  clear(): void;
  /** Unmounts it and removes the mount point. */
  unmount(): void;
}

const CHUNK = 4096;

/**
 * Mounts a tmpfs of `sizeBytes` on a fresh folder. This needs root (CI and these machines run
 * tests as root). Where mount is refused the test fails with that reason rather than being
 * skipped: a full disk is a scenario the suite must show, not one it may leave out.
 */
export function mountSmallTmpfs(sizeBytes: number): SmallTmpfs {
  const point = tempDir('ceap-fault-tmpfs-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', point.path], {
      stdio: 'pipe',
    });
  } catch (error) {
    point.remove();
    const reason = (error as { stderr?: Buffer }).stderr?.toString().trim() || String(error);
    throw new Error(`the full-disk scenario needs a small tmpfs (run as root): ${reason}`);
  }
  const freeBytes = () => {
    const stats = statfsSync(point.path);
    return stats.bavail * stats.bsize;
  };
  return {
    path: point.path,
    freeBytes,
    fill(name, leaveBytes = 0) {
      const fd = openSync(join(point.path, name), 'a');
      try {
        // Page by page, so the last write stops at the page that no longer fits.
        const page = Buffer.alloc(CHUNK, 1);
        while (freeBytes() > leaveBytes) writeSync(fd, page);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
    },
    clear() {
      for (const name of readdirSync(point.path)) {
        rmSync(join(point.path, name), { recursive: true, force: true });
      }
    },
    unmount() {
      execFileSync('umount', [point.path], { stdio: 'pipe' });
      point.remove();
    },
  };
}
