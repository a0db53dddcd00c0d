import type { JsonRecord } from '@ceap/core';
import type { Command } from 'commander';
import { ExecutionStatus } from '../../constants.js';
import type { ExecutionDescription } from '../../execution-types.js';
import { write } from '../cli-output.js';
import { type CliSession, type CommonOptions, withCommonOptions } from '../cli-session.js';

/** Records are written to stdout in chunks of about this many characters. */
const CHUNK_CHARS = 64 * 1024;

interface OutputOptions extends CommonOptions {
  readonly stage?: string;
}

/**
 * `output ID [--stage S]`: a stage's records as JSON Lines on stdout, the count on stderr; with
 * `--json`, one object `{ executionId, status, stage, records, count }`. A run that did not
 * succeed is said so on stderr: what it left may be partial.
 */
export function registerOutputCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('output')
      .description("a stage's records as JSON Lines on stdout (default: the last stage's output)")
      .argument('<id>', 'the execution id')
      .option('--stage <name>', 'the stage whose output to print'),
  ).action(async (id: string, options: OutputOptions) => {
    const client = session.clientFor(options);
    const description = await client.describe(id);
    const records = client.output(id, options.stage);
    if (session.json) {
      const all: JsonRecord[] = [];
      for await (const record of records) all.push(record);
      await session.printJson({
        executionId: id,
        status: description.status,
        stage: options.stage ?? lastStageWithOutput(description),
        count: all.length,
        records: all,
      });
    } else {
      await write(process.stderr, `${await printLines(records)} records\n`);
    }
    if (description.status !== ExecutionStatus.Succeeded) {
      await write(process.stderr, partialWarning(description));
    }
  });
}

async function printLines(records: AsyncIterable<JsonRecord>): Promise<number> {
  let count = 0;
  let chunk = '';
  for await (const record of records) {
    chunk += `${JSON.stringify(record)}\n`;
    count++;
    if (chunk.length >= CHUNK_CHARS) {
      await write(process.stdout, chunk);
      chunk = '';
    }
  }
  await write(process.stdout, chunk);
  return count;
}

function lastStageWithOutput(description: ExecutionDescription): string | undefined {
  return description.stages.filter((stage) => stage.output !== undefined).at(-1)?.name;
}

function partialWarning(description: ExecutionDescription): string {
  const id = description.executionId;
  return description.status === ExecutionStatus.Running
    ? `warning: execution "${id}" is still RUNNING; later steps have not written their output yet\n`
    : `warning: execution "${id}" ended ${description.status}; its outputs may be partial\n`;
}
