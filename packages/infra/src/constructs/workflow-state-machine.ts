import {
  compileWorkflow,
  type StateMachineDefinition,
  substitutionKey,
  type Workflow,
} from '@ceap/core/workflow';
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  LogLevel,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { INFRA_DEFAULTS } from '../defaults.js';
import { InfraPropsError } from '../errors.js';
import { acknowledgeNag } from '../nag-acknowledgements.js';

/** The Glue actions a `glue:startJobRun.sync` task needs, granted only on the workflow's own jobs. */
export const GLUE_SYNC_ACTIONS = [
  'glue:StartJobRun',
  'glue:GetJobRun',
  'glue:GetJobRuns',
  'glue:BatchStopJobRun',
] as const;

/** Props of {@link WorkflowStateMachine}. */
export interface WorkflowStateMachineProps {
  /** The workflow to compile with `compileWorkflow` from `@ceap/core`, e.g. `realtimeWorkflow`. */
  readonly workflow: Workflow;
  /** The function behind each Lambda step, keyed by stage name. Every Lambda step needs one. */
  readonly functions: Readonly<Record<string, IFunction>>;
  /** The Glue job name behind each Glue step, keyed by stage name. @default none (no Glue steps) */
  readonly glueJobNames?: Readonly<Record<string, string>>;
  /** @default a name CloudFormation generates */
  readonly stateMachineName?: string;
  /**
   * What the log group records. Express needs ALL to have any execution history.
   * @default LogLevel.ALL
   */
  readonly logLevel?: LogLevel;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** @default true */
  readonly tracingEnabled?: boolean;
  /** @default RemovalPolicy.DESTROY */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * A ceap workflow as a Step Functions state machine. The definition is exactly
 * `compileWorkflow(workflow)`, the same JSON the local engine runs; its `${…FunctionArn}` and
 * `${…JobName}` placeholders are bound with `definitionSubstitutions`. The role may invoke only
 * the workflow's own functions and run only its own Glue jobs. Logging and X-Ray are on;
 * EXPRESS workflows deploy as Express, STANDARD as Standard.
 */
export class WorkflowStateMachine extends Construct {
  public readonly stateMachine: StateMachine;
  public readonly role: Role;
  public readonly logGroup: LogGroup;
  public readonly workflow: Workflow;
  /** The compiled definition, as deployed. */
  public readonly definition: StateMachineDefinition;
  /** Placeholder key (`ETLStageFunctionArn`) to the value bound to it. */
  public readonly definitionSubstitutions: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: WorkflowStateMachineProps) {
    super(scope, id);
    this.workflow = props.workflow;
    this.definition = compileWorkflow(props.workflow);
    this.definitionSubstitutions = bindSteps(props);

    const stack = Stack.of(this);
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('states.amazonaws.com'),
      description: `ceap ${props.workflow.name}: invokes its own stage functions and Glue jobs only`,
    });
    const functionArns = Object.values(props.functions).map((fn) => fn.functionArn);
    if (functionArns.length > 0) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'InvokeOwnStages',
          actions: ['lambda:InvokeFunction'],
          resources: functionArns,
        }),
      );
    }
    const jobArns = Object.values(props.glueJobNames ?? {}).map((name) =>
      stack.formatArn({ service: 'glue', resource: 'job', resourceName: name }),
    );
    if (jobArns.length > 0) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          sid: 'RunOwnGlueJobs',
          actions: [...GLUE_SYNC_ACTIONS],
          resources: jobArns,
        }),
      );
    }

    this.logGroup = new LogGroup(this, 'LogGroup', {
      logGroupName: `/aws/vendedlogs/states/${props.stateMachineName ?? `${stack.stackName}-${props.workflow.name}`}`,
      retention: props.logRetention ?? INFRA_DEFAULTS.stateMachine.logRetention,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName: props.stateMachineName,
      stateMachineType:
        props.workflow.type === 'EXPRESS' ? StateMachineType.EXPRESS : StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromString(JSON.stringify(this.definition)),
      definitionSubstitutions: { ...this.definitionSubstitutions },
      role: this.role,
      tracingEnabled: props.tracingEnabled ?? INFRA_DEFAULTS.stateMachine.tracingEnabled,
      logs: {
        destination: this.logGroup,
        level: props.logLevel ?? LogLevel.ALL,
        includeExecutionData: true,
      },
    });

    acknowledgeNag(
      this,
      'IAM5',
      'CloudWatch Logs delivery (logs:CreateLogDelivery and friends) and X-Ray tracing support no resource-level permissions; CDK adds exactly what Step Functions logging and tracing need.',
      'Resource::*',
    );
  }
}

function bindSteps(props: WorkflowStateMachineProps): Record<string, string> {
  const where = `WorkflowStateMachineProps (workflow "${props.workflow.name}")`;
  const functions = props.functions ?? {};
  const jobs = props.glueJobNames ?? {};
  const substitutions: Record<string, string> = {};
  for (const step of props.workflow.steps) {
    if (step.kind === 'lambda') {
      const fn = functions[step.stage];
      if (!fn)
        throw new InfraPropsError(
          `${where}.functions.${step.stage} is missing: the Lambda step ${step.stage} needs a function`,
        );
      substitutions[substitutionKey(step)] = fn.functionArn;
    } else {
      const job = jobs[step.stage];
      if (!job)
        throw new InfraPropsError(
          `${where}.glueJobNames.${step.stage} is missing: the Glue step ${step.stage} needs a job`,
        );
      substitutions[substitutionKey(step)] = job;
    }
  }
  const lambdaStages = new Set(
    props.workflow.steps.filter((s) => s.kind === 'lambda').map((s) => s.stage),
  );
  const glueStages = new Set(
    props.workflow.steps.filter((s) => s.kind === 'glue').map((s) => s.stage),
  );
  for (const stage of Object.keys(functions)) {
    if (!lambdaStages.has(stage))
      throw new InfraPropsError(`${where}.functions.${stage} is not a Lambda step of the workflow`);
  }
  for (const stage of Object.keys(jobs)) {
    if (!glueStages.has(stage))
      throw new InfraPropsError(
        `${where}.glueJobNames.${stage} is not a Glue step of the workflow`,
      );
  }
  return substitutions;
}
