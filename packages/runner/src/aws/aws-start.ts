import type { S3Client } from '@aws-sdk/client-s3';
import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { executionPrefix, type JsonRecord } from '@ceap/core';
import { type PreparedInput, writeClaim } from '../client/claim-check.js';
import type { StartPlan } from '../client/start-plan.js';
import { ExecutionAlreadyExistsError, RunnerUsageError } from '../errors.js';
import { callAws } from './aws-errors.js';
import { putIfAbsent } from './put-if-absent.js';

/** What starting an execution on AWS needs beside the SFN client. */
export interface AwsStartContext {
  readonly sfn: SFNClient;
  readonly s3: () => S3Client;
  /** The data bucket of the workflow's deployment. */
  readonly dataBucket: (workflow: string) => Promise<string>;
  readonly keyPrefix: string;
}

/** The object that reserves an Express execution's name: `executions/{id}/_execution-name.json`. */
export function expressNameKey(executionId: string, keyPrefix?: string): string {
  return `${executionPrefix(executionId, keyPrefix)}/_execution-name.json`;
}

/**
 * Reserves an Express execution's name, which AWS itself does not guard (StartSyncExecution
 * runs a name twice): a marker under the execution's prefix, written only if absent. A name
 * already used throws ExecutionAlreadyExistsError, before anything is written or run. Then
 * the claim-checked records, if any, are written.
 */
export async function prepareExpressStart(
  context: AwsStartContext,
  plan: StartPlan,
  prepared: PreparedInput,
): Promise<void> {
  const bucket = await context.dataBucket(plan.workflow.name);
  const key = expressNameKey(plan.executionId, context.keyPrefix);
  const marker = JSON.stringify({
    executionId: plan.executionId,
    workflow: plan.workflow.name,
    reservedAt: new Date().toISOString(),
  });
  const subject = { operation: 'PutObject', resource: `s3://${bucket}/${key}` };
  const reserved = await callAws(subject, () => putIfAbsent(context.s3(), bucket, key, marker));
  if (!reserved) throw new ExecutionAlreadyExistsError(plan.executionId);
  await writePreparedClaim(context, bucket, prepared);
}

/**
 * StartExecution of a Standard workflow, after its claim-checked records, if any, are written.
 * AWS refuses a name it has run (ExecutionAlreadyExists, translated to
 * ExecutionAlreadyExistsError naming the id). Returns the execution ARN.
 */
export async function startStandard(
  context: AwsStartContext,
  plan: StartPlan,
  prepared: PreparedInput,
  stateMachineArn: string,
): Promise<string | undefined> {
  if (prepared.claim) {
    await writePreparedClaim(context, await context.dataBucket(plan.workflow.name), prepared);
  }
  const subject = {
    executionId: plan.executionId,
    resource: stateMachineArn,
    operation: 'StartExecution',
  };
  const response = await callAws(subject, () =>
    context.sfn.send(
      new StartExecutionCommand({
        stateMachineArn,
        name: plan.executionId,
        input: JSON.stringify(prepared.input),
      }),
    ),
  );
  return response.executionArn;
}

/** Writes the claim; its key names its content, so rewriting it for a rerun changes nothing. */
async function writePreparedClaim(
  context: AwsStartContext,
  bucket: string,
  prepared: PreparedInput,
): Promise<void> {
  const { claim } = prepared;
  if (!claim) return;
  const subject = { operation: 'PutObject', resource: `s3://${bucket}/${claim.key}` };
  await callAws(subject, () => writeClaim(context.s3(), bucket, claim));
}

/** The input of a run started without one: Standard workflows read the logical date's data. */
export function defaultInput(plan: StartPlan): JsonRecord {
  if (plan.workflow.type === 'EXPRESS') {
    throw new RunnerUsageError(
      `--input is required to start ${plan.workflow.name} on AWS (the samples are local)`,
    );
  }
  return { logicalDate: plan.logicalDate };
}
