import { compileWorkflow, type StateMachineDefinition, type Workflow } from '@ceap/core/workflow';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Role } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import {
  DefinitionBody,
  type LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { INFRA_DEFAULTS } from '../defaults.js';
import { acknowledgeNag } from '../nag-acknowledgements.js';
import { assertKeyPrefix } from '../props-validation.js';
import { bindPlaceholders } from './definition-bindings.js';
import { type DefinitionUsage, readDefinitionUsage } from './definition-usage.js';
import { sourceArnOf, sourceBoundService, TrustedService } from './service-trust.js';
import { grantStatesAccess } from './state-machine-access.js';
import { checkLoggingProps, createStateMachineLogs } from './state-machine-logging.js';

/** The props' name in messages. */
const PROP = 'WorkflowStateMachineProps';

/** Props of {@link WorkflowStateMachine}. */
export interface WorkflowStateMachineProps {
  /** The workflow to compile with `compileWorkflow` from `@ceap/core`, e.g. `realtimeWorkflow`. */
  readonly workflow: Workflow;
  /**
   * The function that runs each stage the workflow's Lambda and Map steps run, keyed by stage
   * name: one per stage, shared by every step that runs it. Exactly those stages.
   */
  readonly functions: Readonly<Record<string, IFunction>>;
  /**
   * The name of each Glue job the workflow's Glue steps run, keyed by the job's binding name
   * (`GlueStep.job`). Exactly those jobs. @default none (no Glue steps)
   */
  readonly glueJobNames?: Readonly<Record<string, string>>;
  /**
   * The data bucket: `${DataBucketName}` for S3 sensors, and the bucket whose prefixes sensors
   * poke and Map steps list. @default none (required when the workflow has an S3 sensor or a
   * Map step)
   */
  readonly dataBucket?: IBucket;
  /** The key prefix the stages use in the data bucket, e.g. `team-a/`. @default '' */
  readonly keyPrefix?: string;
  /** @default a name CloudFormation generates */
  readonly stateMachineName?: string;
  /**
   * Which events the log group records. Only failures by default: an execution's events carry
   * its records, which may be personal data. Express executions have no history in Step
   * Functions, so at ERROR CloudWatch shows only the failed ones; set `LogLevel.ALL` to see
   * every execution (cdk-nag's SF1 is acknowledged below ALL).
   * @default LogLevel.ERROR
   */
  readonly logLevel?: LogLevel;
  /**
   * Whether log events carry the execution data: inputs, outputs and task parameters, which are
   * the records themselves. Refused with `LogLevel.OFF`.
   * @default false
   */
  readonly includeExecutionData?: boolean;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** @default true */
  readonly tracingEnabled?: boolean;
  /** @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * A ceap workflow as a Step Functions state machine. The definition is exactly
 * `compileWorkflow(workflow)`, the same JSON the local engine runs, Parallel and Map states
 * included. Every placeholder it holds (`${<stage>FunctionArn}`, `${<job>JobName}`,
 * `${DataBucketName}`) is bound with `definitionSubstitutions`, and nothing else; an unbound one
 * is refused at synth time, naming the key and the step. The role may do what the definition's
 * Task states call and no more: invoke the workflow's own functions, run its own Glue jobs, and
 * list the data bucket only under the prefixes its S3 sensors poke and its Map steps list.
 * Maps are inline; a Distributed Map is refused. Logging (failures only, without execution
 * data, by default) and X-Ray are on; EXPRESS workflows deploy as Express, STANDARD as Standard.
 * Only Step Functions, for this state machine of this account, may assume its role.
 */
export class WorkflowStateMachine extends Construct {
  public readonly stateMachine: StateMachine;
  public readonly role: Role;
  public readonly logGroup: LogGroup;
  public readonly workflow: Workflow;
  /** The compiled definition, as deployed. */
  public readonly definition: StateMachineDefinition;
  /** What the definition uses: its placeholders and Task resources, by state. */
  public readonly usage: DefinitionUsage;
  /** Placeholder key (`ETLStageFunctionArn`) to the value bound to it. */
  public readonly definitionSubstitutions: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: WorkflowStateMachineProps) {
    super(scope, id);
    const keyPrefix = assertKeyPrefix(props.keyPrefix, `${PROP}.keyPrefix`);
    const logging = checkLoggingProps(props.logLevel, props.includeExecutionData, {
      level: `${PROP}.logLevel`,
      includeExecutionData: `${PROP}.includeExecutionData`,
    });
    this.workflow = props.workflow;
    this.definition = compileWorkflow(props.workflow);
    this.usage = readDefinitionUsage(this.definition, `${PROP}.workflow "${props.workflow.name}"`);
    const functions = props.functions ?? {};
    const glueJobNames = props.glueJobNames ?? {};
    this.definitionSubstitutions = bindPlaceholders(
      props.workflow,
      this.usage,
      {
        functionArns: Object.fromEntries(
          Object.entries(functions).map(([stage, fn]) => [stage, fn.functionArn]),
        ),
        glueJobNames,
        dataBucketName: props.dataBucket?.bucketName,
        keyPrefix,
      },
      PROP,
    );

    const stack = Stack.of(this);
    this.role = new Role(this, 'Role', {
      assumedBy: sourceBoundService(
        this,
        TrustedService.States,
        sourceArnOf(this, 'states', 'stateMachine', props.stateMachineName),
      ),
      description: `ceap ${props.workflow.name}: invokes its own stage functions and Glue jobs, lists only its sensor and Map prefixes`,
    });
    grantStatesAccess(this.role, {
      workflow: props.workflow,
      usage: this.usage,
      functionArns: Object.values(functions).map((fn) => fn.functionArn),
      glueJobArns: Object.values(glueJobNames).map((name) =>
        stack.formatArn({ service: 'glue', resource: 'job', resourceName: name }),
      ),
      dataBucket: props.dataBucket,
      keyPrefix,
      prop: PROP,
    });

    const logs = createStateMachineLogs(this, logging, {
      logGroupName: `/aws/vendedlogs/states/${props.stateMachineName ?? `${stack.stackName}-${props.workflow.name}`}`,
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.logGroup = logs.destination;
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType:
        props.workflow.type === 'EXPRESS' ? StateMachineType.EXPRESS : StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(JSON.stringify(this.definition)),
      definitionSubstitutions: { ...this.definitionSubstitutions },
      role: this.role,
      tracingEnabled: props.tracingEnabled ?? INFRA_DEFAULTS.stateMachine.tracingEnabled,
      logs,
    });

    acknowledgeNag(
      this,
      'IAM5',
      'CloudWatch Logs delivery (logs:CreateLogDelivery and friends) and X-Ray tracing support no resource-level permissions; CDK adds exactly what Step Functions logging and tracing need.',
      'Resource::*',
    );
  }
}
