import {
  Alarm,
  ComparisonOperator,
  type IAlarmAction,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { INFRA_DEFAULTS } from '../defaults.js';

/** Props of {@link WorkflowAlarms}. */
export interface WorkflowAlarmsProps {
  /** The state machine whose failed, timed-out and aborted executions raise an alarm. */
  readonly stateMachine: IStateMachine;
  /**
   * Dead-letter queues, keyed by a short name; each alarms when it holds any message.
   * @default none (only the executions are watched)
   */
  readonly deadLetterQueues?: Readonly<Record<string, IQueue>>;
  /** Where alarms (and their return to OK) are sent. @default no action */
  readonly alarmTopic?: ITopic;
  /** Prepended to alarm names, e.g. `dev-ceap-batch`. @default names CloudFormation generates */
  readonly alarmNamePrefix?: string;
}

/**
 * CloudWatch alarms for one workflow: any failed, timed-out or aborted execution in five
 * minutes, and any message in any of its dead-letter queues. Each can notify an SNS topic.
 */
export class WorkflowAlarms extends Construct {
  public readonly executionsFailed: Alarm;
  public readonly executionsTimedOut: Alarm;
  public readonly executionsAborted: Alarm;
  /** One alarm per dead-letter queue, keyed as in the props. */
  public readonly deadLetterQueueAlarms: Readonly<Record<string, Alarm>>;
  public readonly alarms: readonly Alarm[];

  constructor(scope: Construct, id: string, props: WorkflowAlarmsProps) {
    super(scope, id);
    const period = INFRA_DEFAULTS.alarms.period;
    const name = (suffix: string) =>
      props.alarmNamePrefix ? `${props.alarmNamePrefix}-${suffix}` : undefined;
    const action: IAlarmAction | undefined = props.alarmTopic
      ? new SnsAction(props.alarmTopic)
      : undefined;
    const atLeastOne = (
      alarmId: string,
      suffix: string,
      description: string,
      metric: ReturnType<IStateMachine['metricFailed']>,
    ) =>
      new Alarm(this, alarmId, {
        alarmName: name(suffix),
        alarmDescription: description,
        metric,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    const sm = props.stateMachine;
    this.executionsFailed = atLeastOne(
      'ExecutionsFailed',
      'executions-failed',
      'An execution failed',
      sm.metricFailed({ period }),
    );
    this.executionsTimedOut = atLeastOne(
      'ExecutionsTimedOut',
      'executions-timed-out',
      'An execution timed out',
      sm.metricTimedOut({ period }),
    );
    this.executionsAborted = atLeastOne(
      'ExecutionsAborted',
      'executions-aborted',
      'An execution was aborted',
      sm.metricAborted({ period }),
    );
    const dlqAlarms: Record<string, Alarm> = {};
    for (const [key, queue] of Object.entries(props.deadLetterQueues ?? {})) {
      dlqAlarms[key] = new Alarm(this, `${key}Depth`, {
        alarmName: name(`${key}-dlq-not-empty`),
        alarmDescription: `Dead-letter queue ${key} holds a message`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
        threshold: 0,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
    }
    this.deadLetterQueueAlarms = dlqAlarms;
    this.alarms = [
      this.executionsFailed,
      this.executionsTimedOut,
      this.executionsAborted,
      ...Object.values(dlqAlarms),
    ];
    if (action) {
      for (const alarm of this.alarms) {
        alarm.addAlarmAction(action);
        alarm.addOkAction(action);
      }
    }
  }
}
