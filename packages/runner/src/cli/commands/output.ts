import type { Command } from 'commander';
import { write } from '../cli-output.js';
import { type CliSession, type CommonOptions, withCommonOptions } from '../cli-session.js';

/** Records are written to stdout in chunks of about this many characters. */
const CHUNK_CHARS = 64 * 1024;

/** `output ID [--stage S]`: a stage's records as JSON Lines on stdout; the count on stderr. */
export function registerOutputCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('output')
      .description("a stage's records as JSON Lines on stdout (default: the last stage's output)")
      .argument('<id>', 'the execution id')
      .option('--stage <name>', 'the stage whose output to print'),
  ).action(async (id: string, options: CommonOptions & { stage?: string }) => {
    let count = 0;
    let chunk = '';
    for await (const record of session.clientFor(options).output(id, options.stage)) {
      chunk += `${JSON.stringify(record)}\n`;
      count++;
      if (chunk.length >= CHUNK_CHARS) {
        await write(process.stdout, chunk);
        chunk = '';
      }
    }
    await write(process.stdout, chunk);
    await write(process.stderr, `${count} records\n`);
  });
}
