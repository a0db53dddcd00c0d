import { hostname } from 'node:os';
import { join } from 'node:path';
import type { JsonRecord } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import { findWorkflow, planStart } from '../client/start-plan.js';
import { ExecutionStatus, Target } from '../constants.js';
import type { StartRequest } from '../execution-types.js';
import type { ExecutionIndex, ExecutionRecord } from '../index-store/execution-index.js';
import type { CeapLayout } from './ceap-home.js';
import { localExecutionArn } from './local-arns.js';
import { sampleInput } from './sample-inputs.js';
import { StageTracker } from './stage-tracker.js';

/** An execution reserved in the index, with everything its run needs decided. */
export interface ReservedExecution {
  readonly workflow: Workflow;
  readonly record: ExecutionRecord;
  readonly input: JsonRecord;
}

/** Where reservations are made and what they are checked against. */
export interface ReservationContext {
  readonly index: ExecutionIndex;
  readonly layout: CeapLayout;
  readonly workflows: Readonly<Record<string, Workflow>>;
  readonly examplesDirectory: string;
}

/**
 * Checks a start request, decides its input and logical date (the shipped sample's, when no
 * input was given), reserves its id in the index and stores its input. A run in this process
 * and one in a detached worker therefore run the very same input. A duplicate id fails here,
 * before anything touches S3. A home that cannot hold the reservation (a full disk) fails
 * with a CeapHomeError, and nothing of it is left: the run never started, and its id stays free.
 */
export async function reserveExecution(
  context: ReservationContext,
  request: StartRequest,
): Promise<ReservedExecution> {
  const plan = planStart(context.workflows, request);
  const input = plan.input ?? (await sampleInput(plan, context.examplesDirectory));
  const startedAt = new Date().toISOString();
  const record: ExecutionRecord = {
    executionId: plan.executionId,
    workflow: plan.workflow.name,
    target: Target.Local,
    status: ExecutionStatus.Running,
    startedAt,
    logicalDate: typeof input.logicalDate === 'string' ? input.logicalDate : plan.logicalDate,
    stages: new StageTracker(plan.workflow).summaries(),
    executionArn: localExecutionArn(plan.workflow.name, plan.executionId),
    logFile: join(context.layout.logs, `${plan.executionId}.log`),
    inputFile: context.index.inputPathOf(plan.executionId),
    pid: process.pid,
    hostname: hostname(),
    updatedAt: startedAt,
    ...(plan.input === undefined && { usesSample: true }),
  };
  await context.index.reserve(record);
  try {
    await context.index.writeInput(plan.executionId, input);
  } catch (error) {
    await context.index.discard(plan.executionId);
    throw error;
  }
  return { workflow: plan.workflow, record, input };
}

/** A reserved execution read back from the index, for the process that is to run it. */
export async function readReservation(
  context: ReservationContext,
  record: ExecutionRecord,
): Promise<ReservedExecution> {
  const workflow = findWorkflow(context.workflows, record.workflow);
  return { workflow, record, input: await context.index.readInput(record) };
}

/** The record of an execution that never ran: FAILED, with the error that stopped it. */
export function failedBeforeRun(record: ExecutionRecord, error: unknown): ExecutionRecord {
  const now = new Date().toISOString();
  return {
    ...record,
    status: ExecutionStatus.Failed,
    stoppedAt: now,
    updatedAt: now,
    ...errorFields(error),
  };
}

/** An error as a record's `error` (its name) and `cause` (its message). */
export function errorFields(error: unknown): { error: string; cause: string } {
  return error instanceof Error
    ? { error: error.name, cause: error.message }
    : { error: 'Error', cause: String(error) };
}
