import type { JsonRecord } from '@ceap/core';
import type { Command } from 'commander';
import { write } from '../cli-output.js';
import { type CliSession, type CommonOptions, withCommonOptions } from '../cli-session.js';
import { formatLogLine } from '../log-format.js';
import { createStyler } from '../terminal-format.js';

interface LogsOptions extends CommonOptions {
  readonly step?: string;
  readonly follow?: boolean;
}

/**
 * `logs ID [--step S] [--follow]`: the execution's log lines, pretty on a terminal and JSON
 * Lines otherwise; `--follow` reads on until the execution ends. With `--json`, one object
 * `{ executionId, step?, lines }` once the lines are read.
 */
export function registerLogsCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('logs')
      .description(
        "an execution's log lines (local: .ceap/logs; aws: CloudWatch Logs), one step's with --step",
      )
      .argument('<id>', 'the execution id')
      .option('--step <name>', 'only the lines of this step')
      .option('--follow', 'read on until the execution ends'),
  ).action(async (id: string, options: LogsOptions) => {
    const lines = session.clientFor(options).logs(id, {
      ...(options.step !== undefined && { step: options.step }),
      follow: options.follow === true,
    });
    if (session.json) {
      const all: JsonRecord[] = [];
      for await (const line of lines) all.push(line);
      await session.printJson({
        executionId: id,
        ...(options.step && { step: options.step }),
        lines: all,
      });
      return;
    }
    const pretty = Boolean(process.stdout.isTTY);
    const style = createStyler(process.stdout);
    let count = 0;
    for await (const line of lines) {
      await write(
        process.stdout,
        `${pretty ? formatLogLine(line, style) : JSON.stringify(line)}\n`,
      );
      count++;
    }
    if (count === 0)
      await write(process.stderr, `no log lines${options.step ? ` for ${options.step}` : ''}\n`);
  });
}
