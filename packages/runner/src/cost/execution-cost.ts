import { STAGE_FUNCTION_ARCHITECTURE, STAGE_FUNCTION_MEMORY_MB } from '@ceap/core';
import { compileWorkflow, type Workflow } from '@ceap/core/workflow';
import type { ExecutionDescription } from '../execution-types.js';
import {
  DPUS_PER_WORKER,
  expressUnitPrice,
  expressUnits,
  gbSeconds,
  type LambdaSizing,
} from './billing-units.js';
import { type CostLine, type CostSummary, costLine, totalOf } from './cost-lines.js';
import { type Decimal, decimal, formatDecimal, multiply, whole } from './decimal.js';
import { inWorkflowOrder, taskStates } from './definition-walk.js';
import type { ExecutionUsage } from './execution-usage.js';
import { DEFAULT_PRICES, type PriceTable } from './price-table.js';

/** What a target knows of an execution's use: its usage and, on AWS, its functions' sizing. */
export interface RecordedUsage {
  readonly usage: ExecutionUsage;
  /** Lambda task states' functions, by state name; a state not here is sized as infra deploys. */
  readonly lambdas: Readonly<Record<string, LambdaSizing>>;
}

/** One execution's cost: what `ceap cost ID` prints. */
export interface ExecutionCost extends CostSummary {
  readonly executionId: string;
  readonly workflow: string;
  readonly type: 'EXPRESS' | 'STANDARD';
  readonly status: string;
}

/** The prices in force and the files they came from. */
export interface PricesInUse {
  readonly table: PriceTable;
  readonly files: readonly string[];
}

/** The built-in dated table, with no file applied. */
export const BUILT_IN_PRICES: PricesInUse = { table: DEFAULT_PRICES, files: [] };

/** How a stage function is sized when nothing says otherwise: as infra deploys it. */
export const DEPLOYED_LAMBDA: LambdaSizing = {
  memoryMb: STAGE_FUNCTION_MEMORY_MB,
  architecture: STAGE_FUNCTION_ARCHITECTURE,
};

/**
 * Prices one execution from what it used: Step Functions (Standard: its state transitions,
 * retries included; Express: one request and its duration), each Lambda task state's
 * invocations and GB-seconds, each Glue state's DPU-hours.
 */
export function executionCost(
  workflow: Workflow,
  description: ExecutionDescription,
  recorded: RecordedUsage,
  prices: PricesInUse,
): ExecutionCost {
  const table = prices.table;
  const lines: CostLine[] = [...orchestrationLines(workflow, description, recorded.usage, table)];
  lines.push(...lambdaLines(workflow, recorded, table));
  const glue = glueLines(workflow, recorded.usage, table);
  lines.push(...glue.lines);
  const lambdaNote = Object.keys(recorded.lambdas).length
    ? 'Lambda memory and architecture: GetFunctionConfiguration of each function the history names'
    : `Lambda memory and architecture: ${DEPLOYED_LAMBDA.memoryMb} MB ${DEPLOYED_LAMBDA.architecture}, as infra deploys every stage function (core's STAGE_FUNCTION_MEMORY_MB)`;
  return {
    executionId: description.executionId,
    workflow: workflow.name,
    type: workflow.type,
    status: description.status,
    lines,
    ...totalOf(lines),
    currency: table.currency,
    region: table.region,
    pricesAsOf: table.asOf,
    pricesFiles: prices.files,
    notes: [
      ...(workflow.type === 'STANDARD'
        ? [
            'Step Functions Standard: one transition per state entered (Parallel branches and Map iterations included) plus one per retry, as AWS bills them',
          ]
        : [
            'Step Functions Express: one request; duration from start to stop rounded up to 100 ms, billed as one 64 MB chunk (the payloads are pointers), at the first duration tier',
          ]),
      lambdaNote,
      'Lambda duration: each attempt from its start to its end in the execution events, rounded up to 1 ms (Step Functions dispatch included, so a little over the billed duration)',
      ...glue.notes,
      'Free tiers are not applied; S3, SQS, CloudWatch and data transfer are not included',
    ],
  };
}

