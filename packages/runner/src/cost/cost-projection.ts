import { compileWorkflow, type Workflow } from '@ceap/core/workflow';
import { ExecutionStatus, StageStatus } from '../constants.js';
import { UsageNotRecordedError } from '../errors.js';
import type { ExecutionDescription, ExecutionFilter } from '../execution-types.js';
import { expressUnitPrice, expressUnits, gbSeconds } from './billing-units.js';
import { type CostLine, type CostSummary, costLine, totalOf } from './cost-lines.js';
import { multiply, whole } from './decimal.js';
import { inWorkflowOrder, taskStates, transitionsPerRun } from './definition-walk.js';
import { DEPLOYED_LAMBDA, glueJobDpus, type PricesInUse } from './execution-cost.js';
import type { ExecutionUsage } from './execution-usage.js';
import { mwaaLines } from './mwaa-cost.js';

/**
 * Per-run figures when no earlier run of the workflow was measured: a Lambda invocation takes
 * 100 ms plus 30 ms per 1,000 records (the shipped stages, measured locally, run at 20-40 ms per
 * 1,000), a Glue run 2 minutes, a Map step maps over 1 part, and a run carries 1,000 records.
 */
export const PROJECTION_DEFAULTS = {
  lambdaBaseMs: 100,
  lambdaMsPer1000Records: 30,
  glueRunMs: 120_000,
  mapIterations: 1,
  records: 1_000,
} as const;

/** A run of the workflow measured locally: its description and recorded usage. */
export interface MeasuredRun {
  readonly description: ExecutionDescription;
  readonly usage: ExecutionUsage;
}

/** What `ceap cost --workflow W --runs N` asks. */
export interface CostProjectionRequest {
  readonly workflow: string;
  /** Runs in a month. */
  readonly runs: number;
  /** Records per run. @default the measured run's, else 1,000 */
  readonly records?: number;
  readonly prices?: PricesInUse;
}

/** N runs of a workflow on ceap, next to an always-on MWAA environment for the month. */
export interface CostProjection {
  readonly workflow: string;
  readonly type: 'EXPRESS' | 'STANDARD';
  readonly runs: number;
  readonly recordsPerRun: number;
  /** The run whose durations were used, if any. */
  readonly measuredFrom?: string;
  readonly ceap: CostSummary;
  readonly mwaa: CostSummary;
}

/** The per-run quantities the projection multiplies by N. */
interface PerRun {
  readonly transitions: number;
  readonly durationMs: number;
  readonly lambdas: { state: string; invocations: number; ms: number }[];
  readonly glue: { state: string; ms: number }[];
}

/**
 * Projects N runs: per-run transitions from the compiled definition (its longest path, a Map
 * at its measured iterations), Lambda and Glue durations from the last local run of the
 * workflow scaled to `records` (else {@link PROJECTION_DEFAULTS}), priced as `ceap cost` prices
 * one run, beside a month of the smallest MWAA environment.
 */
export function projectCost(
  workflow: Workflow,
  request: CostProjectionRequest,
  prices: PricesInUse,
  measured?: MeasuredRun,
): CostProjection {
  const measuredRecords = measured?.description.stages[0]?.received;
  const records = request.records ?? measuredRecords ?? PROJECTION_DEFAULTS.records;
  const perRun = perRunFigures(workflow, records, measured);
  const lines = projectedLines(workflow, perRun, request.runs, prices);
  const notes = [
    measured
      ? `per run: ${perRun.transitions} state transitions, as ${measured.description.executionId} made them`
      : `per run: ${perRun.transitions} state transitions (the compiled definition's longest path: every step once, a sensor's first look succeeds)`,
    measured
      ? `durations from ${measured.description.executionId} (local, ${measuredRecords ?? '?'} records), scaled to ${records} records a run`
      : `no local run of ${workflow.name} to measure: a Lambda invocation takes ${PROJECTION_DEFAULTS.lambdaBaseMs} ms + ${PROJECTION_DEFAULTS.lambdaMsPer1000Records} ms per 1,000 records, a Glue run ${PROJECTION_DEFAULTS.glueRunMs / 60_000} minutes, a Map maps ${PROJECTION_DEFAULTS.mapIterations} part`,
    `Lambda: ${DEPLOYED_LAMBDA.memoryMb} MB ${DEPLOYED_LAMBDA.architecture}, as infra deploys every stage function`,
    ...(perRun.glue.length ? [`Glue: ${glueJobDpus().describe}, at least 1 minute a run`] : []),
    'Free tiers are not applied; S3, SQS, CloudWatch and data transfer are not included',
  ];
  const meta = summaryMeta(prices);
  return {
    workflow: workflow.name,
    type: workflow.type,
    runs: request.runs,
    recordsPerRun: records,
    ...(measured && { measuredFrom: measured.description.executionId }),
    ceap: { lines, ...totalOf(lines), ...meta, notes },
    mwaa: { ...mwaaLines(prices.table), ...meta },
  };
}

function summaryMeta(prices: PricesInUse) {
  return {
    currency: prices.table.currency,
    region: prices.table.region,
    pricesAsOf: prices.table.asOf,
    pricesFiles: prices.files,
  };
}

