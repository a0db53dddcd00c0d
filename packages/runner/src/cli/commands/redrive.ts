import type { Command } from 'commander';
import {
  type CliSession,
  type CommonOptions,
  stopOnSignals,
  withCommonOptions,
} from '../cli-session.js';
import { ProgressRenderer } from '../progress-renderer.js';
import { printStarted, waitAndPrint } from './start.js';

interface RedriveOptions extends CommonOptions {
  /** False with `--no-wait`. */
  readonly wait: boolean;
}

/**
 * `redrive ID`: resumes a FAILED, TIMED_OUT or ABORTED execution at the step that failed, and
 * waits for it as `start` does (live progress on stderr, the result on stdout, Ctrl-C stops it).
 * A RUNNING or SUCCEEDED execution, or an unknown id, is refused with exit 2. `--no-wait`
 * returns once the redrive is under way (locally, handed to a detached worker, as `start
 * --no-wait` is); follow it with `status` or `logs --follow`.
 */
export function registerRedriveCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('redrive')
      .description(
        'resume a FAILED, TIMED_OUT or ABORTED execution at the failed step (succeeded steps are not rerun)',
      )
      .argument('<id>', 'the execution id')
      .option('--no-wait', 'return once the redrive has started'),
  ).action(async (id: string, options: RedriveOptions) => {
    const client = session.clientFor(options);
    if (!options.wait) {
      const handle = await client.redrive(id, { detach: true });
      await printStarted(session, await handle.describe(), 'redriven');
      return;
    }
    const renderer = new ProgressRenderer(process.stderr);
    const signals = stopOnSignals();
    const handle = await client.redrive(id, {
      ...(!session.json && { onProgress: (d) => renderer.update(d) }),
    });
    signals.attach(handle);
    await waitAndPrint(session, handle, renderer);
  });
}
