import type { JsonRecord } from '@ceap/core';
import type { Command } from 'commander';
import { write } from '../cli-output.js';
import { type CliSession, type CommonOptions, withCommonOptions } from '../cli-session.js';
import { positiveInteger } from '../option-values.js';

interface RejectsOptions extends CommonOptions {
  readonly step: string;
  readonly reason?: string;
  readonly limit?: number;
}

/**
 * `rejects ID --step S [--reason R] [--limit N]`: a step's rejected records with their reasons,
 * as JSON Lines on stdout and the counts on stderr; with `--json`, one object
 * `{ executionId, step, rejected, rejectedBy, rejects }`.
 */
export function registerRejectsCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('rejects')
      .description("a step's rejected records with their reasons, as JSON Lines")
      .argument('<id>', 'the execution id')
      .requiredOption('--step <name>', 'the step whose rejects to print')
      .option('--reason <reason>', 'only the rejects with this reason')
      .option('--limit <n>', 'at most this many rejects', positiveInteger),
  ).action(async (id: string, options: RejectsOptions) => {
    const found = await session.clientFor(options).rejects(id, {
      step: options.step,
      ...(options.reason !== undefined && { reason: options.reason }),
      ...(options.limit !== undefined && { limit: options.limit }),
    });
    const { records, ...counts } = found;
    if (session.json) {
      const rejects: JsonRecord[] = [];
      for await (const record of records) rejects.push(record);
      await session.printJson({ ...counts, rejects });
      return;
    }
    let printed = 0;
    for await (const record of records) {
      await write(process.stdout, `${JSON.stringify(record)}\n`);
      printed++;
    }
    await write(process.stderr, `${summary(found, printed)}\n`);
  });
}

function summary(found: { step: string; rejected: number; rejectedBy: object }, printed: number) {
  if (found.rejected === 0) return `${found.step} rejected no records`;
  const reasons = Object.entries(found.rejectedBy)
    .map(([reason, count]) => `${reason}=${count}`)
    .join(' ');
  return `${printed} of ${found.rejected} rejected records of ${found.step}${reasons ? ` (${reasons})` : ''}`;
}
