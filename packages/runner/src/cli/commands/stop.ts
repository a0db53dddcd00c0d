import type { Command } from 'commander';
import { DEFAULT_STOP_REASON, ExecutionStatus } from '../../constants.js';
import { RunnerUsageError } from '../../errors.js';
import { describeForHumans, write } from '../cli-output.js';
import { type CliSession, type CommonOptions, withCommonOptions } from '../cli-session.js';

interface StopOptions extends CommonOptions {
  readonly reason?: string;
}

/**
 * `stop ID [--reason TEXT]`: stops a running execution, which ends ABORTED with the reason.
 * Locally it signals the process that runs it (a `--no-wait` worker, or a waiting `start`) on
 * this host and waits until the run has recorded its end; on AWS it calls StopExecution. A run
 * that has ended is refused (exit 2, naming its status).
 */
export function registerStopCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('stop')
      .description('stop a running execution: it ends ABORTED with the reason')
      .argument('<id>', 'the execution id')
      .option('--reason <text>', 'why it is stopped: the cause it records', DEFAULT_STOP_REASON),
  ).action(async (id: string, options: StopOptions) => {
    const client = session.clientFor(options);
    const before = await client.describe(id);
    if (before.status !== ExecutionStatus.Running) {
      throw new RunnerUsageError(
        `execution "${id}" is ${before.status}; only a RUNNING execution can be stopped`,
      );
    }
    await (await client.getHandle(id)).stop(options.reason ?? DEFAULT_STOP_REASON);
    const after = await client.describe(id);
    if (session.json) await session.printJson(after);
    else await write(process.stdout, describeForHumans(after, { table: true }));
  });
}
