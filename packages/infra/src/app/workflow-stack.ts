import { type StageDefinition, WorkflowStackOutput, workflowStackName } from '@ceap/core';
import type { GlueStep, LambdaStep, MapStep, Workflow } from '@ceap/core/workflow';
import type { GlueJobSpec } from '@ceap/glue-jobs';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Bucket, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { LogLevel } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { HeavyEtlGlueJob } from '../constructs/heavy-etl-glue-job.js';
import { NightlySchedule } from '../constructs/nightly-schedule.js';
import { StageFunction } from '../constructs/stage-function.js';
import { checkLoggingProps } from '../constructs/state-machine-logging.js';
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
  /**
   * The Glue job behind each Glue step, by the job's binding name (`GlueStep.job`, e.g.
   * `HeavyETLStage`). Only the jobs the workflow runs are created. @default none (required for
   * each job the workflow runs)
   */
  readonly glueJobs?: Readonly<Record<string, GlueJobSource>>;
  /** Deploys a NightlySchedule with this cron and time zone. @default no schedule */
  readonly schedule?: { readonly expression: string; readonly timeZone: string };
  /** @default alarms without an action */
  readonly alarmTopicArn?: string;
  /**
   * Which events the state machine logs (`WorkflowStateMachineProps.logLevel`): failures only by
   * default, because the events carry the records. @default LogLevel.ERROR
   */
  readonly stateMachineLogLevel?: LogLevel;
  /**
   * Whether the state machine's log events carry inputs and outputs, i.e. the records
   * (`WorkflowStateMachineProps.includeExecutionData`). @default false
   */
  readonly includeExecutionData?: boolean;
}

/**
 * `{prefix}-ceap-{workflow}` (`workflowStackName` from @ceap/core): one function per stage that
 * the workflow's Lambda and Map steps run (steps that run one stage share it), one Glue job per
 * job its Glue steps run, the state machine, its queue and pipe, the nightly schedule (if
 * given) and the alarms. Its outputs are keyed by `WorkflowStackOutput`; the runner's AWS
 * target reads `StateMachineArn`.
 */
export class CeapWorkflowStack extends Stack {
  /** The function of each stage the workflow runs on Lambda, by stage name. */
  public readonly stageFunctions: Readonly<Record<string, StageFunction>>;
  /** Each Glue job the workflow runs, by its binding name (`GlueStep.job`). */
  public readonly glueJobs: Readonly<Record<string, HeavyEtlGlueJob>>;
  /** The workflow's Glue job, when it runs exactly one (its name is the `GlueJobName` output). */
  public readonly glueJob?: HeavyEtlGlueJob;
  public readonly stateMachine: WorkflowStateMachine;
  public readonly queue: WorkflowQueue;
  public readonly schedule?: NightlySchedule;
  public readonly alarms: WorkflowAlarms;

