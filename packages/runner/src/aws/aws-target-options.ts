import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SFNClient } from '@aws-sdk/client-sfn';
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
  /** The deployment prefix: stacks are `{prefix}-ceap-{workflow}`. @default 'dev' */
  readonly prefix?: string;
  /** @default AWS_REGION from the environment */
  readonly region?: string;
  /** State machine ARNs by workflow name; skips the CloudFormation lookup. */
  readonly stateMachineArns?: Readonly<Record<string, string>>;
  readonly backoff?: BackoffOptions;
  /** Pre-built clients (tests pass mocks). */
  readonly clients?: {
    readonly sfn?: SFNClient;
    readonly s3?: S3Client;
    readonly cloudFormation?: CloudFormationClient;
  };
  /** @default WORKFLOWS from @ceap/core */
  readonly workflows?: Readonly<Record<string, Workflow>>;
  /** @default setTimeout; tests use fake timers */
  readonly sleep?: (ms: number) => Promise<void>;
}
