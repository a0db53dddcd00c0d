import { workflowStackName } from '@ceap/core';
import type { Workflow, WorkflowSchedule } from '@ceap/core/workflow';
import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { LogLevel } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { INFRA_DEFAULTS } from '../defaults.js';
import { InfraPropsError } from '../errors.js';
import { assertCronExpression, assertKeyPrefix, assertTimeZone } from '../props-validation.js';
import { HeavyEtlGlueJob } from './heavy-etl-glue-job.js';
import { NightlySchedule } from './nightly-schedule.js';
import { ObjectCreatedTrigger } from './object-created-trigger.js';
import { StageFunction } from './stage-function.js';
import { checkLoggingProps } from './state-machine-logging.js';
import { WorkflowAlarms } from './workflow-alarms.js';
import { WorkflowQueue } from './workflow-queue.js';
import {
  checkGlueJobSources,
  checkStageSources,
  isFunction,
  stepsByJob,
  stepsByStage,
  type WorkflowGlueJobSource,
  type WorkflowStageSource,
} from './workflow-sources.js';
import { WorkflowStateMachine } from './workflow-state-machine.js';

const PROP = 'CeapWorkflowProps';
const DEFAULTS = INFRA_DEFAULTS.ceapWorkflow;
/** Characters valid in every name the construct derives (functions, queue, pipe, alarms). */
const NAME_PREFIX_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;

/** Props of {@link CeapWorkflow}. */
export interface CeapWorkflowProps {
  /** The workflow, as `defineWorkflow` from `@ceap/core/workflow` builds it. */
  readonly workflow: Workflow;
  /** The bucket the stages, Glue jobs, sensors and Maps use (a new one, or imported). */
  readonly dataBucket: IBucket;
  /** A key prefix inside the bucket, e.g. `team-a/`. @default '' */
  readonly keyPrefix?: string;
  /**
   * Each stage the workflow's Lambda and Map steps run, by stage name: `{ stage, entry }` (its
   * function is built, with a role from the stage's `access`), or a function you built. Exactly
   * those stages: a missing one, a missing handler file and an unused stage are refused.
   * @default none (required when the workflow has Lambda or Map steps)
   */
  readonly stages?: Readonly<Record<string, WorkflowStageSource>>;
  /**
   * Each Glue job the workflow's Glue steps run, by its binding name (`GlueStep.job`): a
   * `GlueJobSource` (the job is built) or the name of an existing job. Exactly those jobs.
   * @default none (required when the workflow has Glue steps)
   */
  readonly glueJobs?: Readonly<Record<string, WorkflowGlueJobSource>>;
  /**
   * The base of every name: the state machine, queue and pipe are named this, each function
   * `{namePrefix}-{stage}`, the schedule `{namePrefix}-nightly`, the alarms `{namePrefix}-…`.
   * @default `workflowStackName(DEFAULT_DEPLOYMENT_PREFIX, workflow.name)`, i.e. `dev-ceap-{workflow}`
   */
  readonly namePrefix?: string;
  /** Deploy an SQS queue (with a DLQ) and a pipe that starts the workflow. @default true */
  readonly queue?: boolean;
  /** The nightly schedule's cron and time zone, or `false` for none. @default workflow.schedule (none if unset) */
  readonly schedule?: WorkflowSchedule | false;
  /** Where the alarms (and their return to OK) are sent. @default alarms without an action */
  readonly alarmTopic?: ITopic;
  /** Which events the state machine logs. @default LogLevel.ERROR */
  readonly logLevel?: LogLevel;
  /** Whether log events carry inputs and outputs (the records). @default false */
  readonly includeExecutionData?: boolean;
  /** Bundling overrides for the functions built from `stages`. @default ceap's bundling */
  readonly bundling?: BundlingOptions;
}

