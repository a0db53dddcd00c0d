import type { Duration } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { INFRA_DEFAULTS } from '../defaults.js';
import { InfraPropsError } from '../errors.js';
import { acknowledgeNag } from '../nag-acknowledgements.js';

const DEFAULTS = INFRA_DEFAULTS.executionEvents;

/** The EventBridge source and detail type of a Step Functions execution's status change. */
export const EXECUTION_STATUS_CHANGE = {
  source: 'aws.states',
  detailType: 'Step Functions Execution Status Change',
} as const;

/** Props of {@link ExecutionEventsQueue}. */
export interface ExecutionEventsQueueProps {
  /** The state machines whose executions' status changes the queue receives; at least one. */
  readonly stateMachines: readonly IStateMachine[];
  /** @default a name CloudFormation generates */
  readonly queueName?: string;
  /** How long a message nobody consumed is kept. @default INFRA_DEFAULTS.executionEvents.retentionPeriod (5 minutes) */
  readonly retentionPeriod?: Duration;
  /** @default INFRA_DEFAULTS.executionEvents.deadLetterRetentionPeriod (14 days) */
  readonly deadLetterRetentionPeriod?: Duration;
}

/**
 * An EventBridge rule for "Step Functions Execution Status Change" of the given state
 * machines, delivering to an encrypted SQS queue that the runner's AWS target long-polls
 * instead of polling each execution's history: an execution's end is seen within seconds, at
 * the cost of one ReceiveMessage per 20 s. Events EventBridge cannot deliver go to a
 * dead-letter queue of the rule's target.
 *
 * Several runners may read the queue at once, each waiting for its own executions: a runner
 * deletes only the messages of executions it watches and leaves the others visible
 * (ReceiveMessage with VisibilityTimeout 0), so the queue has no redrive policy (it would move
 * a message that runners saw a few times to a DLQ, away from the runner that waits for it);
 * messages expire after `retentionPeriod` instead.
 */
export class ExecutionEventsQueue extends Construct {
  public readonly queue: Queue;
  /** Where events that could not be delivered to the queue go. */
  public readonly deadLetterQueue: Queue;
  public readonly rule: Rule;

  constructor(scope: Construct, id: string, props: ExecutionEventsQueueProps) {
    super(scope, id);
    if (props.stateMachines.length === 0)
      throw new InfraPropsError(
        'ExecutionEventsQueueProps.stateMachines is empty: name the state machines whose executions the queue follows',
      );
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: props.deadLetterRetentionPeriod ?? DEFAULTS.deadLetterRetentionPeriod,
    });
    this.queue = new Queue(this, 'Queue', {
      queueName: props.queueName,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: props.retentionPeriod ?? DEFAULTS.retentionPeriod,
    });
    this.rule = new Rule(this, 'StatusChange', {
      description: 'Step Functions execution status changes, for the ceap runner',
      eventPattern: {
        source: [EXECUTION_STATUS_CHANGE.source],
        detailType: [EXECUTION_STATUS_CHANGE.detailType],
        detail: {
          stateMachineArn: props.stateMachines.map((machine) => machine.stateMachineArn),
        },
      },
      targets: [
        new SqsQueue(this.queue, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: DEFAULTS.retryAttempts,
          maxEventAge: DEFAULTS.maxEventAge,
        }),
      ],
    });
    acknowledgeNag(
      this.queue,
      'SQS3',
      'A notification feed that several runners read, each leaving the messages of executions it does not watch visible: a redrive policy would move a message runners saw a few times to a DLQ, away from the runner that waits for it. Messages expire after minutes instead, and a runner that misses one falls back to polling the execution history.',
    );
    acknowledgeNag(
      this.deadLetterQueue,
      'SQS3',
      'This queue is itself the dead-letter queue of the EventBridge rule target; a DLQ of a DLQ would only move the problem.',
    );
  }
}
