import type { Command } from 'commander';
import type { CleanReport } from '../../client/clean-types.js';
import { write } from '../cli-output.js';
import { type CliSession, type CommonOptions, withCommonOptions } from '../cli-session.js';
import { duration, positiveInteger } from '../option-values.js';

interface CleanOptions extends CommonOptions {
  readonly olderThan?: number;
  readonly keep?: number;
  readonly dryRun?: boolean;
}

/**
 * `clean [--older-than 7d] [--keep N] [--dry-run]`: deletes local executions (index record,
 * input, log, S3 objects) older than the age or beyond the newest N, never one still running,
 * and prints what it freed.
 */
export function registerCleanCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('clean')
      .description('delete old local executions and their data, and print what was freed')
      .option(
        '--older-than <age>',
        'delete executions started longer ago than this (7d, 12h, 30m)',
        duration,
      )
      .option('--keep <n>', 'delete every execution beyond the newest N', positiveInteger)
      .option('--dry-run', 'print what would be freed, delete nothing'),
  ).action(async (options: CleanOptions) => {
    const report = await session.clientFor(options).clean({
      ...(options.olderThan !== undefined && { olderThanMs: options.olderThan }),
      ...(options.keep !== undefined && { keep: options.keep }),
      dryRun: options.dryRun === true,
    });
    if (session.json) await session.printJson(report);
    else await write(process.stdout, forHumans(report));
  });
}

function forHumans(report: CleanReport): string {
  const verb = report.dryRun ? 'Would free' : 'Freed';
  const lines = report.executions.map(
    (id) => `${report.dryRun ? 'would delete' : 'deleted'} ${id}`,
  );
  lines.push(
    `${verb} ${report.executions.length} executions, ${report.objects} S3 objects, ${report.inputs} input copies, ${formatBytes(report.bytes)}`,
  );
  for (const id of report.skippedRunning) lines.push(`kept ${id}: still running`);
  return `${lines.join('\n')}\n`;
}

/** `512 B`, `3.4 KB`, `925.0 MB`, `1.2 GB` (powers of 1024). */
function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}
