import type { Workflow } from '@ceap/core/workflow';
import type { RunnerClient } from '../client/runner-client.js';
import { ExecutionStatus } from '../constants.js';
import {
  ExecutionAlreadyExistsError,
  ExecutionNotFoundError,
  RunnerUsageError,
} from '../errors.js';
import type { ExecutionDescription, ExecutionHandle } from '../execution-types.js';
import { assertLogicalDates, datedExecutionId, dateRange } from '../schedule/dated-runs.js';
import {
  BackfillAction,
  type BackfillDate,
  type BackfillReport,
  type BackfillRequest,
  RerunPolicy,
} from './backfill-types.js';

/** The cause of a run the backfill stopped when it was interrupted. */
export const BACKFILL_STOPPED = 'the backfill was interrupted';

const FAILED: ReadonlySet<string> = new Set([
  ExecutionStatus.Failed,
  ExecutionStatus.TimedOut,
  ExecutionStatus.Aborted,
]);

/** True for a run that ended FAILED, TIMED_OUT or ABORTED. */
export function isFailedStatus(status: string): boolean {
  return FAILED.has(status);
}

/**
 * Runs a workflow once per logical date from `from` to `to`, at most `maxActive` at once (a
 * p-limit queue, dates in order), each under its date's id ({@link datedExecutionId}), so a
 * repeated backfill never runs a date twice: `rerun` decides what a date that already ran
 * does. Everything is checked before anything starts; a workflow with no logical date, a bad
 * or inverted range or one over 366 days throws RunnerUsageError naming the value.
 */
export async function runBackfill(
  client: RunnerClient,
  workflow: Workflow,
  request: BackfillRequest,
): Promise<BackfillReport> {
  assertLogicalDates(workflow);
  const dates = dateRange(request.from, request.to);
  const maxActive = request.maxActive ?? 1;
  if (!Number.isSafeInteger(maxActive) || maxActive < 1) {
    throw new RunnerUsageError(`--max-active ${maxActive} must be a whole number of 1 or more`);
  }
  const rerun = request.rerun ?? RerunPolicy.None;
  if (!Object.values(RerunPolicy).includes(rerun)) {
    throw new RunnerUsageError(`--rerun ${JSON.stringify(rerun)} must be none, failed or all`);
  }
  const rows: BackfillDate[] = [];
  for (const logicalDate of dates) rows.push(await plan(client, workflow.name, logicalDate, rerun));
  const set = (index: number, row: BackfillDate) => {
    rows[index] = row;
    request.onUpdate?.(row);
  };
  for (const [index, row] of rows.entries()) set(index, row);
  if (!request.dryRun) {
    // Loaded when a backfill runs, so the CLI's other commands start without it.
    const pLimit = require('p-limit') as typeof import('p-limit');
    const limit = pLimit(maxActive);
    await Promise.all(
      rows.map((row, index) =>
        row.action === BackfillAction.Skip
          ? undefined
          : limit(() =>
              runDate(client, workflow.name, row, (next) => set(index, next), request.signal),
            ),
      ),
    );
  }
  return report(client, workflow.name, request, { rerun, maxActive, rows });
}

/** The date's latest run (the highest `-r{n}` that exists), and the next free run number. */
async function latestRun(
  client: RunnerClient,
  workflow: string,
  logicalDate: string,
): Promise<{ latest?: ExecutionDescription; next: number }> {
  let latest: ExecutionDescription | undefined;
  for (let run = 1; ; run++) {
    try {
      latest = await client.describe(datedExecutionId(workflow, logicalDate, run));
    } catch (error) {
      if (error instanceof ExecutionNotFoundError) return { latest, next: run };
      throw error;
    }
  }
}