/**
 * Deploys any ceap workflow into any stack, without the rest of the ceap app: one
 * {@link StageFunction} per stage its Lambda and Map steps run (least privilege from the
 * stage's `access`; steps that run one stage share it, its timeout the longest of theirs), one
 * {@link HeavyEtlGlueJob} per Glue job, the {@link WorkflowStateMachine} from the compiled
 * definition, optionally a {@link WorkflowQueue} and a {@link NightlySchedule}, and
 * {@link WorkflowAlarms}. The shipped stacks (`CeapWorkflowStack`) are built with it.
 *
 * @example
 * new CeapWorkflow(stack, 'Orders', {
 *   workflow: ordersWorkflow,
 *   dataBucket: Bucket.fromBucketName(stack, 'Data', 'team-a-data'),
 *   stages: {
 *     [validateOrders.name]: { stage: validateOrders, entry: 'src/handlers/validate-orders.ts' },
 *     FilterStage: { stage: STAGES.FilterStage, entry: HANDLER_ENTRIES.FilterStage },
 *   },
 * });
 */
export class CeapWorkflow extends Construct {
  /** The base of every resource name. */
  public readonly namePrefix: string;
  /** The function built for each stage given as `{ stage, entry }`, by stage name. */
  public readonly stageFunctions: Readonly<Record<string, StageFunction>>;
  /** The function of every stage the workflow runs (built or given), by stage name. */
  public readonly functions: Readonly<Record<string, IFunction>>;
  /** Each Glue job built from a spec, by its binding name. */
  public readonly glueJobs: Readonly<Record<string, HeavyEtlGlueJob>>;
  /** The name of every Glue job the workflow runs (built or existing), by binding name. */
  public readonly glueJobNames: Readonly<Record<string, string>>;
  public readonly stateMachine: WorkflowStateMachine;
  /** The queue, its DLQ and pipe, unless `queue` is false. */
  public readonly queue?: WorkflowQueue;
  /** The schedule, when the workflow (or `schedule`) has one. */
  public readonly schedule?: NightlySchedule;
  /** The rule that starts the workflow when an object lands, when the workflow has a trigger. */
  public readonly trigger?: ObjectCreatedTrigger;
  public readonly alarms: WorkflowAlarms;

  constructor(scope: Construct, id: string, props: CeapWorkflowProps) {
    super(scope, id);
    const { workflow, keyPrefix, namePrefix, schedule } = checkProps(props);
    this.namePrefix = namePrefix;
    this.stageFunctions = this.addStageFunctions(props, keyPrefix);
    const functions: Record<string, IFunction> = {};
    for (const [stage, source] of Object.entries(props.stages ?? {}))
      functions[stage] = isFunction(source)
        ? source
        : (this.stageFunctions[stage]?.function as IFunction);
    this.functions = functions;
    this.glueJobs = this.addGlueJobs(props, keyPrefix);
    const glueJobNames: Record<string, string> = {};
    for (const [job, source] of Object.entries(props.glueJobs ?? {}))
      glueJobNames[job] =
        typeof source === 'string' ? source : (this.glueJobs[job]?.jobName as string);
    this.glueJobNames = glueJobNames;

    this.stateMachine = new WorkflowStateMachine(this, 'Workflow', {
      workflow,
      functions,
      glueJobNames,
      dataBucket: props.dataBucket,
      keyPrefix,
      stateMachineName: namePrefix,
      logLevel: props.logLevel,
      includeExecutionData: props.includeExecutionData,
    });
    if (props.queue ?? DEFAULTS.queue) {
      this.queue = new WorkflowQueue(this, 'Queue', {
        stateMachine: this.stateMachine,
        queueName: namePrefix,
        pipeName: namePrefix,
      });
    }
    if (schedule) {
      this.schedule = new NightlySchedule(this, 'NightlySchedule', {
        stateMachine: this.stateMachine.stateMachine,
        expression: schedule.expression,
        timeZone: schedule.timeZone,
        scheduleName: `${namePrefix}-nightly`,
      });
    }
    if (workflow.trigger) {
      this.trigger = new ObjectCreatedTrigger(this, 'ObjectCreatedTrigger', {
        stateMachine: this.stateMachine.stateMachine,
        dataBucket: props.dataBucket,
        prefix: `${keyPrefix}${workflow.trigger.objectCreated.prefix}`,
        ruleName: `${namePrefix}-object-created`,
      });
    }
    const deadLetterQueues: Record<string, IQueue> = {};
    if (this.queue) deadLetterQueues.Queue = this.queue.deadLetterQueue;
    if (this.schedule) deadLetterQueues.Schedule = this.schedule.deadLetterQueue;
    if (this.trigger) deadLetterQueues.Trigger = this.trigger.deadLetterQueue;
    this.alarms = new WorkflowAlarms(this, 'Alarms', {
      stateMachine: this.stateMachine.stateMachine,
      deadLetterQueues,
      alarmTopic: props.alarmTopic,
      alarmNamePrefix: namePrefix,
    });
  }

