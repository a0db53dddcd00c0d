import { setTimeout as sleep } from 'node:timers/promises';
import { isFailedStatus } from '../backfill/backfill.js';
import type { RunnerClient } from '../client/runner-client.js';
import { ExecutionAlreadyExistsError } from '../errors.js';
import type { ExecutionHandle } from '../execution-types.js';
import { scheduleTimes } from '../schedule/schedule-expression.js';
import { ScheduleState, type ScheduleStore } from '../schedule/schedule-types.js';
import { scheduledWorkflows } from '../schedule/schedules.js';
import { dueRuns } from './due-runs.js';
import type {
  LocalSchedulerOptions,
  SchedulerEvent,
  SchedulerReport,
  SchedulerRun,
} from './scheduler-types.js';
import { triggeredRuns, triggeredWorkflows } from './triggered-runs.js';

type Limit = ReturnType<typeof import('p-limit')>;

/** The cause a run stopped by the scheduler's shutdown records. */
export const SHUTDOWN_REASON = 'the scheduler shut down';

/**
 * The local `airflow scheduler`: starts each scheduled workflow's due runs in this process,
 * each under its date's id, so two schedulers (or a scheduler and a backfill) on one home never
 * start a date twice: the index's reservation lets one of them have the id. Runs of one
 * workflow go through a p-limit queue of `maxActive`. Each look re-reads the schedules' state,
 * so pause and resume take effect at the next look.
 */
export class LocalScheduler {
  private readonly now: () => Date;
  private readonly limits = new Map<string, Limit>();
  private readonly queued = new Set<string>();
  private readonly running = new Map<string, ExecutionHandle>();
  private readonly work = new Set<Promise<void>>();
  private readonly events: SchedulerEvent[] = [];
  private stopping = false;

  constructor(
    private readonly client: RunnerClient,
    private readonly store: ScheduleStore,
    private readonly options: LocalSchedulerOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
  }

  /** The scheduled workflows it looks after. */
  workflows(): ReturnType<typeof scheduledWorkflows> {
    return scheduledWorkflows(this.client.workflows());
  }

  /** Queues every run due now; returns them. */
  async tick(): Promise<SchedulerRun[]> {
    const queued: SchedulerRun[] = [];
    for (const workflow of this.workflows()) {
      const schedule = await this.store.read(workflow.name, workflow.schedule);
      if (schedule.state === ScheduleState.Paused) {
        this.emit({ kind: 'paused', workflow: workflow.name });
        continue;
      }
      const due = await dueRuns(
        this.client,
        workflow.name,
        schedule,
        this.now(),
        this.options.catchupLimit ?? 7,
      );
      queued.push(...this.enqueue(due));
    }
    for (const workflow of triggeredWorkflows(this.client.workflows())) {
      queued.push(
        ...this.enqueue(await triggeredRuns(this.client, workflow, this.queued, this.now())),
      );
    }
    return queued;
  }

  private enqueue(due: readonly SchedulerRun[]): SchedulerRun[] {
    const fresh = due.filter((r) => !this.queued.has(r.executionId));
    for (const run of fresh) {
      this.queued.add(run.executionId);
      this.track(this.limitOf(run.workflow)(() => this.run(run)));
    }
    return fresh;
  }

  /** Waits until every queued and running run has ended. */
  async drain(): Promise<void> {
    while (this.work.size > 0) await Promise.all([...this.work]);
  }

  /**
   * Looks at the schedules until `signal` aborts, sleeping until the next run is due (at most
   * `pollMs`), then shuts down: nothing queued starts, running runs are stopped (they end
   * ABORTED, resumable with `redrive` or `backfill --rerun failed`), and it returns once their
   * records are written, so no run is left RUNNING.
   */
  async runUntil(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await this.tick();
      await sleep(this.untilNextLook(), undefined, { signal }).catch(() => undefined);
    }
    await this.shutdown();
  }

  /**
   * Stops what is queued and running, and waits for the stopped runs' records. Queued runs are
   * let through their queue and start nothing (p-limit's clearQueue would leave them pending).
   */
  async shutdown(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      [...this.running.values()].map((handle) =>
        handle.stop(SHUTDOWN_REASON).catch(() => undefined),
      ),
    );
    await Promise.allSettled([...this.work]);
  }

  report(): SchedulerReport {
    const of = <K extends SchedulerEvent['kind']>(kind: K) =>
      this.events.filter((e): e is Extract<SchedulerEvent, { kind: K }> => e.kind === kind);
    const strip = ({ kind: _kind, ...run }: SchedulerRun & { kind: string }) => run;
    const ended = of('ended');
    return {
      started: of('started').map(strip),
      taken: of('taken').map(strip),
      ended,
      failed: ended.filter((e) => isFailedStatus(e.status) && !e.stoppedByShutdown).length,
    };
  }

  private async run(run: SchedulerRun): Promise<void> {
    if (this.stopping) return;
    let handle: ExecutionHandle;
    try {
      handle = await this.client.start({
        workflow: run.workflow,
        executionId: run.executionId,
        logicalDate: run.logicalDate,
        // A triggered run reads its object, as the deployed rule's input names it.
        ...(run.objectKey !== undefined && { input: { objectKey: run.objectKey } }),
      });
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExistsError)) throw error;
      this.emit({ kind: 'taken', ...run });
      return;
    }
    this.running.set(run.executionId, handle);
    this.emit({ kind: 'started', ...run });
    const ended = await handle.result().catch(() => handle.describe());
    this.running.delete(run.executionId);
    this.emit({
      kind: 'ended',
      ...run,
      status: ended.status,
      ...(ended.error !== undefined && { error: ended.error }),
      stoppedByShutdown: this.stopping && ended.cause === SHUTDOWN_REASON,
    });
  }

  private limitOf(workflow: string): Limit {
    let limit = this.limits.get(workflow);
    if (!limit) {
      const pLimit = require('p-limit') as typeof import('p-limit');
      limit = pLimit(this.options.maxActive ?? 1);
      this.limits.set(workflow, limit);
    }
    return limit;
  }

  private track(work: Promise<void>): void {
    const tracked = work.finally(() => this.work.delete(tracked));
    this.work.add(tracked);
  }

  private emit(event: SchedulerEvent): void {
    this.events.push(event);
    this.options.onEvent?.(event);
  }

  /** Milliseconds until the soonest next run of any schedule, at most `pollMs`. */
  private untilNextLook(): number {
    const poll = this.options.pollMs ?? 30_000;
    const now = this.now();
    const next = this.workflows()
      .flatMap((w) => scheduleTimes(w.schedule).next(1, now))
      .map((at) => at.getTime() - now.getTime());
    return Math.max(0, Math.min(poll, ...next));
  }
}
