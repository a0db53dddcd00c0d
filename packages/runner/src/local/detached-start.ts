import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { extname, join } from 'node:path';
import type { DataLocation } from '@ceap/core';
import { RUN_WORKER_COMMAND } from '../constants.js';
import type { ExecutionIndex } from '../index-store/execution-index.js';
import type { CeapLayout } from './ceap-home.js';
import type { DetachedWorkerCommand } from './local-target-options.js';
import { failedBeforeRun, type ReservedExecution } from './start-reservation.js';

/** What a detached worker is started with: the same home, samples, data and configuration. */
export interface DetachedStartContext {
  readonly index: ExecutionIndex;
  readonly layout: CeapLayout;
  readonly examplesDirectory: string;
  readonly location: DataLocation;
  readonly env: NodeJS.ProcessEnv;
  readonly s3Endpoint?: string;
  readonly logLevel?: string;
  readonly worker?: DetachedWorkerCommand;
}

/**
 * The ceap CLI's hidden worker command, run by this process's Node with its flags (a tsx
 * loader included, when the CLI runs from source).
 */
export function defaultWorkerCommand(): DetachedWorkerCommand {
  const cli = join(__dirname, '..', 'cli', `main${extname(__filename)}`);
  return { command: process.execPath, args: [...process.execArgv, cli, RUN_WORKER_COMMAND] };
}

/**
 * Hands a reserved execution to a detached worker process. The record names the worker (its
 * pid, `awaitingWorker`) before the worker may read it: the worker waits for its stdin to end,
 * and this process ends it only once the hand-over is written. Then `status` never sees the
 * record owned by a process that has gone, and the worker never races this write.
 */
export async function startDetachedWorker(
  context: DetachedStartContext,
  reserved: ReservedExecution,
): Promise<void> {
  const worker = context.worker ?? defaultWorkerCommand();
  const { executionId } = reserved.record;
  const child = spawn(
    worker.command,
    [
      ...worker.args,
      executionId,
      ...(context.s3Endpoint ? ['--s3-endpoint', context.s3Endpoint] : []),
    ],
    { detached: true, stdio: ['pipe', 'ignore', 'ignore'], env: workerEnvironment(context) },
  );
  // A worker that exits at once must not fail this process with EPIPE.
  child.stdin?.on('error', () => undefined);
  try {
    await once(child, 'spawn');
    await context.index.update({
      ...reserved.record,
      pid: child.pid as number,
      awaitingWorker: true,
      updatedAt: new Date().toISOString(),
    });
  } catch (error) {
    child.kill();
    await context.index.update(failedBeforeRun(reserved.record, error)).catch(() => undefined);
    throw error;
  } finally {
    child.stdin?.end();
    child.unref();
  }
}

function workerEnvironment(context: DetachedStartContext): NodeJS.ProcessEnv {
  return {
    ...context.env,
    CEAP_HOME: context.layout.home,
    CEAP_EXAMPLES: context.examplesDirectory,
    CEAP_KEY_PREFIX: context.location.keyPrefix ?? '',
    ...(context.logLevel !== undefined && { LOG_LEVEL: context.logLevel }),
  };
}
