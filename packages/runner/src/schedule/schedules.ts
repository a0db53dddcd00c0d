import type { Workflow, WorkflowSchedule } from '@ceap/core/workflow';
import type { RunnerClient } from '../client/runner-client.js';
import { findWorkflow } from '../client/start-plan.js';
import { RunnerUsageError } from '../errors.js';
import { logicalDateOf } from './dated-runs.js';
import { scheduleTimes } from './schedule-expression.js';
import type {
  LastRun,
  ScheduledRun,
  ScheduleReport,
  ScheduleState,
  ScheduleStore,
  StoredSchedule,
} from './schedule-types.js';
import { wallMillis, wallTimeOf } from './zoned-time.js';

/** How many coming runs `show` lists. */
export const NEXT_RUNS_SHOWN = 5;

/** The workflows that declare a schedule, or the one named (refused, naming it, without one). */
export function scheduledWorkflows(
  workflows: readonly Workflow[],
  name?: string,
): (Workflow & { schedule: WorkflowSchedule })[] {
  const withSchedule = (w: Workflow): w is Workflow & { schedule: WorkflowSchedule } =>
    w.schedule !== undefined;
  if (name === undefined) return workflows.filter(withSchedule);
  const found = findWorkflow(Object.fromEntries(workflows.map((w) => [w.name, w])), name);
  if (!withSchedule(found)) {
    throw new RunnerUsageError(`--workflow ${name} has no schedule; give it one in its definition`);
  }
  return [found];
}

/**
 * `schedule show|pause|resume` over a target's store (files under CEAP_HOME, or EventBridge
 * Scheduler): each scheduled workflow's expression, zone, state, latest run and next run times.
 */
export class Schedules {
  constructor(
    private readonly client: RunnerClient,
    private readonly store: ScheduleStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async show(workflow?: string): Promise<ScheduleReport[]> {
    const reports: ScheduleReport[] = [];
    for (const found of scheduledWorkflows(this.client.workflows(), workflow)) {
      reports.push(
        await this.report(found.name, await this.store.read(found.name, found.schedule)),
      );
    }
    return reports;
  }

  /** Pauses or resumes the named workflow's schedule, or every scheduled workflow's. */
  async setState(state: ScheduleState, workflow?: string): Promise<ScheduleReport[]> {
    const reports: ScheduleReport[] = [];
    for (const found of scheduledWorkflows(this.client.workflows(), workflow)) {
      const stored = await this.store.setState(found.name, found.schedule, state);
      reports.push(await this.report(found.name, stored));
    }
    return reports;
  }

  private async report(workflow: string, stored: StoredSchedule): Promise<ScheduleReport> {
    const [latest] = await this.client.list({ workflow, limit: 1 });
    const lastRun: LastRun | null = latest
      ? {
          executionId: latest.executionId,
          status: latest.status,
          startedAt: latest.startedAt,
          ...(latest.logicalDate !== undefined && { logicalDate: latest.logicalDate }),
        }
      : null;
    return {
      workflow,
      target: this.client.target,
      ...stored,
      lastRun,
      nextRuns: nextRuns(stored, this.now(), NEXT_RUNS_SHOWN),
    };
  }
}

/** The next `count` runs of a schedule after `now`, each with its local time and logical date. */
export function nextRuns(
  schedule: { expression: string; timeZone: string },
  now: Date,
  count: number,
): ScheduledRun[] {
  return scheduleTimes(schedule)
    .next(count, now)
    .map((instant) => ({
      scheduledTime: instant.toISOString(),
      localTime: localTimeOf(instant, schedule.timeZone),
      logicalDate: logicalDateOf(instant, schedule.timeZone),
    }));
}

/** `2026-03-29T02:30+01:00`: the instant on the zone's clock, with the zone's offset then. */
export function localTimeOf(instant: Date, timeZone: string): string {
  const wall = wallTimeOf(instant, timeZone);
  const offsetMinutes = Math.round((wallMillis(wall) - instant.getTime()) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  const offset = `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}${offset}`;
}
