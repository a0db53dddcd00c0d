import type { Command } from 'commander';
import { clockFrom } from '../../schedule/clock.js';
import { createScheduleStore } from '../../schedule/schedule-store.js';
import { type ScheduleReport, ScheduleState } from '../../schedule/schedule-types.js';
import { Schedules } from '../../schedule/schedules.js';
import { write } from '../cli-output.js';
import { type CliSession, type CommonOptions, withCommonOptions } from '../cli-session.js';

interface ScheduleOptions extends CommonOptions {
  readonly workflow?: string;
}

type Action = 'show' | 'pause' | 'resume';

const DESCRIPTIONS: Readonly<Record<Action, string>> = {
  show: "each scheduled workflow's expression, time zone, state, last run and next 5 run times",
  pause: 'pause the schedule: no run starts until it is resumed (AWS: State DISABLED)',
  resume: 'resume a paused schedule (AWS: State ENABLED)',
};

/**
 * `schedule show|pause|resume [--workflow W]`: a workflow's schedule, locally (the state in
 * CEAP_HOME, honoured by `ceap scheduler`) or on AWS (the deployed EventBridge Scheduler
 * schedule). Without --workflow, every workflow that has a schedule.
 */
export function registerScheduleCommand(program: Command, session: CliSession): void {
  const schedule = program
    .command('schedule')
    .description("show, pause or resume workflows' schedules");
  for (const action of Object.keys(DESCRIPTIONS) as Action[]) {
    withCommonOptions(
      schedule
        .command(action)
        .description(DESCRIPTIONS[action])
        .option('--workflow <name>', 'one workflow (default: every scheduled workflow)'),
    ).action(async (options: ScheduleOptions) => {
      const client = session.clientFor(options);
      const store = createScheduleStore(options.target, {
        ...(session.project.clientOptions().local.home !== undefined && {
          home: session.project.clientOptions().local.home,
        }),
        aws: {
          ...(options.prefix && { prefix: options.prefix }),
          ...(options.region && { region: options.region }),
        },
      });
      const schedules = new Schedules(client, store, clockFrom());
      const reports =
        action === 'show'
          ? await schedules.show(options.workflow)
          : await schedules.setState(
              action === 'pause' ? ScheduleState.Paused : ScheduleState.Active,
              options.workflow,
            );
      if (session.json) {
        await session.printJson({ schedules: reports });
        return;
      }
      await write(process.stdout, reports.map(describeSchedule).join('\n'));
    });
  }
}

function describeSchedule(report: ScheduleReport): string {
  const last = report.lastRun
    ? `${report.lastRun.executionId} ${report.lastRun.status} (started ${report.lastRun.startedAt}${report.lastRun.logicalDate ? `, logical date ${report.lastRun.logicalDate}` : ''})`
    : 'none';
  const next = report.nextRuns.map(
    (run) => `  ${run.localTime}  (${run.scheduledTime})  logical date ${run.logicalDate}`,
  );
  return [
    `${report.workflow}: ${report.expression} in ${report.timeZone} — ${report.state}${report.scheduleName ? ` (schedule ${report.scheduleName})` : ''}`,
    `Last run: ${last}`,
    `Next runs${report.state === ScheduleState.Paused ? ' (once resumed)' : ''}:`,
    ...next,
    '',
  ].join('\n');
}
