import { Duration } from 'aws-cdk-lib';
import { PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INFRA_DEFAULTS } from '../defaults.js';
import { assertWholeNumber } from '../props-validation.js';
import { sourceArnOf, sourceBoundService, TrustedService } from './service-trust.js';
import type { WorkflowStateMachine } from './workflow-state-machine.js';

const DEFAULTS = INFRA_DEFAULTS.queue;

/** How the pipe starts each workflow type: Express waits for the result, Standard does not. */
export const PIPE_INVOCATION_TYPE = {
  EXPRESS: 'REQUEST_RESPONSE',
  STANDARD: 'FIRE_AND_FORGET',
} as const;

/**
 * The pipe's input template: the SQS message body, which Pipes parses when it is JSON. Step
 * Functions targets receive a batch as a JSON array, so an execution's input is `[body]`.
 */
export const PIPE_INPUT_TEMPLATE = '<$.body>';

/** Props of {@link WorkflowQueue}. */
export interface WorkflowQueueProps {
  /** The state machine the pipe starts. */
  readonly stateMachine: WorkflowStateMachine;
  /** @default a name CloudFormation generates */
  readonly queueName?: string;
  /** Receives before a message moves to the DLQ. @default 3 */
  readonly maxReceiveCount?: number;
  /**
   * @default Express: the workflow's timeout plus 60 s (the pipe holds the message while the
   * synchronous execution runs); Standard: 60 s
   */
  readonly visibilityTimeout?: Duration;
  /** @default Duration.days(4) */
  readonly retentionPeriod?: Duration;
  /** @default Duration.days(14) */
  readonly deadLetterRetentionPeriod?: Duration;
  /** @default a name CloudFormation generates */
  readonly pipeName?: string;
}

/**
 * An encrypted SQS queue with a dead-letter queue, and an EventBridge Pipe that starts the
 * workflow for each message: Express with REQUEST_RESPONSE (a failed execution returns the
 * message, which reaches the DLQ after `maxReceiveCount`), Standard with FIRE_AND_FORGET.
 * Only EventBridge Pipes, for this pipe of this account, may assume the pipe's role.
 */
export class WorkflowQueue extends Construct {
  public readonly queue: Queue;
  public readonly deadLetterQueue: Queue;
  public readonly pipe: CfnPipe;
  public readonly pipeRole: Role;

  constructor(scope: Construct, id: string, props: WorkflowQueueProps) {
    super(scope, id);
    const maxReceiveCount = assertWholeNumber(
      props.maxReceiveCount ?? DEFAULTS.maxReceiveCount,
      1,
      'WorkflowQueueProps.maxReceiveCount',
    );
    const workflow = props.stateMachine.workflow;
    const visibilityTimeout =
      props.visibilityTimeout ??
      (workflow.type === 'EXPRESS'
        ? Duration.seconds(workflow.timeoutSeconds + DEFAULTS.expressVisibilityMargin.toSeconds())
        : DEFAULTS.standardVisibilityTimeout);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: props.deadLetterRetentionPeriod ?? DEFAULTS.deadLetterRetentionPeriod,
    });
    this.queue = new Queue(this, 'Queue', {
      queueName: props.queueName,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout,
      retentionPeriod: props.retentionPeriod ?? DEFAULTS.retentionPeriod,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount },
    });

    const stateMachine = props.stateMachine.stateMachine;
    const invocationType = PIPE_INVOCATION_TYPE[workflow.type];
    this.pipeRole = new Role(this, 'PipeRole', {
      // The pipe's ARN is known from its name before the pipe exists; unnamed, any pipe here.
      assumedBy: sourceBoundService(
        this,
        TrustedService.Pipes,
        sourceArnOf(this, 'pipes', 'pipe', props.pipeName),
      ),
      description: `ceap ${workflow.name}: reads its queue and starts its state machine`,
    });
    this.queue.grantConsumeMessages(this.pipeRole);
    this.pipeRole.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'StartOwnStateMachine',
        actions: [
          workflow.type === 'EXPRESS' ? 'states:StartSyncExecution' : 'states:StartExecution',
        ],
        resources: [stateMachine.stateMachineArn],
      }),
    );
    this.pipe = new CfnPipe(this, 'Pipe', {
      name: props.pipeName,
      description: `ceap ${workflow.name}: SQS -> Step Functions (${invocationType})`,
      roleArn: this.pipeRole.roleArn,
      source: this.queue.queueArn,
      sourceParameters: { sqsQueueParameters: { batchSize: DEFAULTS.batchSize } },
      target: stateMachine.stateMachineArn,
      targetParameters: {
        inputTemplate: PIPE_INPUT_TEMPLATE,
        stepFunctionStateMachineParameters: { invocationType },
      },
    });
    this.pipe.node.addDependency(this.pipeRole);
  }
}
