import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { GlueClient } from '@aws-sdk/client-glue';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Workflow } from '@ceap/core/workflow';

/** How the AWS target waits between monitoring calls: grows by `factor` up to `maxMs`. */
export interface BackoffOptions {
  /** @default 1000 */
  readonly initialMs?: number;
  /** @default 1.5 */
  readonly factor?: number;
  /** @default 60000 */
  readonly maxMs?: number;
}

/** Options of the AWS target. Credentials and region come from the standard AWS chain. */
export interface AwsTargetOptions {
  /**
   * The deployment prefix: stacks are `workflowStackName(prefix, workflow)` from @ceap/core.
   * @default DEFAULT_DEPLOYMENT_PREFIX from @ceap/core ('dev')
   */
  readonly prefix?: string;
  /** @default AWS_REGION from the environment */
  readonly region?: string;
  /**
   * The data bucket, where large inputs are claim-checked and Express names reserved.
   * @default the `DataBucketName` output of the workflow's stack
   */
  readonly dataBucket?: string;
  /** The key prefix the deployment's stages use. @default process.env.CEAP_KEY_PREFIX ?? '' */
  readonly keyPrefix?: string;
  /** State machine ARNs by workflow name; skips the CloudFormation lookup. */
  readonly stateMachineArns?: Readonly<Record<string, string>>;
  readonly backoff?: BackoffOptions;
  /** Pre-built clients (tests pass mocks, and an S3 client for the embedded server). */
  readonly clients?: {
    readonly sfn?: SFNClient;
    readonly s3?: S3Client;
    readonly cloudFormation?: CloudFormationClient;
    /** Invokes a step's function (`runStep`) and reads function configurations (`cost`, `logs`). */
    readonly lambda?: LambdaClient;
    readonly sqs?: SQSClient;
    /** Reads the steps' logs for `logs`. */
    readonly logs?: CloudWatchLogsClient;
    /** Finds a Glue job's log groups for `logs`. */
    readonly glue?: GlueClient;
  };
  /** The workflows the target knows, by name. Required by `AwsTarget`; the client passes its own. */
  readonly workflows?: Readonly<Record<string, Workflow>>;
  /**
   * Waits between monitoring polls; resolves early (never rejects) when `signal` aborts.
   * @default setTimeout from node:timers/promises
   */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * The SQS queue that receives the deployment's execution status changes, long-polled so an
   * execution's end is seen within seconds; `false` for none (history polling with backoff
   * alone). @default the `ExecutionEventsQueueUrl` output of the workflow's stack, unless its
   * state machine ARN is given in `stateMachineArns`
   */
  readonly executionEventsQueueUrl?: string | false;
}
