import { type Duration, TimeZone } from 'aws-cdk-lib';
import { Role } from 'aws-cdk-lib/aws-iam';
import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
  TimeWindow,
} from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { INFRA_DEFAULTS } from '../defaults.js';
import { acknowledgeNag } from '../nag-acknowledgements.js';
import { assertCronExpression, assertTimeZone, assertWholeNumber } from '../props-validation.js';
import { sourceArnOf, sourceBoundService, TrustedService } from './service-trust.js';

const DEFAULTS = INFRA_DEFAULTS.schedule;

/**
 * The execution input the schedule sends: the time the run was scheduled for, as EventBridge
 * Scheduler fills it in (`2026-05-12T02:00:00Z`), and the schedule's time zone. Scheduler
 * cannot cut a date out of its timestamp, so the stages derive the logical date from these
 * (`resolveLogicalDate` in @ceap/core): the day before the scheduled time in that zone, so
 * the 02:00 run of the 12th processes the 11th, whose data is complete.
 */
export function scheduledRunInput(timeZone: string): ScheduleTargetInput {
  return ScheduleTargetInput.fromObject({
    scheduledTime: ContextAttribute.scheduledTime,
    scheduleTimeZone: timeZone,
  });
}

/** Props of {@link NightlySchedule}. */
export interface NightlyScheduleProps {
  /** The (batch) state machine the schedule starts. */
  readonly stateMachine: IStateMachine;
  /** An EventBridge Scheduler cron. @default 'cron(0 2 * * ? *)' (02:00 every day) */
  readonly expression?: string;
  /** The IANA time zone the cron is read in. @default 'UTC' */
  readonly timeZone?: string;
  /** A flexible window lets Scheduler spread starts. @default off */
  readonly flexibleWindow?: Duration;
  /** How long Scheduler keeps retrying a failed start. @default Duration.hours(1) */
  readonly maxEventAge?: Duration;
  /** @default 3 */
  readonly retryAttempts?: number;
  /** @default scheduledRunInput(timeZone): `{ scheduledTime, scheduleTimeZone }` */
  readonly input?: ScheduleTargetInput;
  /** @default a name CloudFormation generates */
  readonly scheduleName?: string;
  /** @default true */
  readonly enabled?: boolean;
}

/**
 * An EventBridge Scheduler schedule, a cron in a named time zone, that starts the batch
 * state machine every night. Starts that still fail after the retry policy go to its own
 * encrypted dead-letter queue. Only EventBridge Scheduler, for the default schedule group of
 * this account, may assume its role.
 */
export class NightlySchedule extends Construct {
  public readonly schedule: Schedule;
  public readonly deadLetterQueue: Queue;
  public readonly role: Role;
  public readonly expression: string;
  public readonly timeZone: string;

  constructor(scope: Construct, id: string, props: NightlyScheduleProps) {
    super(scope, id);
    this.expression = assertCronExpression(
      props.expression ?? DEFAULTS.expression,
      'NightlyScheduleProps.expression',
    );
    this.timeZone = assertTimeZone(
      props.timeZone ?? DEFAULTS.timeZone,
      'NightlyScheduleProps.timeZone',
    );
    const retryAttempts = assertWholeNumber(
      props.retryAttempts ?? DEFAULTS.retryAttempts,
      0,
      'NightlyScheduleProps.retryAttempts',
    );

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEFAULTS.deadLetterRetentionPeriod,
    });
    this.role = new Role(this, 'Role', {
      // Scheduler names the schedule's group as the source; this schedule is in the default one.
      assumedBy: sourceBoundService(
        this,
        TrustedService.Scheduler,
        sourceArnOf(this, 'scheduler', 'schedule-group', 'default'),
      ),
      description: 'ceap nightly schedule: starts the batch state machine',
    });
    this.schedule = new Schedule(this, 'Schedule', {
      scheduleName: props.scheduleName,
      description: `ceap nightly run: ${this.expression} in ${this.timeZone}`,
      schedule: ScheduleExpression.expression(this.expression, TimeZone.of(this.timeZone)),
      timeWindow: props.flexibleWindow
        ? TimeWindow.flexible(props.flexibleWindow)
        : TimeWindow.off(),
      enabled: props.enabled ?? true,
      target: new StepFunctionsStartExecution(props.stateMachine, {
        role: this.role,
        input: props.input ?? scheduledRunInput(this.timeZone),
        deadLetterQueue: this.deadLetterQueue,
        maxEventAge: props.maxEventAge ?? DEFAULTS.maxEventAge,
        retryAttempts,
      }),
    });

    acknowledgeNag(
      this.deadLetterQueue,
      'SQS3',
      'This queue is itself the dead-letter queue of the EventBridge Scheduler schedule; a DLQ of a DLQ would only move the problem.',
    );
  }
}
