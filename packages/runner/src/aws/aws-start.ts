import { DeleteObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { executionPrefix } from '@ceap/core';
import {
  CLAIM_CONTENT_TYPE,
  type ClaimCheck,
  claimBody,
  type PreparedInput,
  writeClaim,
} from '../client/claim-check.js';
import type { StartPlan } from '../client/start-plan.js';
import { ExecutionAlreadyExistsError } from '../errors.js';
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
 * already used throws ExecutionAlreadyExistsError, before anything runs. Then the claim, if
 * any, is written: the name is this start's, so no other start writes that key.
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
  const { claim } = prepared;
  if (claim) {
    await callAws({ ...subject, resource: `s3://${bucket}/${claim.key}` }, () =>
      writeClaim(context.s3(), bucket, claim),
    );
  }
}

/**
 * StartExecution of a Standard workflow. AWS refuses a name it has run (ExecutionAlreadyExists,
 * translated to ExecutionAlreadyExistsError). A claim is written first, only if absent: a
 * taken claim key means the name was used, so the earlier execution's records are never
 * overwritten; if AWS then refuses the name anyway, the claim just written is removed.
 */
export async function startStandard(
  context: AwsStartContext,
  plan: StartPlan,
  prepared: PreparedInput,
  stateMachineArn: string,
): Promise<string | undefined> {
  const { claim } = prepared;
  const bucket = claim ? await context.dataBucket(plan.workflow.name) : undefined;
  if (claim && bucket) await claimOnce(context.s3(), bucket, claim, plan.executionId);
  const subject = {
    executionId: plan.executionId,
    resource: stateMachineArn,
    operation: 'StartExecution',
  };
  try {
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
  } catch (error) {
    if (claim && bucket && error instanceof ExecutionAlreadyExistsError) {
      await context
        .s3()
        .send(new DeleteObjectCommand({ Bucket: bucket, Key: claim.key }))
        .catch(() => undefined);
    }
    throw error;
  }
}

async function claimOnce(
  s3: S3Client,
  bucket: string,
  claim: ClaimCheck,
  executionId: string,
): Promise<void> {
  const subject = { operation: 'PutObject', resource: `s3://${bucket}/${claim.key}` };
  const written = await callAws(subject, () =>
    putIfAbsent(s3, bucket, claim.key, claimBody(claim), CLAIM_CONTENT_TYPE),
  );
  if (!written) throw new ExecutionAlreadyExistsError(executionId);
}
