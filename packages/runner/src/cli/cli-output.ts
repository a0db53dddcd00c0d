import { InvalidExecutionIdError, InvalidWorkflowError } from '@ceap/core';
import { CommanderError } from 'commander';
import { ExitCode } from '../constants.js';
import { ExecutionFailedError, RunnerUsageError } from '../errors.js';
import type { ExecutionDescription } from '../execution-types.js';
import { attemptLines } from './attempt-lines.js';
import { cliName } from './cli-name.js';
import {
  createStyler,
  executionDuration,
  formatDuration,
  shortCause,
  stageTable,
} from './terminal-format.js';

/** Writes to a stream and resolves once the data is handed to the OS. */
export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    if (!stream.write(text)) stream.once('drain', resolve);
    else resolve();
  });
}

/** The summary `start` and `status` print on stdout when not `--json`. */
export function describeForHumans(
  description: ExecutionDescription,
  options: { table: boolean; home?: string },
): string {
  const style = createStyler(process.stdout);
  const lines: string[] = [];
  if (options.table) lines.push(...stageTable(description.stages, style), '');
  const status =
    description.status === 'SUCCEEDED'
      ? style.green(description.status)
      : description.status === 'RUNNING'
        ? style.yellow(description.status)
        : style.red(description.status);
  const took = description.status === 'RUNNING' ? 'running for' : 'in';
  lines.push(
    `Execution ${style.bold(description.executionId)} (${description.workflow}, ${description.target}) ${status} ${took} ${formatDuration(executionDuration(description))}`,
  );
  lines.push(...attemptLines(description));
  if (description.error) {
    lines.push(
      `${style.red('Error:')} ${description.error}${description.failedState ? ` at ${description.failedState}` : ''}`,
    );
    if (description.cause) lines.push(`${style.red('Cause:')} ${shortCause(description.cause)}`);
  }
  if (description.output) {
    lines.push(`Output: ${description.output}`);
    lines.push(
      `View it: ${cliName()} output ${description.executionId}${description.target === 'aws' ? ' --target aws' : ''}`,
    );
    const withOutput = description.stages.filter((s) => s.output !== undefined);
    lines.push(`         (another step: --stage ${withOutput.map((s) => s.name).join('|')})`);
  }
  if (description.logFile) lines.push(style.dim(`Logs: ${description.logFile}`));
  return `${lines.join('\n')}\n`;
}

/** The exit code for an error that ended a command. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof ExecutionFailedError) return ExitCode.ExecutionFailed;
  if (error instanceof CommanderError)
    return error.exitCode === 0 ? ExitCode.Succeeded : ExitCode.Usage;
  if (
    error instanceof RunnerUsageError ||
    error instanceof InvalidExecutionIdError ||
    error instanceof InvalidWorkflowError
  ) {
    return ExitCode.Usage;
  }
  return ExitCode.ExecutionFailed;
}

/** What `--json` prints for an error: still exactly one object. */
export function errorJson(error: unknown): Record<string, unknown> {
  if (error instanceof ExecutionFailedError) return { ...error.cause };
  if (error instanceof CommanderError) {
    return { error: error.name, code: error.code, message: error.message };
  }
  const named = error as Error;
  return { error: named?.name ?? 'Error', message: named?.message ?? String(error) };
}
