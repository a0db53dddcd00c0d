import { Duration } from 'aws-cdk-lib';
import { EventField, Match, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { INFRA_DEFAULTS } from '../defaults.js';
import { InfraPropsError } from '../errors.js';
import { acknowledgeNag } from '../nag-acknowledgements.js';

const DEFAULTS = INFRA_DEFAULTS.schedule;

/** Props of {@link ObjectCreatedTrigger}. */
export interface ObjectCreatedTriggerProps {
  /** The state machine each new object starts. */
  readonly stateMachine: IStateMachine;
  /** The bucket watched; it must send its events to EventBridge (`DataBucket`'s `eventBridge`). */
  readonly dataBucket: IBucket;
  /** The whole key prefix watched, the deployment's key prefix included, e.g. `team-a/landing/`. */
  readonly prefix: string;
  /** @default a name CloudFormation generates */
  readonly ruleName?: string;
}

/**
 * A workflow's data-aware trigger on AWS: an EventBridge rule on S3 "Object Created" events of
 * the data bucket under `prefix`, starting the state machine with `{ objectKey, bucket }`; the
 * stages take the run's logical date from the key's `dt=` part (`resolveLogicalDate` in
 * @ceap/core). EventBridge delivers each event at least once and names no execution, so every
 * object (part files included) starts an execution: watch a prefix that receives one object per
 * date, such as a producer's marker folder. Starts that still fail after the retries go to the
 * trigger's own encrypted dead-letter queue.
 */
export class ObjectCreatedTrigger extends Construct {
  public readonly rule: Rule;
  public readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ObjectCreatedTriggerProps) {
    super(scope, id);
    if (typeof props.prefix !== 'string' || props.prefix === '' || props.prefix.startsWith('/')) {
      throw new InfraPropsError(
        `ObjectCreatedTriggerProps.prefix ${JSON.stringify(props.prefix)} must be a non-empty key prefix not starting with /`,
      );
    }
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEFAULTS.deadLetterRetentionPeriod,
    });
    this.rule = new Rule(this, 'Rule', {
      ruleName: props.ruleName,
      description: `ceap: start the workflow when an object is created under ${props.prefix}`,
      eventPattern: {
        source: ['aws.s3'],
        detailType: ['Object Created'],
        detail: {
          bucket: { name: [props.dataBucket.bucketName] },
          object: { key: Match.prefix(props.prefix) },
        },
      },
      targets: [
        new SfnStateMachine(props.stateMachine, {
          input: RuleTargetInput.fromObject({
            objectKey: EventField.fromPath('$.detail.object.key'),
            bucket: EventField.fromPath('$.detail.bucket.name'),
          }),
          deadLetterQueue: this.deadLetterQueue,
          maxEventAge: Duration.hours(1),
          retryAttempts: DEFAULTS.retryAttempts,
        }),
      ],
    });
    acknowledgeNag(
      this.deadLetterQueue,
      'SQS3',
      'This queue is itself the dead-letter queue of the trigger rule; a DLQ of a DLQ would only move the problem.',
    );
  }
}
