import { DEFAULT_DEPLOYMENT_PREFIX, STAGE_FUNCTION_MEMORY_MB } from '@ceap/core';
import { Duration } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { LogLevel } from 'aws-cdk-lib/aws-stepfunctions';

/**
 * Every default the ceap constructs apply, in one place. A construct's TSDoc `@default` points
 * here, and the README's Deploy section describes the same values.
 */
export const INFRA_DEFAULTS = {
  /** Deployment prefix when `--context prefix=…` is not given: core's, which the runner also uses. */
  prefix: DEFAULT_DEPLOYMENT_PREFIX,
  stageFunction: {
    runtime: Runtime.NODEJS_22_X,
    architecture: Architecture.ARM_64,
    /** Core's, which the runner's cost estimate reads too. */
    memorySizeMb: STAGE_FUNCTION_MEMORY_MB,
    timeout: Duration.minutes(5),
    tracing: Tracing.ACTIVE,
    logRetention: RetentionDays.ONE_MONTH,
    logLevel: 'info',
    handler: 'handler',
    /** The export condition that points workspace packages at their TypeScript source. */
    sourceCondition: '@ceap/source',
    esbuildTarget: 'node22',
  },
  stateMachine: {
    logRetention: RetentionDays.ONE_MONTH,
    tracingEnabled: true,
    /**
     * Failures only: an execution's input and output are the raw records (emails, names), and
     * CloudWatch would keep them for the whole retention.
     */
    logLevel: LogLevel.ERROR,
    /** No inputs, outputs or parameters in the log events, at any level. */
    includeExecutionData: false,
  },
  queue: {
    maxReceiveCount: 3,
    /** Standard executions are started fire-and-forget, so a message is held only briefly. */
    standardVisibilityTimeout: Duration.seconds(60),
    /** Express executions run synchronously: hide the message for the whole run plus a margin. */
    expressVisibilityMargin: Duration.seconds(60),
    retentionPeriod: Duration.days(4),
    deadLetterRetentionPeriod: Duration.days(14),
    batchSize: 1,
  },
  executionEvents: {
    /**
     * Runners read a status change within seconds and leave others' messages in place, so a
     * message nobody consumed is only kept this long (SQS's shortest is 60 s).
     */
    retentionPeriod: Duration.minutes(5),
    /** Events EventBridge could not deliver to the queue wait here this long. */
    deadLetterRetentionPeriod: Duration.days(14),
    /** EventBridge's retries of a delivery, and how old an event it still delivers. */
    retryAttempts: 3,
    maxEventAge: Duration.minutes(5),
  },
  schedule: {
    expression: 'cron(0 2 * * ? *)',
    timeZone: 'UTC',
    maxEventAge: Duration.hours(1),
    retryAttempts: 3,
    deadLetterRetentionPeriod: Duration.days(14),
  },
  glueJob: {
    /** The job's run-time log groups (driver output and errors, continuous logs). */
    logRetention: RetentionDays.ONE_MONTH,
    maxConcurrentRuns: 3,
  },
  alarms: {
    period: Duration.minutes(5),
  },
  ceapWorkflow: {
    /** Deploy the SQS queue, its DLQ and the pipe that starts the workflow. */
    queue: true,
    /** Lambda's longest timeout: a stage function's timeout is its steps' longest, capped here. */
    lambdaMaxTimeoutSeconds: 900,
  },
  dataBucket: {
    /** Execution outputs are intermediate data: expire them after this many days. */
    executionsExpirationDays: 30,
    accessLogsExpirationDays: 90,
    /** Versioned, so an object a stage deletes or overwrites can be restored for a while. */
    versioned: true,
    /** Days an overwritten or deleted object's previous version is kept before it expires. */
    noncurrentVersionExpirationDays: 7,
  },
} as const;
