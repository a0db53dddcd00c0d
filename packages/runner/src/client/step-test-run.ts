import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import {
  executionPrefix,
  type JsonRecord,
  readStageLog,
  StageLog,
  type StageResult,
  testRunFolder,
  toS3Uri,
} from '@ceap/core';
import type { LambdaStep, MapStep, Workflow } from '@ceap/core/workflow';
import type { Target } from '../constants.js';
import { RunnerUsageError } from '../errors.js';
import type { RunStepRequest, StepTestRun } from './run-step-types.js';
import type { DataPlace } from './stage-rejects.js';
import { findWorkflow } from './start-plan.js';

const DEFAULT_REJECTS_LIMIT = 10;
const TEST_FOLDER = /\/test-(\d+)\//;

/** A step `run-step` can run: one that runs a stage (a Lambda step, or a Map step's iterations). */
export type TestableStep = LambdaStep | MapStep;

/**
 * The workflow and step of a run-step request, checked before anything is read: an unknown
 * workflow or step, a step that runs no stage, or an `iteration` on a step that is not a Map
 * step is a usage error naming the value.
 */
export function resolveTestStep(
  workflows: Readonly<Record<string, Workflow>>,
  request: RunStepRequest,
): { workflow: Workflow; step: TestableStep } {
  const workflow = findWorkflow(workflows, request.workflow);
  const step = workflow.steps.find((candidate) => candidate.name === request.step);
  if (!step) {
    throw new RunnerUsageError(
      `workflow "${workflow.name}" has no step "${request.step}" (steps: ${workflow.steps.map((s) => s.name).join(', ')})`,
    );
  }
  if (step.kind === 'glue') {
    throw new RunnerUsageError(
      `step "${step.name}" is a Glue job, which run-step does not run: the job writes its output folder and its run-manifest entry at the keys its arguments name, the execution's own, so a test run would overwrite them (and on AWS it is billed per DPU-minute); redrive the execution instead`,
    );
  }
  if (step.kind !== 'lambda' && step.kind !== 'map') {
    throw new RunnerUsageError(
      `step "${step.name}" is a ${step.kind} step, which runs no stage; run-step runs a Lambda or Map step`,
    );
  }
  if (request.iteration !== undefined && step.kind !== 'map') {
    throw new RunnerUsageError(
      `--iteration ${request.iteration}: step "${step.name}" is not a Map step`,
    );
  }
  return { workflow, step };
}

/**
 * The n of the next `{step}/test-{n}/` folder: one more than the highest under the step, so a
 * test run never writes over an earlier one (nor over the step's own objects).
 */
export async function nextTestRun(
  s3: S3Client,
  place: DataPlace,
  executionId: string,
  step: string,
): Promise<number> {
  const prefix = `${executionPrefix(executionId, place.keyPrefix)}/${step}/test-`;
  let highest = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: place.bucket,
        Prefix: prefix,
        ...(token && { ContinuationToken: token }),
      }),
    );
    // Every key, not CommonPrefixes: s3rver leaves out a folder whose objects lie deeper.
    for (const object of page.Contents ?? []) {
      const n = Number(TEST_FOLDER.exec(object.Key ?? '')?.[1] ?? 0);
      if (n > highest) highest = n;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return highest + 1;
}

/** What a test run reports: its results summed (a Map step's iterations), and its first rejects. */
export async function testRunReport(
  s3: S3Client,
  run: {
    readonly request: RunStepRequest;
    readonly target: Target;
    readonly place: DataPlace;
    readonly testRun: number;
    readonly iterations?: readonly number[];
  },
  results: readonly StageResult[],
): Promise<StepTestRun> {
  const { request, place, testRun } = run;
  const prefix = executionPrefix(request.executionId, place.keyPrefix);
  return {
    executionId: request.executionId,
    workflow: request.workflow,
    step: request.step,
    target: run.target,
    testRun,
    folder: toS3Uri(place.bucket, `${prefix}/${request.step}/${testRunFolder(testRun)}/`),
    ...(run.iterations && { iterations: run.iterations }),
    received: sum(results, (r) => r.received),
    records: sum(results, (r) => r.records),
    rejected: sum(results, (r) => r.rejected),
    rejectedBy: sumBy(results, (r) => r.rejectedBy),
    filtered: sum(results, (r) => r.filtered),
    filteredBy: sumBy(results, (r) => r.filteredBy),
    results,
    rejects: await firstRejects(s3, results, request.rejectsLimit ?? DEFAULT_REJECTS_LIMIT),
  };
}

async function firstRejects(
  s3: S3Client,
  results: readonly StageResult[],
  limit: number,
): Promise<JsonRecord[]> {
  const rejects: JsonRecord[] = [];
  // Only the rejects these results count: a test run reusing a folder never shows stale ones.
  for await (const reject of readStageLog(s3, results, StageLog.Rejects)) {
    if (rejects.length >= limit) return rejects;
    rejects.push(reject);
  }
  return rejects;
}

function sum(results: readonly StageResult[], count: (result: StageResult) => number): number {
  return results.reduce((total, result) => total + count(result), 0);
}

function sumBy(
  results: readonly StageResult[],
  counts: (result: StageResult) => Readonly<Record<string, number>>,
): Record<string, number> {
  const total: Record<string, number> = {};
  for (const result of results) {
    for (const [reason, count] of Object.entries(counts(result))) {
      total[reason] = (total[reason] ?? 0) + count;
    }
  }
  return total;
}

/** Nothing to run: the step (or that iteration) never got its input in this execution. */
export function neverReceived(request: RunStepRequest, step: TestableStep): RunnerUsageError {
  const what =
    request.iteration === undefined
      ? `step "${step.name}"`
      : `iteration ${request.iteration} of step "${step.name}"`;
  return new RunnerUsageError(
    `${what} never received input in execution "${request.executionId}" (the run ended before it, or it has no such iteration)`,
  );
}
