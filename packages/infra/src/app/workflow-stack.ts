import { type StageDefinition, WorkflowStackOutput, workflowStackName } from '@ceap/core';
import type { LambdaStep, Workflow } from '@ceap/core/workflow';
import type { GlueJobSpec } from '@ceap/glue-jobs';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
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

/** Lambda's longest timeout. */
const LAMBDA_MAX_SECONDS = 900;

/** The Glue job's spec (its files are in `spec.assets`) and what to leave out of the Python zip. */
export interface GlueJobSource {
  readonly spec: GlueJobSpec;
  /** @default [] */
  readonly pythonExclude?: readonly string[];
}

/**
 * What the stack reads from a stage's definition (`defineStage` from @ceap/core): its name and
 * its `access` declaration. Any stage object fits, e.g. `STAGES.ETLStage` from @ceap/stages.
 */
export type DeclaredStage = Pick<StageDefinition<unknown>, 'name' | 'access'>;

/** Props of {@link CeapWorkflowStack}. */
export interface CeapWorkflowStackProps extends StackProps {
  readonly prefix: string;
  readonly workflow: Workflow;
  /** The shared data bucket, by name (see `dataBucketName`). */
  readonly dataBucketName: string;
  /** @default '' */
  readonly keyPrefix?: string;
  /**
   * The definition of each Lambda stage, by stage name (`STAGES`). Its role may use
   * `executions/*` and what its `access` declares, nothing more.
   */
  readonly stages: Readonly<Record<string, DeclaredStage>>;
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
 * `{prefix}-ceap-{workflow}` (`workflowStackName` from @ceap/core): one function per Lambda
 * stage, the Glue job (if the workflow has a Glue step), the state machine, its queue and pipe,
 * the nightly schedule (if given) and the alarms. Its outputs are keyed by `WorkflowStackOutput`;
 * the runner's AWS target reads `StateMachineArn`.
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
    const { workflow } = props;
    const baseName = workflowStackName(props.prefix, workflow.name);
    const dataBucket = Bucket.fromBucketName(this, 'DataBucket', props.dataBucketName);

    this.stageFunctions = addStageFunctions(this, props, dataBucket, baseName);
    const glueJobs = addGlueJobs(this, props, dataBucket);
    this.glueJob = Object.values(glueJobs)[0];
    const functions: Record<string, IFunction> = {};
    for (const [stage, fn] of Object.entries(this.stageFunctions)) functions[stage] = fn.function;
    const glueJobNames: Record<string, string> = {};
    for (const [stage, job] of Object.entries(glueJobs)) glueJobNames[stage] = job.jobName;

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
    this.addOutputs(props.dataBucketName);
  }

  private addOutputs(dataBucketName: string): void {
    const output = (key: keyof typeof WorkflowStackOutput, value: string) =>
      new CfnOutput(this, WorkflowStackOutput[key], { value });
    output('StateMachineArn', this.stateMachine.stateMachine.stateMachineArn);
    output('QueueUrl', this.queue.queue.queueUrl);
    output('DeadLetterQueueUrl', this.queue.deadLetterQueue.queueUrl);
    output('DataBucketName', dataBucketName);
    if (this.glueJob) output('GlueJobName', this.glueJob.jobName);
    if (this.schedule) {
      output('ScheduleName', this.schedule.schedule.scheduleName);
      output('ScheduleDeadLetterQueueUrl', this.schedule.deadLetterQueue.queueUrl);
    }
  }
}

/**
 * One StageFunction per Lambda step, its role derived from the stage's own `access`
 * declaration: a stage that declares nothing gets only `executions/*`.
 */
function addStageFunctions(
  stack: Stack,
  props: CeapWorkflowStackProps,
  dataBucket: IBucket,
  baseName: string,
): Record<string, StageFunction> {
  const { workflow } = props;
  const stageFunctions: Record<string, StageFunction> = {};
  for (const step of workflow.steps) {
    if (step.kind !== 'lambda') continue;
    const entry = props.handlerEntries[step.stage];
    if (!entry)
      throw new InfraPropsError(
        `handlerEntries.${step.stage} is missing: workflow "${workflow.name}" runs it on Lambda`,
      );
    stageFunctions[step.stage] = new StageFunction(stack, step.stage, {
      stage: step.stage,
      entry,
      access: declaredStage(props, step).access,
      dataBucket,
      keyPrefix: props.keyPrefix,
      functionName: `${baseName}-${step.stage}`,
      timeout: Duration.seconds(
        Math.min(step.timeoutSeconds ?? workflow.defaultTaskTimeoutSeconds, LAMBDA_MAX_SECONDS),
      ),
    });
  }
  return stageFunctions;
}

/** The stage object behind a Lambda step; it must be there, under its own name. */
function declaredStage(props: CeapWorkflowStackProps, step: LambdaStep): DeclaredStage {
  const declared = props.stages[step.stage];
  if (!declared)
    throw new InfraPropsError(
      `stages.${step.stage} is missing: workflow "${props.workflow.name}" runs it on Lambda, and its role is derived from its access declaration`,
    );
  if (declared.name !== step.stage)
    throw new InfraPropsError(
      `stages.${step.stage} is the stage "${declared.name}": each stage must be keyed by its own name`,
    );
  return declared;
}

/** The Glue job behind the workflow's one Glue step (if it has one), by stage name. */
function addGlueJobs(
  stack: Stack,
  props: CeapWorkflowStackProps,
  dataBucket: IBucket,
): Record<string, HeavyEtlGlueJob> {
  const { workflow } = props;
  const glueSteps = workflow.steps.filter((step) => step.kind === 'glue');
  if (glueSteps.length > 1)
    throw new InfraPropsError(
      `workflow "${workflow.name}" has ${glueSteps.length} Glue steps; this app deploys one`,
    );
  const glueStep = glueSteps[0];
  if (!glueStep) return {};
  if (!props.glueJob)
    throw new InfraPropsError(
      `glueJob is missing: workflow "${workflow.name}" runs ${glueStep.stage} on Glue`,
    );
  const job = new HeavyEtlGlueJob(stack, glueStep.stage, {
    ...props.glueJob,
    dataBucket,
    keyPrefix: props.keyPrefix,
  });
  return { [glueStep.stage]: job };
}
