import { dataStackName, workflowStackName } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import { batchWorkflow, guardedBatchWorkflow, realtimeWorkflow } from '@ceap/stages';
import { type App, Tags } from 'aws-cdk-lib';
import type { DeclaredStage, GlueJobSource } from '../constructs/workflow-sources.js';
import { INFRA_DEFAULTS } from '../defaults.js';
import { type CeapAppContext, readAppContext } from './app-context.js';
import { CeapDataStack, dataBucketName } from './data-stack.js';
import { CeapWorkflowStack } from './workflow-stack.js';

/** The code the app deploys: the stages, their handlers and the Glue job. */
export interface CeapAppSources {
  /**
   * Each Lambda stage's definition, by stage name (`STAGES` from @ceap/stages). Its `access`
   * declaration is what its role may touch beyond `executions/*`.
   */
  readonly stages: Readonly<Record<string, DeclaredStage>>;
  /** The handler file of each Lambda stage (`HANDLER_ENTRIES` from @ceap/stages). */
  readonly handlerEntries: Readonly<Record<string, string>>;
  /**
   * Builds the Glue jobs for a prefix, by the binding name Glue steps use (`GlueStep.job`):
   * `{ HeavyETLStage: … }` from `heavyEtlJobSpec` and the paths in @ceap/glue-jobs. Each
   * workflow stack creates only the jobs its workflow runs.
   */
  readonly glueJobs: (prefix: string) => Readonly<Record<string, GlueJobSource>>;
}

/** The app's stacks: the data stack and one per shipped workflow. */
export interface CeapStacks {
  readonly context: CeapAppContext;
  readonly data: CeapDataStack;
  readonly realtime: CeapWorkflowStack;
  readonly batch: CeapWorkflowStack;
  readonly guardedBatch: CeapWorkflowStack;
  /** Every workflow stack, by workflow name (`SHIPPED_WORKFLOWS`' keys). */
  readonly workflows: Readonly<Record<string, CeapWorkflowStack>>;
}

/**
 * Adds ceap's stacks to an app, named by @ceap/core (`dataStackName`, `workflowStackName`), as
 * the runner looks them up: `{prefix}-ceap-data` (the shared data bucket),
 * `{prefix}-ceap-realtime`, `{prefix}-ceap-batch` and `{prefix}-ceap-guarded-batch`. Only the
 * batch workflow is scheduled: the guarded batch's sensor needs a `logicalDate` in its input,
 * which a Scheduler start does not carry. Context (`prefix`, `testRunId`, `alarmTopicArn`,
 * `scheduleTimeZone`, `scheduleExpression`, `retainData`) is read and checked first. Every stack
 * is tagged project=ceap, prefix and workflow (and testRunId when given).
 */
export function addCeapStacks(app: App, sources: CeapAppSources): CeapStacks {
  const context = readAppContext(app);
  const { prefix } = context;
  const data = new CeapDataStack(app, dataStackName(prefix), {
    prefix,
    retainData: context.retainData,
    description: `ceap (${prefix}): the data bucket the workflows share`,
  });
  const common = {
    prefix,
    dataBucketName: dataBucketName(prefix),
    stages: sources.stages,
    handlerEntries: sources.handlerEntries,
    alarmTopicArn: context.alarmTopicArn,
  };
  const realtime = new CeapWorkflowStack(app, workflowStackName(prefix, realtimeWorkflow.name), {
    ...common,
    workflow: realtimeWorkflow,
    description: `ceap (${prefix}): the realtime workflow (Express, SQS -> Pipe -> Step Functions)`,
  });
  const batch = new CeapWorkflowStack(app, workflowStackName(prefix, batchWorkflow.name), {
    ...common,
    workflow: batchWorkflow,
    glueJobs: sources.glueJobs(prefix),
    schedule: scheduleOf(batchWorkflow, context),
    description: `ceap (${prefix}): the nightly batch workflow (Standard, with the Glue heavy ETL)`,
  });
  const guardedBatch = new CeapWorkflowStack(
    app,
    workflowStackName(prefix, guardedBatchWorkflow.name),
    {
      ...common,
      workflow: guardedBatchWorkflow,
      description: `ceap (${prefix}): the guarded batch (Standard: an S3 sensor, a short-circuit, a data-quality gate)`,
    },
  );
  realtime.addStackDependency(data, 'stages read and write the data bucket');
  batch.addStackDependency(data, 'stages and the Glue job read and write the data bucket');
  guardedBatch.addStackDependency(
    data,
    'stages read and write the data bucket, the sensor lists it',
  );

  const workflows = { realtime, batch, [guardedBatchWorkflow.name]: guardedBatch };
  for (const [workflow, stack] of [['shared', data] as const, ...Object.entries(workflows)]) {
    Tags.of(stack).add('project', 'ceap');
    Tags.of(stack).add('prefix', prefix);
    Tags.of(stack).add('workflow', workflow);
    if (context.testRunId) Tags.of(stack).add('testRunId', context.testRunId);
  }
  return { context, data, realtime, batch, guardedBatch, workflows };
}

function scheduleOf(
  workflow: Workflow,
  context: CeapAppContext,
): { expression: string; timeZone: string } {
  return {
    expression:
      context.scheduleExpression ??
      workflow.schedule?.expression ??
      INFRA_DEFAULTS.schedule.expression,
    timeZone:
      context.scheduleTimeZone ?? workflow.schedule?.timeZone ?? INFRA_DEFAULTS.schedule.timeZone,
  };
}
