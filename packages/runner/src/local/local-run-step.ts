import { createLogger, readManifest, runStage, type StageResult } from '@ceap/core';
import pino from 'pino';
import type { RunStepRequest, StepTestRun } from '../client/run-step-types.js';
import {
  neverReceived,
  nextTestRun,
  type TestableStep,
  testRunReport,
} from '../client/step-test-run.js';
import { Target } from '../constants.js';
import { RunnerUsageError, StepTestFailedError } from '../errors.js';
import type { ExecutionRecord } from '../index-store/execution-index.js';
import type { RunContext } from './local-run.js';
import { type ReservationContext, readReservation } from './start-reservation.js';
import { replayStepEvents } from './step-replay.js';

/**
 * Runs one step of a recorded execution again, under `{step}/test-{n}/`: the events its stage
 * received are rebuilt by replaying the compiled definition over the run manifest (see
 * `replayStepEvents`), then the stage the engine binds to that step runs on each of them (each
 * Map iteration in turn) with `testRun: n`, so the execution's own objects and manifest entries
 * are never written. Its logs go to the execution's log, bound to `testRun`.
 */
export async function runStepLocally(
  context: RunContext,
  reservations: ReservationContext,
  recorded: ExecutionRecord,
  request: RunStepRequest,
  step: TestableStep,
): Promise<StepTestRun> {
  const execution = await readReservation(reservations, recorded);
  const { record, workflow } = execution;
  if (workflow.name !== request.workflow) {
    throw new RunnerUsageError(
      `execution "${record.executionId}" is a run of workflow "${workflow.name}", not "${request.workflow}"`,
    );
  }
  const { location } = context;
  const s3 = await context.s3.client();
  const bindings = context.bindings();
  const stage = Object.hasOwn(bindings.stages, step.stage)
    ? bindings.stages[step.stage]
    : undefined;
  if (!stage) {
    throw new RunnerUsageError(
      `step "${step.name}" runs stage "${step.stage}", which is not bound (bound: ${Object.keys(bindings.stages).join(', ')})`,
    );
  }
  const manifest = await readManifest(s3, location.bucket, record.executionId, location.keyPrefix);
  const silent = createLogger({ level: 'silent' });
  const events = await replayStepEvents(
    { ...bindings, s3, location, logger: silent, env: context.env },
    {
      workflow,
      step,
      executionId: record.executionId,
      input: execution.input,
      startedAt: record.startedAt,
      manifest,
      ...(request.iteration !== undefined && { iteration: request.iteration }),
    },
  );
  if (events.length === 0) throw neverReceived(request, step);
  const testRun = await nextTestRun(s3, location, record.executionId, step.name);
  // The test run's lines join the execution's log (bound to testRun), where `logs` reads them.
  const destination = record.logFile
    ? pino.destination({ dest: record.logFile, sync: true, mkdir: true })
    : undefined;
  const logger = createLogger({ level: destination ? context.logLevel : 'silent', destination });
  const results: StageResult[] = [];
  try {
    for (const event of events) {
      const deps = { s3, location, logger: logger.child({ testRun }), env: context.env };
      results.push(await runStage(stage, { ...event, testRun }, deps));
    }
  } catch (error) {
    const failed = error as Error;
    throw new StepTestFailedError(step.name, testRun, failed.name, failed.message);
  } finally {
    destination?.end();
  }
  const iterations = step.kind === 'map' ? events.map((event) => event.part ?? 0) : undefined;
  return testRunReport(
    s3,
    { request, target: Target.Local, place: location, testRun, ...(iterations && { iterations }) },
    results,
  );
}