  constructor(scope: Construct, id: string, props: CeapWorkflowStackProps) {
    super(scope, id, props);
    checkLoggingProps(props.stateMachineLogLevel, props.includeExecutionData, {
      level: 'CeapWorkflowStackProps.stateMachineLogLevel',
      includeExecutionData: 'CeapWorkflowStackProps.includeExecutionData',
    });
    const { workflow } = props;
    const baseName = workflowStackName(props.prefix, workflow.name);
    const dataBucket = Bucket.fromBucketName(this, 'DataBucket', props.dataBucketName);

    this.stageFunctions = addStageFunctions(this, props, dataBucket, baseName);
    this.glueJobs = addGlueJobs(this, props, dataBucket);
    const jobs = Object.values(this.glueJobs);
    this.glueJob = jobs.length === 1 ? jobs[0] : undefined;
    const functions: Record<string, IFunction> = {};
    for (const [stage, fn] of Object.entries(this.stageFunctions)) functions[stage] = fn.function;
    const glueJobNames: Record<string, string> = {};
    for (const [job, glueJob] of Object.entries(this.glueJobs)) glueJobNames[job] = glueJob.jobName;

    this.stateMachine = new WorkflowStateMachine(this, 'Workflow', {
      workflow,
      functions,
      glueJobNames,
      dataBucket,
      keyPrefix: props.keyPrefix,
      stateMachineName: baseName,
      logLevel: props.stateMachineLogLevel,
      includeExecutionData: props.includeExecutionData,
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
 * One StageFunction per stage that Lambda and Map steps run, shared by those steps, its role
 * derived from the stage's own `access` declaration (a stage that declares nothing gets only
 * `executions/*`) and its timeout the longest of those steps' (at most Lambda's 900 s).
 */
function addStageFunctions(
  stack: Stack,
  props: CeapWorkflowStackProps,
  dataBucket: IBucket,
  baseName: string,
): Record<string, StageFunction> {
  const { workflow } = props;
  const stepsByStage = new Map<string, (LambdaStep | MapStep)[]>();
  for (const step of workflow.steps) {
    if (step.kind !== 'lambda' && step.kind !== 'map') continue;
    stepsByStage.set(step.stage, [...(stepsByStage.get(step.stage) ?? []), step]);
  }
  const stageFunctions: Record<string, StageFunction> = {};
  for (const [stage, steps] of stepsByStage) {
    const runs = `workflow "${workflow.name}" runs it on Lambda in ${stepList(steps)}`;
    const entry = props.handlerEntries[stage];
    if (!entry) throw new InfraPropsError(`handlerEntries.${stage} is missing: ${runs}`);
    const timeouts = steps.map((s) => s.timeoutSeconds ?? workflow.defaultTaskTimeoutSeconds);
    stageFunctions[stage] = new StageFunction(stack, stage, {
      stage,
      entry,
      access: declaredStage(props, stage, runs).access,
      dataBucket,
      keyPrefix: props.keyPrefix,
      functionName: `${baseName}-${stage}`,
      timeout: Duration.seconds(Math.min(Math.max(...timeouts), LAMBDA_MAX_SECONDS)),
    });
  }
  return stageFunctions;
}

/** The stage object behind Lambda and Map steps; it must be there, under its own name. */
function declaredStage(props: CeapWorkflowStackProps, stage: string, runs: string): DeclaredStage {
  const declared = props.stages[stage];
  if (!declared)
    throw new InfraPropsError(
      `stages.${stage} is missing: ${runs}, and its role is derived from its access declaration`,
    );
  if (declared.name !== stage)
    throw new InfraPropsError(
      `stages.${stage} is the stage "${declared.name}": each stage must be keyed by its own name`,
    );
  return declared;
}

/** One HeavyEtlGlueJob per job the workflow's Glue steps run, by the job's binding name. */
function addGlueJobs(
  stack: Stack,
  props: CeapWorkflowStackProps,
  dataBucket: IBucket,
): Record<string, HeavyEtlGlueJob> {
  const { workflow } = props;
  const stepsByJob = new Map<string, GlueStep[]>();
  for (const step of workflow.steps) {
    if (step.kind !== 'glue') continue;
    stepsByJob.set(step.job, [...(stepsByJob.get(step.job) ?? []), step]);
  }
  const jobs: Record<string, HeavyEtlGlueJob> = {};
  for (const [job, steps] of stepsByJob) {
    const source = props.glueJobs?.[job];
    if (!source)
      throw new InfraPropsError(
        `glueJobs.${job} is missing: workflow "${workflow.name}" runs it on Glue in ${stepList(steps)}`,
      );
    jobs[job] = new HeavyEtlGlueJob(stack, job, {
      ...source,
      dataBucket,
      keyPrefix: props.keyPrefix,
    });
  }
  return jobs;
}

/** `step "Score"`, or `steps "Score", "ScoreParts"`. */
function stepList(steps: readonly { readonly name: string }[]): string {
  const names = steps.map((step) => `"${step.name}"`).join(', ');
  return steps.length === 1 ? `step ${names}` : `steps ${names}`;
}
