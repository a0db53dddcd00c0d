import { chain, defineWorkflow, lambda, type Workflow } from '@ceap/core/workflow';
import { HANDLER_ENTRIES, StageName, storeStage } from '@ceap/stages';
import { Stack } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { CeapWorkflow, type CeapWorkflowProps, type StageSource } from '../../src/index';
import { FIXTURES, newTestApp } from './cdk-test-app';
import { priceOrdersStage } from './fixtures/custom-stages';

/** The user's own bucket, imported by name, and their key prefix. */
export const BUCKET = 'team-b-data';
export const EXECUTIONS = ['team-b/executions/*'];

/** A user's workflow: their own stage, then a shipped one, nightly in London. */
export const ordersWorkflow: Workflow = defineWorkflow({
  name: 'orders',
  type: 'STANDARD',
  timeoutSeconds: 3600,
  defaultTaskTimeoutSeconds: 300,
  steps: chain(lambda(priceOrdersStage), lambda(storeStage)),
  schedule: { expression: 'cron(0 3 * * ? *)', timeZone: 'Europe/London' },
});

/** What the README shows: the stages by name, each its stage object and handler file. */
export const ORDERS_STAGES: Readonly<Record<string, StageSource>> = {
  [priceOrdersStage.name]: { stage: priceOrdersStage, entry: FIXTURES.priceOrdersHandler },
  [StageName.Store]: { stage: storeStage, entry: HANDLER_ENTRIES[StageName.Store] as string },
};

/** A user's own stack with nothing of the ceap app but CeapWorkflow and an imported bucket. */
export function ordersStack(overrides: Partial<CeapWorkflowProps> = {}): {
  stack: Stack;
  ceap: CeapWorkflow;
} {
  const stack = new Stack(newTestApp(), 'TeamBOrders');
  const ceap = new CeapWorkflow(stack, 'Orders', {
    workflow: ordersWorkflow,
    dataBucket: Bucket.fromBucketName(stack, 'Data', BUCKET),
    keyPrefix: 'team-b/',
    stages: ORDERS_STAGES,
    ...overrides,
  });
  return { stack, ceap };
}
