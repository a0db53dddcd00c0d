import { type Command, Option } from 'commander';
import { RerunPolicy } from '../../backfill/backfill-types.js';
import { ExitCode } from '../../constants.js';
import { BackfillRenderer, backfillTable } from '../backfill-renderer.js';
import { write } from '../cli-output.js';
import { type CliSession, type CommonOptions, withCommonOptions } from '../cli-session.js';
import { positiveInteger } from '../option-values.js';
import { createStyler } from '../terminal-format.js';

interface BackfillOptions extends CommonOptions {
  readonly workflow: string;
  readonly from: string;
  readonly to: string;
  readonly maxActive: number;
  readonly rerun: RerunPolicy;
  readonly dryRun?: boolean;
}

/**
 * `backfill`: one run per logical date from `--from` to `--to`, each under its date's id so a
 * repeated backfill never runs a date twice; live progress per date on stderr, the summary
 * table on stdout (or one JSON object); exit 1 when any date's run failed.
 */
export function registerBackfillCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('backfill')
      .description('run a workflow once per logical date in a range (dates that ran are skipped)')
      .requiredOption('--workflow <name>', 'the workflow (one with logical dates)')
      .requiredOption('--from <date>', 'the first logical date, YYYY-MM-DD')
      .requiredOption('--to <date>', 'the last logical date, YYYY-MM-DD (at most 366 days on)')
      .option('--max-active <n>', 'runs at once, at most', positiveInteger, 1)
      .addOption(
        new Option(
          '--rerun <policy>',
          'a date that already ran: skip it, redrive it if it failed, or run it again',
        )
          .choices(Object.values(RerunPolicy))
          .default(RerunPolicy.None),
      )
      .option('--dry-run', 'print what each date would do, and start nothing'),
  ).action(async (options: BackfillOptions) => {
    const client = session.clientFor(options);
    const renderer = new BackfillRenderer(process.stderr);
    // Ctrl-C or SIGTERM: start nothing more and stop the runs under way (they end ABORTED).
    const interrupt = new AbortController();
    process.on('SIGINT', () => interrupt.abort());
    process.on('SIGTERM', () => interrupt.abort());
    const report = await client
      .backfill({
        workflow: options.workflow,
        from: options.from,
        to: options.to,
        maxActive: options.maxActive,
        rerun: options.rerun,
        dryRun: options.dryRun ?? false,
        signal: interrupt.signal,
        ...(!session.json && { onUpdate: (row) => renderer.update(row) }),
      })
      .finally(() => renderer.finish());
    if (session.json) {
      await session.printJson(report);
    } else {
      const table = backfillTable(report.dates, createStyler(process.stdout));
      const what = report.dryRun ? 'would start' : 'started';
      const summary = `Backfill ${report.workflow} ${report.from}..${report.to} (${report.target}): ${report.dates.length} dates, ${what} ${report.started}, redrove ${report.redriven}, skipped ${report.skipped}; ${report.succeeded} succeeded, ${report.failed} failed`;
      await write(process.stdout, `${table.join('\n')}\n${summary}\n`);
    }
    if (report.failed > 0) process.exitCode = ExitCode.ExecutionFailed;
  });
}