/** What one date will do, from its latest run and the rerun policy. */
async function plan(
  client: RunnerClient,
  workflow: string,
  logicalDate: string,
  rerun: RerunPolicy,
): Promise<BackfillDate> {
  const { latest, next } = await latestRun(client, workflow, logicalDate);
  const fresh = { logicalDate, status: 'PENDING' as const };
  if (!latest) {
    const executionId = datedExecutionId(workflow, logicalDate);
    return { ...fresh, executionId, action: BackfillAction.Start };
  }
  const previousStatus = latest.status;
  if (rerun === RerunPolicy.All) {
    const executionId = datedExecutionId(workflow, logicalDate, next);
    return { ...fresh, executionId, action: BackfillAction.Start, previousStatus };
  }
  if (rerun === RerunPolicy.Failed && isFailedStatus(previousStatus)) {
    const { executionId } = latest;
    return { ...fresh, executionId, action: BackfillAction.Redrive, previousStatus };
  }
  return { ...rowOf(latest, logicalDate), action: BackfillAction.Skip, previousStatus };
}

/** Starts or redrives one date's run and follows it to its end; an aborted signal stops it. */
async function runDate(
  client: RunnerClient,
  workflow: string,
  row: BackfillDate,
  update: (row: BackfillDate) => void,
  signal?: AbortSignal,
): Promise<void> {
  if (signal?.aborted) return;
  const onProgress = (d: ExecutionDescription) => update({ ...row, ...rowOf(d, row.logicalDate) });
  let handle: ExecutionHandle;
  try {
    handle =
      row.action === BackfillAction.Redrive
        ? await client.redrive(row.executionId, { onProgress })
        : await client.start({
            workflow,
            executionId: row.executionId,
            logicalDate: row.logicalDate,
            onProgress,
          });
  } catch (error) {
    if (!(error instanceof ExecutionAlreadyExistsError)) throw error;
    update(await takenRow(client, row, error));
    return;
  }
  const stop = () => void handle.stop(BACKFILL_STOPPED).catch(() => undefined);
  signal?.addEventListener('abort', stop, { once: true });
  update({ ...row, ...rowOf(await handle.describe(), row.logicalDate) });
  const ended = await handle.result().catch(() => handle.describe());
  signal?.removeEventListener('abort', stop);
  update({ ...row, ...rowOf(ended, row.logicalDate) });
}

/**
 * Another backfill or the scheduler took the id first: that run is the date's. (On AWS an
 * Express run's name is guarded but the run is not kept, so there may be nothing to describe.)
 */
async function takenRow(
  client: RunnerClient,
  row: BackfillDate,
  error: ExecutionAlreadyExistsError,
): Promise<BackfillDate> {
  try {
    const taken = await client.describe(row.executionId);
    return { ...row, ...rowOf(taken, row.logicalDate), action: BackfillAction.Skip };
  } catch (described) {
    if (!(described instanceof ExecutionNotFoundError)) throw described;
    return { ...row, action: BackfillAction.Skip, error: error.name, cause: error.message };
  }
}

function rowOf(
  d: ExecutionDescription,
  logicalDate: string,
): Omit<BackfillDate, 'action' | 'previousStatus'> {
  return {
    logicalDate,
    executionId: d.executionId,
    status: d.status,
    startedAt: d.redriveDate ?? d.startedAt,
    ...(d.stoppedAt !== undefined && { stoppedAt: d.stoppedAt }),
    ...(d.error !== undefined && { error: d.error }),
    ...(d.cause !== undefined && { cause: d.cause }),
  };
}

function report(
  client: RunnerClient,
  workflow: string,
  request: BackfillRequest,
  done: { rerun: RerunPolicy; maxActive: number; rows: readonly BackfillDate[] },
): BackfillReport {
  const { rows } = done;
  const count = (test: (row: BackfillDate) => boolean) => rows.filter(test).length;
  return {
    workflow,
    target: client.target,
    from: request.from,
    to: request.to,
    rerun: done.rerun,
    maxActive: done.maxActive,
    dryRun: request.dryRun ?? false,
    dates: rows,
    started: count((r) => r.action === BackfillAction.Start),
    redriven: count((r) => r.action === BackfillAction.Redrive),
    skipped: count((r) => r.action === BackfillAction.Skip),
    succeeded: count((r) => r.status === ExecutionStatus.Succeeded),
    failed: count((r) => isFailedStatus(r.status)),
  };
}
