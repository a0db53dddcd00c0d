import { type Command, Option } from 'commander';
import { ExecutionStatus } from '../../constants.js';
import { write } from '../cli-output.js';
import { type CliSession, type CommonOptions, withCommonOptions } from '../cli-session.js';
import { positiveInteger } from '../option-values.js';
import { createStyler, executionTable } from '../terminal-format.js';

interface ListOptions extends CommonOptions {
  readonly workflow?: string;
  readonly status?: ExecutionStatus;
  readonly limit: number;
}

/** The number of executions `list` shows without `--limit`. */
const DEFAULT_LIST_LIMIT = 50;

/** `list`: executions, newest first, as a table or `{ "executions": [...] }`. */
export function registerListCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('list')
      .description('executions, newest first')
      .option('--workflow <name>', 'only this workflow')
      .addOption(
        new Option('--status <status>', 'only this status').choices(Object.values(ExecutionStatus)),
      )
      .option('--limit <n>', 'at most n executions', positiveInteger, DEFAULT_LIST_LIMIT),
  ).action(async (options: ListOptions) => {
    const executions = await session.clientFor(options).list({
      ...(options.workflow && { workflow: options.workflow }),
      ...(options.status && { status: options.status }),
      limit: options.limit,
    });
    if (session.json) {
      await session.printJson({ executions });
      return;
    }
    const table = executionTable(executions, createStyler(process.stdout));
    await write(process.stdout, `${table.join('\n')}\n`);
    if (executions.length === 0) await write(process.stderr, 'no executions\n');
  });
}