function orchestrationLines(
  workflow: Workflow,
  description: ExecutionDescription,
  usage: ExecutionUsage,
  prices: PriceTable,
): CostLine[] {
  const sfn = prices.stepFunctions;
  if (workflow.type === 'STANDARD') {
    const transitions = whole(usage.transitions);
    return [
      costLine(
        'Step Functions',
        'state transitions',
        transitions,
        'transition',
        sfn.standardPerTransition,
      ),
    ];
  }
  const started = Date.parse(description.startedAt);
  const stopped = Date.parse(description.stoppedAt ?? description.startedAt);
  const units = expressUnits(stopped - started);
  return [
    costLine('Step Functions', 'Express requests', whole(1), 'request', sfn.expressPerRequest),
    costLine(
      'Step Functions',
      'Express duration',
      whole(units),
      '64 MB × 100 ms',
      expressUnitPrice(prices),
    ),
  ];
}

function lambdaLines(workflow: Workflow, recorded: RecordedUsage, prices: PriceTable): CostLine[] {
  const all = taskStates(compileWorkflow(workflow));
  const states = inWorkflowOrder(workflow, all).filter((s) => s.service === 'lambda');
  const requests = new Map<string, number>();
  const lines: CostLine[] = [];
  for (const state of states) {
    const used = recorded.usage.tasks[state.name];
    if (!used || used.attempts === 0) continue;
    const sizing = recorded.lambdas[state.name] ?? DEPLOYED_LAMBDA;
    const price = prices.lambda[sizing.architecture];
    requests.set(sizing.architecture, (requests.get(sizing.architecture) ?? 0) + used.attempts);
    const quantity = gbSeconds(sizing.memoryMb, used.durationMs);
    const item = `${state.name} duration (${used.attempts} × ${sizing.memoryMb} MB, ${used.durationMs} ms)`;
    lines.push(costLine('Lambda', item, quantity, 'GB-second', price.perGbSecond));
  }
  const requestLines = [...requests].map(([architecture, count]) => {
    const price = prices.lambda[architecture as keyof PriceTable['lambda']];
    return costLine(
      'Lambda',
      `requests (${architecture})`,
      whole(count),
      'request',
      price.perRequest,
    );
  });
  return [...requestLines, ...lines];
}

function glueLines(
  workflow: Workflow,
  usage: ExecutionUsage,
  prices: PriceTable,
): { lines: CostLine[]; notes: string[] } {
  const states = taskStates(compileWorkflow(workflow)).filter((s) => s.service === 'glue');
  if (states.length === 0) return { lines: [], notes: [] };
  const { dpus, describe } = glueJobDpus();
  const lines: CostLine[] = [];
  for (const state of states) {
    const used = usage.tasks[state.name];
    if (!used || used.attempts === 0) continue;
    const seconds = whole(Math.ceil(used.minuteMinimumMs / 1000));
    const quantity: Decimal = multiply(dpus, seconds);
    const item = `${state.name} (${used.attempts} run${used.attempts === 1 ? '' : 's'}, ${used.durationMs} ms)`;
    lines.push(costLine('Glue', item, quantity, 'DPU-second', prices.glue.perDpuHour, 3600n));
  }
  const note = `Glue: ${describe}; billed per second with a 1-minute minimum per run (Glue 2.0 and later), at $${prices.glue.perDpuHour} per DPU-hour`;
  return { lines, notes: [note] };
}

/**
 * The DPUs of the Glue job infra deploys (the heavy-ETL job spec from @ceap/glue-jobs: its
 * worker type × its number of workers). Loaded here, not at the top, so the CLI does not load
 * the Glue package for commands that do not price a Glue step.
 */
export function glueJobDpus(): { dpus: Decimal; describe: string } {
  const glue = require('@ceap/glue-jobs') as typeof import('@ceap/glue-jobs');
  const spec = glue.heavyEtlJobSpec();
  const workerType = spec.workerType ?? 'G.1X';
  const workers = spec.numberOfWorkers ?? 2;
  const perWorker = decimal(DPUS_PER_WORKER[workerType] ?? '1');
  const dpus = multiply(perWorker, whole(workers));
  return {
    dpus,
    describe: `${workerType} × ${workers} = ${formatDecimal(dpus)} DPU (the heavy-ETL job spec infra deploys)`,
  };
}
