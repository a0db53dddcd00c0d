import { dataStackName, WorkflowStackOutput } from '@ceap/core';
import { Aws, CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { DataBucket } from '../constructs/data-bucket.js';

/**
 * The data bucket's name for a deployment: the data stack's name (`dataStackName` from
 * @ceap/core) with the account and region, `{prefix}-ceap-data-{account}-{region}`. Workflow
 * stacks import it by this name, so no cross-stack export ties their lifecycles together.
 */
export function dataBucketName(prefix: string): string {
  return `${dataStackName(prefix)}-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
}

/** Props of {@link CeapDataStack}. */
export interface CeapDataStackProps extends StackProps {
  readonly prefix: string;
  /** @default '' */
  readonly keyPrefix?: string;
  /** @default true */
  readonly retainData?: boolean;
}

/** `{prefix}-ceap-data` (`dataStackName`): the data bucket the workflows share, and its access-log bucket. */
export class CeapDataStack extends Stack {
  public readonly dataBucket: DataBucket;

  constructor(scope: Construct, id: string, props: CeapDataStackProps) {
    super(scope, id, props);
    this.dataBucket = new DataBucket(this, 'Data', {
      bucketName: dataBucketName(props.prefix),
      keyPrefix: props.keyPrefix,
      removalPolicy: props.retainData === false ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    });
    new CfnOutput(this, WorkflowStackOutput.DataBucketName, {
      value: this.dataBucket.bucket.bucketName,
    });
  }
}
