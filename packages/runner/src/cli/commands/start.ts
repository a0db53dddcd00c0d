import type { Command } from 'commander';
import type { RunnerClient } from '../../client/runner-client.js';
import { ExecutionInputTooLargeError, InputFileError } from '../../errors.js';
import type { ExecutionDescription, ExecutionHandle, StartRequest } from '../../execution-types.js';
import { cliName } from '../cli-name.js';
import { describeForHumans, write } from '../cli-output.js';
import {
  type CliSession,
  type CommonOptions,
  stopOnSignals,
  withCommonOptions,
} from '../cli-session.js';
import { readInputFile } from '../input-file.js';
import { ProgressRenderer } from '../progress-renderer.js';

interface StartOptions extends CommonOptions {
  readonly workflow: string;
  readonly input?: string;
  readonly executionId?: string;
  readonly logicalDate?: string;
  /** False with `--no-wait`. */
  readonly wait: boolean;
  readonly stateMachineArn?: string;
}

/**
 * `start`: starts an execution and, unless `--no-wait`, waits for it with live progress on
 * stderr and the result on stdout. `--no-wait` is the client's detached start: the run goes
 * on in a worker process (locally) or on AWS.
 */
export function registerStartCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('start')
      .description('start an execution and wait for it (progress on stderr, result on stdout)')
      .requiredOption('--workflow <name>', 'the workflow, e.g. realtime, batch or guarded-batch')
      .option(
        '--input <file>',
        'the execution input: a JSON object in FILE, or - for stdin (default: the shipped sample)',
      )
      .option('--execution-id <id>', 'the execution name: 1-80 characters of A-Z a-z 0-9 _ -')
      .option(
        '--logical-date <date>',
        "YYYY-MM-DD (default: the samples' own date; with --input, yesterday UTC for batch, today for realtime)",
      )
      .option('--no-wait', 'return once the execution has started')
      .option(
        '--state-machine-arn <arn>',
        'aws target: the state machine, instead of the stack output',
      ),
  ).action(async (options: StartOptions) => {
    const input = options.input !== undefined ? await readInputFile(options.input) : undefined;
    const client = session.clientFor(
      options,
      options.stateMachineArn ? { [options.workflow]: options.stateMachineArn } : undefined,
    );
    const renderer = new ProgressRenderer(process.stderr);
    const signals = options.wait ? stopOnSignals() : undefined;
    const handle = await startNaming(client, options.input, {
      workflow: options.workflow,
      ...(input && { input }),
      ...(options.executionId !== undefined && { executionId: options.executionId }),
      ...(options.logicalDate !== undefined && { logicalDate: options.logicalDate }),
      detach: !options.wait,
      ...(options.wait && !session.json && { onProgress: (d) => renderer.update(d) }),
    });
    if (!options.wait) {
      await printStarted(session, await handle.describe());
      return;
    }
    signals?.attach(handle);
    await waitAndPrint(session, handle, renderer);
  });
}

/** Starts the execution; an input too large for Step Functions is reported naming its file. */
export async function startNaming(
  client: RunnerClient,
  file: string | undefined,
  request: StartRequest,
): Promise<ExecutionHandle> {
  try {
    return await client.start(request);
  } catch (error) {
    if (!(error instanceof ExecutionInputTooLargeError)) throw error;
    const name = file === undefined ? 'the shipped sample' : file === '-' ? 'stdin (-)' : file;
    throw new InputFileError(name, `is too large to start with: ${error.message}`, {
      cause: error,
    });
  }
}

/** Waits for the end (Ctrl-C stops the execution), prints the result, rethrows a failure. */
export async function waitAndPrint(
  session: CliSession,
  handle: ExecutionHandle,
  renderer: ProgressRenderer,
): Promise<void> {
  let description: ExecutionDescription;
  let failure: unknown;
  try {
    description = await handle.result();
  } catch (error) {
    failure = error;
    description = await handle.describe();
  }
  if (session.json) {
    await session.printJson(description);
  } else {
    renderer.finish(description);
    await write(process.stdout, describeForHumans(description, { table: false }));
  }
  if (failure !== undefined) throw failure;
}

/** What `--no-wait` prints: the execution under way (with `--json`, its description). */
export async function printStarted(
  session: CliSession,
  description: ExecutionDescription,
  verb = 'started',
): Promise<void> {
  if (session.json) {
    await session.printJson(description);
    return;
  }
  const target = description.target === 'aws' ? ' --target aws' : '';
  await write(
    process.stdout,
    `Execution ${description.executionId} ${verb} (${description.workflow}, ${description.target}).\nWatch it: ${cliName()} status ${description.executionId}${target}\n`,
  );
}
