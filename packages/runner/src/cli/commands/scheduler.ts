import type { Command } from 'commander';
import { ExitCode, Target } from '../../constants.js';
import { RunnerUsageError } from '../../errors.js';
import { clockFrom } from '../../schedule/clock.js';
import { createScheduleStore } from '../../schedule/schedule-store.js';
import { localTimeOf } from '../../schedule/schedules.js';
import { LocalScheduler } from '../../scheduler/local-scheduler.js';
import type { SchedulerEvent } from '../../scheduler/scheduler-types.js';
import { triggeredWorkflows } from '../../scheduler/triggered-runs.js';
import { write } from '../cli-output.js';
import { type CliSession, type CommonOptions, withCommonOptions } from '../cli-session.js';
import { positiveInteger } from '../option-values.js';

interface SchedulerOptions extends CommonOptions {
  readonly once?: boolean;
  readonly catchupLimit: number;
  readonly maxActive: number;
}

/**
 * `scheduler`: the local scheduler in the foreground (Airflow's `airflow scheduler`). It starts
 * each scheduled workflow's due runs, catches up missed ones, and on SIGTERM or Ctrl-C stops
 * its running runs (they end ABORTED) and exits once their records are written. `--once`
 * starts what is due, waits for it and exits: 1 when a run failed.
 */
export function registerSchedulerCommand(program: Command, session: CliSession): void {
  withCommonOptions(
    program
      .command('scheduler')
      .description('run the schedules locally: start each workflow’s runs when due, in its zone')
      .option('--once', 'start what is due now, wait for it, and exit')
      .option(
        '--catchup-limit <n>',
        'per workflow, the most missed runs started',
        positiveInteger,
        7,
      )
      .option('--max-active <n>', 'per workflow, the most runs at once', positiveInteger, 1),
  ).action(async (options: SchedulerOptions) => {
    if (options.target !== Target.Local) {
      throw new RunnerUsageError(
        '--target aws: on AWS, EventBridge Scheduler runs the schedules; see them with schedule show --target aws',
      );
    }
    const client = session.clientFor(options);
    const home = session.project.clientOptions().local.home;
    const store = createScheduleStore(Target.Local, { ...(home !== undefined && { home }) });
    const scheduler = new LocalScheduler(client, store, {
      catchupLimit: options.catchupLimit,
      maxActive: options.maxActive,
      now: clockFrom(),
      onEvent: (event) => process.stderr.write(eventLine(event)),
    });
    if (options.once) {
      await scheduler.tick();
      await scheduler.drain();
    } else {
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const watched = [...scheduler.workflows(), ...triggeredWorkflows(client.workflows())];
      const names = [...new Set(watched.map((w) => w.name))].join(', ');
      process.stderr.write(
        `Scheduler looking after ${names || 'no scheduled or triggered workflow'} (Ctrl-C to stop)\n`,
      );
      await scheduler.runUntil(stop.signal);
    }
    const report = scheduler.report();
    if (session.json) await session.printJson({ once: options.once ?? false, ...report });
    else
      await write(
        process.stdout,
        `Scheduler: started ${report.started.length}, already taken ${report.taken.length}, failed ${report.failed}\n`,
      );
    if (report.failed > 0) process.exitCode = ExitCode.ExecutionFailed;
  });
}

function eventLine(event: SchedulerEvent): string {
  if (event.kind === 'paused') return `${event.workflow}: paused, nothing started\n`;
  const what = `${event.workflow} ${event.logicalDate} ${event.executionId}`;
  if (event.kind === 'started')
    return `${what} started (scheduled ${localTimeOf(new Date(event.scheduledTime), 'UTC')})\n`;
  if (event.kind === 'taken') return `${what} already taken by another scheduler or backfill\n`;
  return `${what} ${event.status}${event.error ? ` ${event.error}` : ''}\n`;
}
