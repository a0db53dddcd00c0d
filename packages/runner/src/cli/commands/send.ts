import type { Command } from 'commander';
import { ExecutionInputTooLargeError, InputFileError } from '../../errors.js';
import { describeForHumans, write } from '../cli-output.js';
import {
  type CliSession,
  type CommonOptions,
  stopOnSignals,
  withCommonOptions,
} from '../cli-session.js';
import { readMessageFile } from '../input-file.js';
import { ProgressRenderer } from '../progress-renderer.js';
import { waitAndPrint } from './start.js';

interface SendOptions extends CommonOptions {
  readonly workflow: string;
  readonly message: readonly string[];
}

/**
 * `send`: a local stand-in for SQS and the EventBridge Pipe in front of a workflow. The
 * messages go in as the pipe delivers them (an array of bodies) under a name derived from
 * them; a batch already processed is reported and not run again, exit 0.
 */
export function registerSendCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('send')
      .description(
        "deliver SQS messages to a workflow as its pipe does: one execution named after the messages' hash; a redelivery of a processed batch starts nothing",
      )
      .requiredOption('--workflow <name>', 'the workflow, e.g. realtime')
      .requiredOption(
        '--message <file>',
        'a message body: the text of FILE, JSON or not (repeat for a batch)',
        (file: string, files: string[]) => [...files, file],
        [] as string[],
      ),
  ).action(async (options: SendOptions) => {
    const bodies = await Promise.all(options.message.map((file) => readMessageFile(file)));
    const client = session.clientFor(options);
    const renderer = new ProgressRenderer(process.stderr);
    const signals = stopOnSignals();
    let sent: Awaited<ReturnType<typeof client.send>>;
    try {
      sent = await client.send({
        workflow: options.workflow,
        bodies,
        ...(!session.json && { onProgress: (d) => renderer.update(d) }),
      });
    } catch (error) {
      if (!(error instanceof ExecutionInputTooLargeError)) throw error;
      throw new InputFileError(
        `batch ${options.message.join(', ')}`,
        `is too large to deliver: ${error.message}`,
        { cause: error },
      );
    }
    if (sent.handle) {
      signals.attach(sent.handle);
      await waitAndPrint(session, sent.handle, renderer);
      return;
    }
    const processed = sent.processed;
    if (session.json) {
      await session.printJson({ ...processed, alreadyProcessed: true });
      return;
    }
    await write(
      process.stdout,
      `These messages were already processed by execution ${sent.executionId} (SUCCEEDED); nothing was started.\n${processed ? describeForHumans(processed, { table: false }) : ''}`,
    );
  });
}
