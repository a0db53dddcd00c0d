import type { JsonRecord } from '@ceap/core';
import type { Command } from 'commander';
import { write } from '../cli-output.js';
import { type CliSession, type CommonOptions, withCommonOptions } from '../cli-session.js';
import { positiveInteger } from '../option-values.js';

interface RejectsOptions extends CommonOptions {
  readonly step: string;
  readonly reason?: string;
  readonly limit?: number;
  readonly filtered?: boolean;
}

/**
 * `rejects ID --step S [--reason R] [--limit N] [--filtered]`: a step's rejected records with
 * their reasons (with `--filtered`, the records it dropped on purpose, with their rules), as
 * JSON Lines on stdout and the counts on stderr; with `--json`, one object
 * `{ executionId, step, rejected, rejectedBy, filtered, filteredBy, rejects | filteredRecords }`.
 */
export function registerRejectsCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('rejects')
      .description("a step's rejected records with their reasons, as JSON Lines")
      .argument('<id>', 'the execution id')
      .requiredOption('--step <name>', 'the step whose rejects to print')
      .option('--reason <reason>', 'only the rejects with this reason')
      .option('--limit <n>', 'at most this many rejects', positiveInteger)
      .option('--filtered', 'the records the step dropped on purpose, with their rules, instead'),
  ).action(async (id: string, options: RejectsOptions) => {
    const found = await session.clientFor(options).rejects(id, {
      step: options.step,
      ...(options.reason !== undefined && { reason: options.reason }),
      ...(options.limit !== undefined && { limit: options.limit }),
      ...(options.filtered && { filtered: true }),
    });
    const { records, ...counts } = found;
    if (session.json) {
      const listed: JsonRecord[] = [];
      for await (const record of records) listed.push(record);
      await session.printJson({
        ...counts,
        [options.filtered ? 'filteredRecords' : 'rejects']: listed,
      });
      return;
    }
    let printed = 0;
    for await (const record of records) {
      await write(process.stdout, `${JSON.stringify(record)}\n`);
      printed++;
    }
    const [verb, total, byReason] = options.filtered
      ? ['filtered', found.filtered, found.filteredBy]
      : ['rejected', found.rejected, found.rejectedBy];
    await write(process.stderr, `${summary(found.step, verb, total, byReason, printed)}\n`);
  });
}

function summary(
  step: string,
  verb: string,
  total: number,
  byReason: Readonly<Record<string, number>>,
  printed: number,
): string {
  if (total === 0) return `${step} ${verb} no records`;
  const reasons = Object.entries(byReason)
    .map(([reason, count]) => `${reason}=${count}`)
    .join(' ');
  return `${printed} of ${total} ${verb} records of ${step}${reasons ? ` (${reasons})` : ''}`;
}
