import type { Command } from 'commander';
import { ExecutionStatus, RUN_WORKER_COMMAND, Target } from '../../constants.js';
import { type CliSession, stopOnSignals } from '../cli-session.js';
import { readAll } from '../input-file.js';

/**
 * The hidden worker behind a detached start (`start --no-wait`) on the local target. It waits
 * for its stdin to end (the starting process ends it once the hand-over is recorded), then
 * takes the execution over with `getHandle` and runs it to the end. SIGINT or SIGTERM stops
 * the run, which then ends ABORTED in the index.
 */
export function registerRunWorkerCommand(program: Command, session: CliSession): void {
  program
    .command(RUN_WORKER_COMMAND, { hidden: true })
    .argument('<id>')
    .option('--s3-endpoint <url>')
    .action(async (id: string, options: { s3Endpoint?: string }) => {
      // The starting process sends nothing: only the end of stdin matters.
      if (!process.stdin.isTTY) await readAll(process.stdin);
      const client = session.clientFor({ target: Target.Local, ...options });
      const handle = await client.getHandle(id);
      stopOnSignals().attach(handle);
      // The record in the index holds the outcome; the worker's exit code adds nothing.
      await handle.result().catch(() => undefined);
      if ((await handle.describe()).status === ExecutionStatus.Aborted) endOwnProcessGroup();
    });
}

/**
 * A stopped run leaves its running task behind (the engine abandons it), and with it maybe a
 * python3 child. The worker leads its own process group (it was spawned detached), so it
 * signals that group, ignoring the signal itself, and every child ends before the worker does.
 */
function endOwnProcessGroup(): void {
  process.on('SIGTERM', () => undefined);
  try {
    process.kill(-process.pid, 'SIGTERM');
  } catch {
    // Not a group leader (started by hand): there is no group of its own to end.
  }
}
