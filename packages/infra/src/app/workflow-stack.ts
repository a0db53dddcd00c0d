import type { Workflow } from '@ceap/core/workflow';
import type { GlueJobSpec } from '@ceap/glue-jobs';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { HeavyEtlGlueJob } from '../constructs/heavy-etl-glue-job.js';
import { NightlySchedule } from '../constructs/nightly-schedule.js';
import { StageFunction } from '../constructs/stage-function.js';
import { WorkflowAlarms } from '../constructs/workflow-alarms.js';
import { WorkflowQueue } from '../constructs/workflow-queue.js';
import { WorkflowStateMachine } from '../constructs/workflow-state-machine.js';
import { InfraPropsError } from '../errors.js';
import { STAGE_ACCESS } from './stage-access.js';

/** Lambda's longest timeout. */
const LAMBDA_MAX_SECONDS = 900;

/** The Glue job's spec (its files are in `spec.assets`) and what to leave out of the Python zip. */
export interface GlueJobSource {
  readonly spec: GlueJobSpec;
  /** @default [] */
  readonly pythonExclude?: readonly string[];
}

/** Props of {@link CeapWorkflowStack}. */
export interface CeapWorkflowStackProps extends StackProps {
  readonly prefix: string;
  readonly workflow: Workflow;
  /** The shared data bucket, by name (see `dataBucketName`). */
  readonly dataBucketName: string;
  /** @default '' */
  readonly keyPrefix?: string;
  /** The handler file of each Lambda stage, by stage name (`HANDLER_ENTRIES`). */
  readonly handlerEntries: Readonly<Record<string, string>>;
  /** The Glue job behind the workflow's Glue step. @default none (required if it has one) */
  readonly glueJob?: GlueJobSource;
  /** Deploys a NightlySchedule with this cron and time zone. @default no schedule */
  readonly schedule?: { readonly expression: string; readonly timeZone: string };
  /** @default alarms without an action */
  readonly alarmTopicArn?: string;
}

/**
 * `{prefix}-ceap-{workflow}`: one function per Lambda stage, the Glue job (if the workflow has
 * a Glue step), the state machine, its queue and pipe, the nightly schedule (if given) and
 * the alarms. Outputs `StateMachineArn`, which the runner's AWS target reads.
 */
export class CeapWorkflowStack extends Stack {
  public readonly stageFunctions: Readonly<Record<string, StageFunction>>;
  public readonly glueJob?: HeavyEtlGlueJob;
  public readonly stateMachine: WorkflowStateMachine;
  public readonly queue: WorkflowQueue;
  public readonly schedule?: NightlySchedule;
  public readonly alarms: WorkflowAlarms;

  constructor(scope: Construct, id: string, props: CeapWorkflowStackProps) {
    super(scope, id, props);
    const { workflow, prefix } = props;
    const baseName = `${prefix}-ceap-${workflow.name}`;
    const dataBucket = Bucket.fromBucketName(this, 'DataBucket', props.dataBucketName);

    const functions: Record<string, IFunction> = {};
    const stageFunctions: Record<string, StageFunction> = {};
    for (const step of workflow.steps) {
      if (step.kind !== 'lambda') continue;
      const entry = props.handlerEntries[step.stage];
      if (!entry)
        throw new InfraPropsError(
          `handlerEntries.${step.stage} is missing: workflow "${workflow.name}" runs it on Lambda`,
        );
      const access = STAGE_ACCESS[step.stage] ?? {};
      const timeoutSeconds = Math.min(
        step.timeoutSeconds ?? workflow.defaultTaskTimeoutSeconds,
        LAMBDA_MAX_SECONDS,
      );
      const stageFunction = new StageFunction(this, step.stage, {
        stage: step.stage,
        entry,
        dataBucket,
        keyPrefix: props.keyPrefix,
        functionName: `${baseName}-${step.stage}`,
        timeout: Duration.seconds(timeoutSeconds),
        readOnlyPrefixes: access.readOnlyPrefixes,
        extraReadWritePrefixes: access.extraReadWritePrefixes,
        eventBus: access.putEvents
          ? EventBus.fromEventBusName(this, `${step.stage}EventBus`, 'default')
          : undefined,
      });
      stageFunctions[step.stage] = stageFunction;
      functions[step.stage] = stageFunction.function;
    }
    this.stageFunctions = stageFunctions;

    const glueJobNames: Record<string, string> = {};
    const glueSteps = workflow.steps.filter((step) => step.kind === 'glue');
    if (glueSteps.length > 1)
      throw new InfraPropsError(
        `workflow "${workflow.name}" has ${glueSteps.length} Glue steps; this app deploys one`,
      );
    const glueStep = glueSteps[0];
    if (glueStep) {
      if (!props.glueJob)
        throw new InfraPropsError(
          `glueJob is missing: workflow "${workflow.name}" runs ${glueStep.stage} on Glue`,
        );
      this.glueJob = new HeavyEtlGlueJob(this, glueStep.stage, {
        ...props.glueJob,
        dataBucket,
        keyPrefix: props.keyPrefix,
      });
      glueJobNames[glueStep.stage] = this.glueJob.jobName;
    }

    this.stateMachine = new WorkflowStateMachine(this, 'Workflow', {
      workflow,
      functions,
      glueJobNames,
      stateMachineName: baseName,
    });
    this.queue = new WorkflowQueue(this, 'Queue', {
      stateMachine: this.stateMachine,
      queueName: baseName,
      pipeName: baseName,
    });
    if (props.schedule) {
      this.schedule = new NightlySchedule(this, 'NightlySchedule', {
        stateMachine: this.stateMachine.stateMachine,
        expression: props.schedule.expression,
        timeZone: props.schedule.timeZone,
        scheduleName: `${baseName}-nightly`,
      });
    }
    const deadLetterQueues: Record<string, IQueue> = { Queue: this.queue.deadLetterQueue };
    if (this.schedule) deadLetterQueues.Schedule = this.schedule.deadLetterQueue;
    this.alarms = new WorkflowAlarms(this, 'Alarms', {
      stateMachine: this.stateMachine.stateMachine,
      deadLetterQueues,
      alarmTopic: props.alarmTopicArn
        ? Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn)
        : undefined,
      alarmNamePrefix: baseName,
    });

    new CfnOutput(this, 'StateMachineArn', {
      value: this.stateMachine.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, 'QueueUrl', { value: this.queue.queue.queueUrl });
    new CfnOutput(this, 'DeadLetterQueueUrl', { value: this.queue.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'DataBucketName', { value: props.dataBucketName });
    if (this.glueJob) new CfnOutput(this, 'GlueJobName', { value: this.glueJob.jobName });
    if (this.schedule) {
      new CfnOutput(this, 'ScheduleName', { value: this.schedule.schedule.scheduleName });
      new CfnOutput(this, 'ScheduleDeadLetterQueueUrl', {
        value: this.schedule.deadLetterQueue.queueUrl,
      });
    }
  }
}
