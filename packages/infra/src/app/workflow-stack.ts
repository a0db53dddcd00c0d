import { WorkflowStackOutput, workflowStackName } from '@ceap/core';
import type { Workflow, WorkflowSchedule } from '@ceap/core/workflow';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { LogLevel } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { CeapWorkflow } from '../constructs/ceap-workflow.js';
import { ExecutionEventsQueue } from '../constructs/execution-events-queue.js';
import type { HeavyEtlGlueJob } from '../constructs/heavy-etl-glue-job.js';
import type { NightlySchedule } from '../constructs/nightly-schedule.js';
import type { StageFunction } from '../constructs/stage-function.js';
import { checkLoggingProps } from '../constructs/state-machine-logging.js';
import type { WorkflowAlarms } from '../constructs/workflow-alarms.js';
import type { WorkflowQueue } from '../constructs/workflow-queue.js';
import {
  type DeclaredStage,
  type GlueJobSource,
  type StageSource,
  stepList,
  stepsByJob,
  stepsByStage,
} from '../constructs/workflow-sources.js';
import type { WorkflowStateMachine } from '../constructs/workflow-state-machine.js';
import { InfraPropsError } from '../errors.js';

/**
 * The id of the stack's {@link CeapWorkflow}. CDK leaves a `Default` path component out of
 * logical ids, so the resources keep the logical ids they had when the stack built them itself
 * (a deployed stack updates in place rather than replacing its named resources).
 */
const WORKFLOW_ID = 'Default';

/** Props of {@link CeapWorkflowStack}. */
export interface CeapWorkflowStackProps extends StackProps {
  /** The deployment prefix: names are `workflowStackName(prefix, workflow.name)`-based. */
  readonly prefix: string;
  readonly workflow: Workflow;
  /** The shared data bucket, by name (see `dataBucketName`). */
  readonly dataBucketName: string;
  /** @default '' */
  readonly keyPrefix?: string;
  /**
   * Stage definitions by stage name (`STAGES`), a superset of what the workflow runs: its role
   * may use `executions/*` and what its `access` declares, nothing more. Only the stages the
   * workflow's Lambda and Map steps run are deployed.
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
  /** The nightly schedule's cron and time zone. @default workflow.schedule (none if unset) */
  readonly schedule?: WorkflowSchedule;
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
 * `{prefix}-ceap-{workflow}` (`workflowStackName` from @ceap/core): a thin stack around
 * {@link CeapWorkflow}, which deploys the functions, Glue jobs, state machine, queue and pipe,
 * schedule and alarms, named from `workflowStackName(prefix, workflow.name)`. It picks from the
 * app's stages and Glue jobs those its workflow runs, imports the shared data bucket by name,
 * and adds the outputs keyed by `WorkflowStackOutput`; the runner's AWS target reads
 * `StateMachineArn`.
 */
export class CeapWorkflowStack extends Stack {
  /** Everything the workflow deploys. */
  public readonly ceapWorkflow: CeapWorkflow;
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
  /** The state machine's execution status changes, for the runner (`ExecutionEventsQueueUrl`). */
  public readonly executionEvents: ExecutionEventsQueue;

  constructor(scope: Construct, id: string, props: CeapWorkflowStackProps) {
    super(scope, id, props);
    checkLoggingProps(props.stateMachineLogLevel, props.includeExecutionData, {
      level: 'CeapWorkflowStackProps.stateMachineLogLevel',
      includeExecutionData: 'CeapWorkflowStackProps.includeExecutionData',
    });
    const { workflow } = props;
    const stages = usedStages(props);
    const glueJobs = usedGlueJobs(props);

    this.ceapWorkflow = new CeapWorkflow(this, WORKFLOW_ID, {
      workflow,
      dataBucket: Bucket.fromBucketName(this, 'DataBucket', props.dataBucketName),
      keyPrefix: props.keyPrefix,
      stages,
      glueJobs,
      namePrefix: workflowStackName(props.prefix, workflow.name),
      queue: true,
      schedule: props.schedule,
      alarmTopic: props.alarmTopicArn
        ? Topic.fromTopicArn(this, 'AlarmTopic', props.alarmTopicArn)
        : undefined,
      logLevel: props.stateMachineLogLevel,
      includeExecutionData: props.includeExecutionData,
    });
    this.stageFunctions = this.ceapWorkflow.stageFunctions;
    this.glueJobs = this.ceapWorkflow.glueJobs;
    const jobs = Object.values(this.glueJobs);
    this.glueJob = jobs.length === 1 ? jobs[0] : undefined;
    this.stateMachine = this.ceapWorkflow.stateMachine;
    this.queue = this.ceapWorkflow.queue as WorkflowQueue;
    this.schedule = this.ceapWorkflow.schedule;
    this.alarms = this.ceapWorkflow.alarms;
    this.executionEvents = new ExecutionEventsQueue(this, 'ExecutionEvents', {
      stateMachines: [this.stateMachine.stateMachine],
      queueName: `${workflowStackName(props.prefix, workflow.name)}-events`,
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
    output('ExecutionEventsQueueUrl', this.executionEvents.queue.queueUrl);
    if (this.glueJob) output('GlueJobName', this.glueJob.jobName);
    if (this.schedule) {
      output('ScheduleName', this.schedule.schedule.scheduleName);
      output('ScheduleDeadLetterQueueUrl', this.schedule.deadLetterQueue.queueUrl);
    }
  }
}

/**
 * The stage and handler file of each stage the workflow's Lambda and Map steps run, picked
 * from the app's; each must be there, its definition under its own name.
 */
function usedStages(props: CeapWorkflowStackProps): Record<string, StageSource> {
  const { workflow } = props;
  const used: Record<string, StageSource> = {};
  for (const [stage, steps] of stepsByStage(workflow)) {
    const runs = `workflow "${workflow.name}" runs it on Lambda in ${stepList(steps)}`;
    const entry = props.handlerEntries[stage];
    if (!entry) throw new InfraPropsError(`handlerEntries.${stage} is missing: ${runs}`);
    const declared = props.stages[stage];
    if (!declared)
      throw new InfraPropsError(
        `stages.${stage} is missing: ${runs}, and its role is derived from its access declaration`,
      );
    if (declared.name !== stage)
      throw new InfraPropsError(
        `stages.${stage} is the stage "${declared.name}": each stage must be keyed by its own name`,
      );
    used[stage] = { stage: declared, entry };
  }
  return used;
}

/** The Glue job of each job the workflow's Glue steps run, picked from the app's. */
function usedGlueJobs(props: CeapWorkflowStackProps): Record<string, GlueJobSource> {
  const { workflow } = props;
  const used: Record<string, GlueJobSource> = {};
  for (const [job, steps] of stepsByJob(workflow)) {
    const source = props.glueJobs?.[job];
    if (!source)
      throw new InfraPropsError(
        `glueJobs.${job} is missing: workflow "${workflow.name}" runs it on Glue in ${stepList(steps)}`,
      );
    used[job] = source;
  }
  return used;
}