  /** One StageFunction per stage given as `{ stage, entry }`, shared by the steps that run it. */
  private addStageFunctions(
    props: CeapWorkflowProps,
    keyPrefix: string,
  ): Record<string, StageFunction> {
    const { workflow } = props;
    const built: Record<string, StageFunction> = {};
    for (const [stage, steps] of stepsByStage(workflow)) {
      const source = props.stages?.[stage];
      if (source === undefined || isFunction(source)) continue;
      const timeouts = steps.map((s) => s.timeoutSeconds ?? workflow.defaultTaskTimeoutSeconds);
      built[stage] = new StageFunction(this, stage, {
        stage,
        entry: source.entry,
        access: source.stage.access,
        dataBucket: props.dataBucket,
        keyPrefix,
        functionName: `${this.namePrefix}-${stage}`,
        timeout: Duration.seconds(
          Math.min(Math.max(...timeouts), DEFAULTS.lambdaMaxTimeoutSeconds),
        ),
        bundling: props.bundling,
      });
    }
    return built;
  }

  /** One HeavyEtlGlueJob per job given as a spec. */
  private addGlueJobs(
    props: CeapWorkflowProps,
    keyPrefix: string,
  ): Record<string, HeavyEtlGlueJob> {
    const built: Record<string, HeavyEtlGlueJob> = {};
    for (const job of stepsByJob(props.workflow).keys()) {
      const source = props.glueJobs?.[job];
      if (source === undefined || typeof source === 'string') continue;
      built[job] = new HeavyEtlGlueJob(this, job, {
        ...source,
        dataBucket: props.dataBucket,
        keyPrefix,
      });
    }
    return built;
  }
}

/** Every prop, checked before anything is built; each message names the prop. */
function checkProps(props: CeapWorkflowProps): {
  workflow: Workflow;
  keyPrefix: string;
  namePrefix: string;
  schedule?: WorkflowSchedule;
} {
  const { workflow } = props;
  if (typeof workflow?.name !== 'string' || !Array.isArray(workflow.steps))
    throw new InfraPropsError(`${PROP}.workflow must be a workflow from defineWorkflow`);
  if (props.dataBucket === undefined)
    throw new InfraPropsError(`${PROP}.dataBucket is missing: the stages read and write it`);
  const keyPrefix = assertKeyPrefix(props.keyPrefix, `${PROP}.keyPrefix`);
  const namePrefix = props.namePrefix ?? workflowStackName(INFRA_DEFAULTS.prefix, workflow.name);
  if (!NAME_PREFIX_PATTERN.test(namePrefix))
    throw new InfraPropsError(
      `${PROP}.namePrefix ${JSON.stringify(namePrefix)} must be 1-63 characters of A-Z a-z 0-9 -, starting with a letter or digit`,
    );
  checkStageSources(workflow, props.stages ?? {}, `${PROP}.stages`);
  checkGlueJobSources(workflow, props.glueJobs ?? {}, `${PROP}.glueJobs`);
  checkLoggingProps(props.logLevel, props.includeExecutionData, {
    level: `${PROP}.logLevel`,
    includeExecutionData: `${PROP}.includeExecutionData`,
  });
  const schedule = props.schedule === false ? undefined : (props.schedule ?? workflow.schedule);
  if (schedule) {
    assertCronExpression(schedule.expression, `${PROP}.schedule.expression`);
    assertTimeZone(schedule.timeZone, `${PROP}.schedule.timeZone`);
  }
  return { workflow, keyPrefix, namePrefix, schedule };
}
