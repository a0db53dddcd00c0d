import { readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where `stop` leaves its reason for the process that runs an execution, beside the index
 * record: a hidden file the index's listing skips. That process reads it when the signal comes.
 */
export function stopRequestFile(executionsDirectory: string, executionId: string): string {
  return join(executionsDirectory, `.${executionId}.stop`);
}

/** Records why an execution is being stopped, before its process is signalled. */
export async function writeStopRequest(
  executionsDirectory: string,
  executionId: string,
  reason: string,
): Promise<void> {
  const file = stopRequestFile(executionsDirectory, executionId);
  await writeFile(file, JSON.stringify({ reason, requestedAt: new Date().toISOString() }));
}

/** The reason a `stop` left for this execution, if any; the request is consumed. */
export async function takeStopRequest(
  executionsDirectory: string,
  executionId: string,
): Promise<string | undefined> {
  const file = stopRequestFile(executionsDirectory, executionId);
  try {
    const { reason } = JSON.parse(await readFile(file, 'utf8')) as { reason?: unknown };
    await unlink(file).catch(() => undefined);
    return typeof reason === 'string' ? reason : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Stops a run of another process on this host: leaves the reason, then signals the process
 * (SIGTERM), which stops the run and records it ABORTED.
 */
export function stopByRequest(
  executionsDirectory: string,
): (running: { executionId: string; pid: number }, reason: string) => Promise<void> {
  return async (running, reason) => {
    await writeStopRequest(executionsDirectory, running.executionId, reason);
    try {
      process.kill(running.pid, 'SIGTERM');
    } catch (error) {
      // A process that has gone already left its run ABORTED.
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  };
}
