import type { DataLocation } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import { type ClaimCheck, prepareInput, writeClaim } from '../client/claim-check.js';
import { planStart } from '../client/start-plan.js';
import type { StartRequest } from '../execution-types.js';
import type { ExecutionIndex } from '../index-store/execution-index.js';
import type { LocalS3 } from './local-s3.js';
import { sampleInput } from './sample-inputs.js';
import { failedBeforeRun, type ReservedExecution } from './start-reservation.js';

/** What a local start needs to settle its input before the run is reserved. */
export interface StartInputContext {
  readonly workflows: Readonly<Record<string, Workflow>>;
  readonly examplesDirectory: string;
  readonly location: DataLocation;
}

/** A start request with its id fixed and its input as the execution gets it. */
export interface SettledStart {
  readonly request: StartRequest;
  /** Records to write to the data bucket once the id is reserved, before the run. */
  readonly claim?: ClaimCheck;
}

/**
 * Fixes the execution id and the input before the run is reserved: a realtime run started
 * without an input gets the shipped sample here, and an input of inline records over 64 KiB is
 * claim-checked (see `prepareInput`), so the index never keeps the records, only the pointer.
 * An input over Step Functions' limit is refused here, before anything is reserved. A batch run
 * without an input is left to the reservation, which places the batch sample.
 */
export async function settleStartInput(
  context: StartInputContext,
  request: StartRequest,
): Promise<SettledStart> {
  const plan = planStart(context.workflows, request);
  const fixed: StartRequest = { ...request, executionId: plan.executionId };
  const input =
    plan.input ??
    (plan.workflow.type === 'EXPRESS'
      ? await sampleInput(plan, context.examplesDirectory)
      : undefined);
  if (input === undefined) return { request: fixed };
  const prepared = prepareInput(input, context.location);
  return {
    request: { ...fixed, input: prepared.input },
    ...(prepared.claim && { claim: prepared.claim }),
  };
}

/**
 * Writes a reserved run's claim-checked records where its input points; a failed write leaves
 * the run FAILED. Written after the reservation, so a refused start writes nothing.
 */
export async function storeClaim(
  s3: LocalS3,
  location: DataLocation,
  index: ExecutionIndex,
  reserved: ReservedExecution,
  claim: ClaimCheck,
): Promise<void> {
  try {
    await writeClaim(await s3.client(), location.bucket, claim);
  } catch (error) {
    await index.update(failedBeforeRun(reserved.record, error)).catch(() => undefined);
    throw error;
  }
}