function perRunFigures(workflow: Workflow, records: number, measured?: MeasuredRun): PerRun {
  const definition = compileWorkflow(workflow);
  const stages = new Map(measured?.description.stages.map((stage) => [stage.name, stage]));
  const iterations = (mapState: string) =>
    Math.max(1, stages.get(mapState)?.iterations ?? PROJECTION_DEFAULTS.mapIterations);
  const received = measured?.description.stages[0]?.received;
  const scale = measured && received ? records / received : 1;
  const states = inWorkflowOrder(workflow, taskStates(definition));
  const estimate = (state: string, service: 'lambda' | 'glue'): number => {
    const used = measured?.usage.tasks[state];
    if (used && used.attempts > 0) {
      return service === 'glue'
        ? used.durationMs / used.attempts
        : (used.durationMs / used.attempts) * scale;
    }
    if (service === 'glue') return PROJECTION_DEFAULTS.glueRunMs;
    return (
      PROJECTION_DEFAULTS.lambdaBaseMs +
      (PROJECTION_DEFAULTS.lambdaMsPer1000Records * records) / 1000
    );
  };
  const lambdas = states
    .filter((s) => s.service === 'lambda')
    .filter((s) => stages.get(s.inMap ?? s.name)?.status !== StageStatus.Skipped)
    .map((s) => ({
      state: s.name,
      invocations: s.inMap ? iterations(s.inMap) : 1,
      ms: Math.ceil(estimate(s.name, 'lambda') / (s.inMap ? iterations(s.inMap) : 1)),
    }));
  const glue = states
    .filter((s) => s.service === 'glue')
    .map((s) => ({ state: s.name, ms: Math.ceil(estimate(s.name, 'glue')) }));
  const lambdaMs = lambdas.reduce((sum, l) => sum + l.ms * l.invocations, 0);
  const startedAt = Date.parse(measured?.description.startedAt ?? '');
  const stoppedAt = Date.parse(measured?.description.stoppedAt ?? '');
  const measuredMs = Number.isFinite(stoppedAt - startedAt) ? (stoppedAt - startedAt) * scale : 0;
  return {
    transitions: measured?.usage.transitions ?? transitionsPerRun(definition, iterations),
    durationMs: Math.max(lambdaMs, Math.ceil(measuredMs)),
    lambdas,
    glue,
  };
}

function projectedLines(
  workflow: Workflow,
  perRun: PerRun,
  runs: number,
  prices: PricesInUse,
): CostLine[] {
  const table = prices.table;
  const n = whole(runs);
  const lines: CostLine[] = [];
  if (workflow.type === 'STANDARD') {
    const transitions = whole(perRun.transitions * runs);
    const price = table.stepFunctions.standardPerTransition;
    lines.push(costLine('Step Functions', 'state transitions', transitions, 'transition', price));
  } else {
    const sfn = table.stepFunctions;
    lines.push(costLine('Step Functions', 'Express requests', n, 'request', sfn.expressPerRequest));
    const units = whole(expressUnits(perRun.durationMs) * runs);
    lines.push(
      costLine(
        'Step Functions',
        'Express duration',
        units,
        '64 MB × 100 ms',
        expressUnitPrice(table),
      ),
    );
  }
  const lambdaPrice = table.lambda[DEPLOYED_LAMBDA.architecture];
  const invocations = perRun.lambdas.reduce((sum, l) => sum + l.invocations, 0);
  if (invocations > 0) {
    const requests = whole(invocations * runs);
    lines.push(costLine('Lambda', 'requests', requests, 'request', lambdaPrice.perRequest));
  }
  for (const lambda of perRun.lambdas) {
    const quantity = gbSeconds(DEPLOYED_LAMBDA.memoryMb, lambda.ms * lambda.invocations * runs);
    const item = `${lambda.state} duration (${lambda.invocations} × ${lambda.ms} ms a run)`;
    lines.push(costLine('Lambda', item, quantity, 'GB-second', lambdaPrice.perGbSecond));
  }
  for (const glue of perRun.glue) {
    const seconds = whole(Math.ceil(Math.max(60_000, glue.ms) / 1000) * runs);
    const quantity = multiply(glueJobDpus().dpus, seconds);
    const item = `${glue.state} (${glue.ms} ms a run)`;
    lines.push(costLine('Glue', item, quantity, 'DPU-second', table.glue.perDpuHour, 3600n));
  }
  return lines;
}

/** The last succeeded run of `workflow` that recorded its usage, if any (local target). */
export async function lastRun(
  target: {
    list(filter: ExecutionFilter): Promise<ExecutionDescription[]>;
    usage(executionId: string): Promise<{ usage: ExecutionUsage }>;
  },
  workflow: string,
): Promise<MeasuredRun | undefined> {
  const runs = await target.list({ workflow, status: ExecutionStatus.Succeeded, limit: 20 });
  for (const description of runs) {
    try {
      return { description, usage: (await target.usage(description.executionId)).usage };
    } catch (error) {
      if (!(error instanceof UsageNotRecordedError)) throw error;
    }
  }
  return undefined;
}
