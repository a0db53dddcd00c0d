import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import type { HistoryEvent, SFNClient } from '@aws-sdk/client-sfn';
import { type StageEvent, type StageResult, testRunFolder } from '@ceap/core';
import { StateSuffix, stepStateName, type Workflow } from '@ceap/core/workflow';
import type { RunStepRequest, StepTestRun } from '../client/run-step-types.js';
import type { DataPlace } from '../client/stage-rejects.js';
import {
  neverReceived,
  nextTestRun,
  type TestableStep,
  testRunReport,
} from '../client/step-test-run.js';
import { Target } from '../constants.js';
import { RunnerUsageError, StepTestFailedError } from '../errors.js';
import { callAws } from './aws-errors.js';
import { HistoryReader } from './history-reader.js';
import { taskAttempts } from './task-attempts.js';

/** What a test run on AWS calls: the execution's history, the stage's Lambda, the data bucket. */
export interface AwsRunStepContext {
  readonly sfn: SFNClient;
  readonly lambda: LambdaClient;
  readonly s3: S3Client;
  readonly place: DataPlace;
}

/** One invocation the state machine made: the function and the event (its `Payload`). */
export interface ScheduledInvocation {
  readonly functionName: string;
  readonly event: StageEvent;
}

/**
 * Runs one step of a Standard execution again on AWS, under `{step}/test-{n}/`: the events are
 * the `Payload`s of the step's TaskScheduled events in GetExecutionHistory (a Map step's
 * iteration state, once per part), each sent with `testRun: n` to the function the deployed
 * definition named (Lambda Invoke, RequestResponse), one after the other.
 */
export async function runStepOnAws(
  context: AwsRunStepContext,
  request: RunStepRequest,
  step: TestableStep,
  executionArn: string,
): Promise<StepTestRun> {
  const history = await new HistoryReader(context.sfn, request.executionId, executionArn).read();
  const state = step.kind === 'map' ? stepStateName(step.name, StateSuffix.Iteration) : step.name;
  const invocations = scheduledInvocations(history, state).filter(
    (invocation) => request.iteration === undefined || invocation.event.part === request.iteration,
  );
  if (invocations.length === 0) throw neverReceived(request, step);
  const testRun = await nextTestRun(context.s3, context.place, request.executionId, step.name);
  const results: StageResult[] = [];
  for (const invocation of invocations) {
    results.push(await invoke(context.lambda, invocation, step.name, testRun));
  }
  const iterations =
    step.kind === 'map' ? invocations.map((invocation) => invocation.event.part ?? 0) : undefined;
  return testRunReport(
    context.s3,
    {
      request,
      target: Target.Aws,
      place: context.place,
      testRun,
      ...(iterations && { iterations }),
    },
    results,
  );
}

/** AWS keeps no history of an Express run, so there is no input to read a step's from. */
export function refuseExpress(workflow: Workflow, step: TestableStep): void {
  if (workflow.type !== 'EXPRESS') return;
  throw new RunnerUsageError(
    `run-step --target aws: workflow "${workflow.name}" is EXPRESS, and AWS keeps no execution history of an Express run to read ${step.name}'s input from; run it with --target local`,
  );
}

/**
 * The Lambda invocations a task state was scheduled with, oldest first, one per Map part (a
 * retry repeats its attempt's Parameters).
 */
export function scheduledInvocations(
  history: readonly HistoryEvent[],
  state: string,
): ScheduledInvocation[] {
  const byPart = new Map<number, ScheduledInvocation>();
  for (const attempt of taskAttempts(history)) {
    if (attempt.state !== state || attempt.resourceType !== 'lambda') continue;
    const { FunctionName, Payload } = attempt.parameters as {
      FunctionName?: string;
      Payload?: StageEvent;
    };
    if (!FunctionName || !Payload) continue;
    const part = Payload.part ?? -1;
    if (!byPart.has(part)) byPart.set(part, { functionName: FunctionName, event: Payload });
  }
  return [...byPart.entries()].sort(([a], [b]) => a - b).map(([, invocation]) => invocation);
}

async function invoke(
  lambda: LambdaClient,
  invocation: ScheduledInvocation,
  step: string,
  testRun: number,
): Promise<StageResult> {
  const { functionName } = invocation;
  const response = await callAws({ operation: 'Invoke', resource: functionName }, () =>
    lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify({ ...invocation.event, testRun })),
      }),
    ),
  );
  const text = new TextDecoder().decode(response.Payload ?? new Uint8Array());
  const reply = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  if (response.FunctionError) {
    const error = String(reply.errorType ?? response.FunctionError);
    throw new StepTestFailedError(step, testRun, error, String(reply.errorMessage ?? text));
  }
  const result = reply as unknown as StageResult;
  // A function built before StageEvent.testRun writes the step's own keys: say so, loudly.
  if (typeof result.key !== 'string' || !result.key.includes(`/${testRunFolder(testRun)}/`)) {
    throw new StepTestFailedError(
      step,
      testRun,
      'ceap.TestRunIgnored',
      `${functionName} wrote ${String(result.key)}, not under ${testRunFolder(testRun)}/: it predates run-step (StageEvent.testRun); redeploy it`,
    );
  }
  return result;
}
