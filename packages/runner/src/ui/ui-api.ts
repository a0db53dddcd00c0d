import type { JsonRecord } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import type { RunnerClient } from '../client/runner-client.js';
import { DEFAULT_STOP_REASON, ExecutionStatus } from '../constants.js';
import type { ExecutionDescription, ExecutionHandle } from '../execution-types.js';
import { dagModel } from '../graph/dag-model.js';
import { hasLogicalDates } from '../schedule/dated-runs.js';
import { maskRecord } from './record-mask.js';
import { runTimeline } from './run-timeline.js';
import type { UiSchedules } from './schedule-view.js';
import type {
  UiDescription,
  UiGrid,
  UiRun,
  UiRunSummary,
  UiStartRequest,
  UiWorkflows,
} from './ui-api-types.js';
import type { UiBackfills } from './ui-backfills.js';
import { UiRequestError } from './ui-params.js';

/** What the API answers with: the client, the project's workflows and the server's choices. */
export interface UiApiContext {
  readonly client: RunnerClient;
  readonly workflows: Readonly<Record<string, Workflow>>;
  readonly schedules: UiSchedules;
  /** The backfills this server runs in its background. */
  readonly backfills: UiBackfills;
  /** Start runs detached (they outlive the server), or in the server's own process. */
  readonly detach: boolean;
  /** Runs that have ended, as described once: an ended run never changes (until a redrive). */
  readonly ended: Map<string, ExecutionDescription>;
}

/** How many runs the Workflows page shows, and how many columns the grid has. */
const LAST_RUNS = 10;
const GRID_RUNS = 25;

/** The Workflows page: each workflow, its schedule and its last runs. */
export async function workflowsView(context: UiApiContext): Promise<UiWorkflows> {
  const workflows = await Promise.all(
    Object.values(context.workflows).map(async (workflow) => {
      const listed = await context.client.list({ workflow: workflow.name, limit: LAST_RUNS }).then(
        (runs) => ({ lastRuns: runs.map(summaryOf) }),
        // One workflow's runs that cannot be listed (AWS lists no Express executions) leave the
        // others' shown.
        (error: Error) => ({ lastRuns: [], note: error.message }),
      );
      return {
        name: workflow.name,
        type: workflow.type,
        ...(workflow.description !== undefined && { description: workflow.description }),
        steps: workflow.steps.map((step) => step.name),
        schedule: await context.schedules.view(workflow),
        logicalDates: hasLogicalDates(workflow),
        ...listed,
      };
    }),
  );
  return { target: context.client.target, workflows };
}

/** The grid: runs by logical date (oldest first, as time reads left to right) × steps. */
export async function gridView(context: UiApiContext, workflow: Workflow): Promise<UiGrid> {
  const listed = await context.client.list({ workflow: workflow.name, limit: GRID_RUNS });
  const runs = await Promise.all(listed.map((run) => withSteps(context, run)));
  const ordered = [...runs].sort(
    (a, b) =>
      (a.logicalDate ?? '').localeCompare(b.logicalDate ?? '') ||
      a.startedAt.localeCompare(b.startedAt),
  );
  return {
    workflow: workflow.name,
    logicalDates: hasLogicalDates(workflow),
    steps: workflow.steps.map((step) => step.name),
    runs: ordered.map((run) => ({
      ...summaryOf(run),
      cells: Object.fromEntries(run.stages.map((stage) => [stage.name, stage.status])),
    })),
  };
}

/**
 * A listed run with its step rows. The local index lists them; AWS's ListExecutions does not,
 * so each run is described, and a run that has ended only once (its history no longer changes).
 */
async function withSteps(
  context: UiApiContext,
  run: ExecutionDescription,
): Promise<ExecutionDescription> {
  if (run.stages.length > 0) return run;
  const known = context.ended.get(run.executionId);
  if (known && known.status === run.status && known.stoppedAt === run.stoppedAt) return known;
  const described = await context.client.describe(run.executionId);
  if (described.status !== ExecutionStatus.Running) context.ended.set(run.executionId, described);
  return described;
}

/** The Run page: the run as `status --json` has it, its DAG and its Gantt timeline. */
export async function runView(
  context: UiApiContext,
  executionId: string,
  showValues: boolean,
  now: number = Date.now(),
): Promise<UiRun> {
  const description = await context.client.describe(executionId);
  const workflow = context.workflows[description.workflow];
  if (!workflow) {
    throw new UiRequestError(
      404,
      `execution "${executionId}" ran workflow "${description.workflow}", which this project does not declare`,
    );
  }
  const manifest = await context.client.manifest(executionId);
  // An input that cannot be read back (a record from before inputs were kept) is left out.
  const input = await context.client.input(executionId).catch(() => undefined);
  const end = description.stoppedAt !== undefined ? Date.parse(description.stoppedAt) : now;
  return {
    description: descriptionOf(description),
    dag: dagModel(workflow),
    timeline: runTimeline(description, manifest, now),
    durationMs: Math.max(0, end - Date.parse(description.startedAt)),
    ...(input && { input: showValues ? input : maskRecord(input) }),
  };
}

/** Starts a run through the client, as `ceap start` (or `start --no-wait`) does. */
export async function startRun(
  context: UiApiContext,
  request: UiStartRequest,
): Promise<UiDescription> {
  const handle = await context.client.start({
    workflow: request.workflow,
    ...(request.input && { input: request.input as JsonRecord }),
    ...(request.logicalDate !== undefined && { logicalDate: request.logicalDate }),
    ...(request.executionId !== undefined && { executionId: request.executionId }),
    detach: context.detach,
  });
  return descriptionOf(await settled(handle).describe());
}

/** Stops a running run, as `ceap stop` does; one that has ended is refused (409). */
export async function stopRun(
  context: UiApiContext,
  executionId: string,
  reason: string = DEFAULT_STOP_REASON,
): Promise<UiDescription> {
  const before = await context.client.describe(executionId);
  if (before.status !== ExecutionStatus.Running) {
    throw new UiRequestError(
      409,
      `execution "${executionId}" is ${before.status}; only a RUNNING execution can be stopped`,
    );
  }
  await (await context.client.getHandle(executionId)).stop(reason);
  return descriptionOf(await context.client.describe(executionId));
}

/** Redrives a FAILED, TIMED_OUT or ABORTED run, as `ceap redrive` does. */
export async function redriveRun(
  context: UiApiContext,
  executionId: string,
): Promise<UiDescription> {
  const handle = await context.client.redrive(executionId);
  return descriptionOf(await settled(handle).describe());
}

/**
 * A run this process waits for ends on its own; its outcome is read from the index like any
 * other's, so the handle's own result (a failure included) is only kept from going unhandled.
 */
function settled(handle: ExecutionHandle): ExecutionHandle {
  handle.result().catch(() => undefined);
  return handle;
}

function summaryOf(run: ExecutionDescription): UiRunSummary {
  return {
    executionId: run.executionId,
    status: run.status,
    ...(run.logicalDate !== undefined && { logicalDate: run.logicalDate }),
    startedAt: run.startedAt,
    ...(run.stoppedAt !== undefined && { stoppedAt: run.stoppedAt }),
  };
}

/** The description without what stays on the server (the log file's path). */
function descriptionOf(description: ExecutionDescription): UiDescription {
  const { logFile: _logFile, executionArn: _arn, attempts: _attempts, ...rest } = description;
  return rest;
}
