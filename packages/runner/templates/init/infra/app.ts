import { join } from 'node:path';
import { CeapWorkflow, DataBucket } from '@ceap/infra';
import { etlStage, filterStage, HANDLER_ENTRIES, scoreStage, storeStage } from '@ceap/stages';
import { App, Stack } from 'aws-cdk-lib';
import { candidates } from '../ceap.config';
import { engagementStage } from '../src/engagement-stage';

/**
 * Deploys the candidates workflow: one Lambda per stage (each role limited to what its stage
 * declares), the Express state machine compiled from the same definition `ceap start` runs
 * locally, an SQS queue with a DLQ and a pipe that starts it, and alarms.
 * `cdk synth` works offline; `cdk deploy` needs an AWS account.
 */
const app = new App();
const prefix: string = app.node.tryGetContext('prefix') ?? 'dev';
const stack = new Stack(app, `${prefix}-candidates`);
const data = new DataBucket(stack, 'Data');

new CeapWorkflow(stack, 'Candidates', {
  workflow: candidates,
  dataBucket: data.bucket,
  namePrefix: `${prefix}-candidates`,
  stages: {
    [etlStage.name]: { stage: etlStage, entry: HANDLER_ENTRIES[etlStage.name] as string },
    [engagementStage.name]: {
      stage: engagementStage,
      entry: join(__dirname, '..', 'src', 'handlers', 'engagement-handler.ts'),
    },
    [filterStage.name]: { stage: filterStage, entry: HANDLER_ENTRIES[filterStage.name] as string },
    [scoreStage.name]: { stage: scoreStage, entry: HANDLER_ENTRIES[scoreStage.name] as string },
    [storeStage.name]: { stage: storeStage, entry: HANDLER_ENTRIES[storeStage.name] as string },
  },
});
