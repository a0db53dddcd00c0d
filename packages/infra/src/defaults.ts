import { DEFAULT_DEPLOYMENT_PREFIX } from '@ceap/core';
import { Duration } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

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
    memorySizeMb: 1024,
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
  schedule: {
    expression: 'cron(0 2 * * ? *)',
    timeZone: 'UTC',
    maxEventAge: Duration.hours(1),
    retryAttempts: 3,
    deadLetterRetentionPeriod: Duration.days(14),
  },
  glueJob: {
    logRetention: RetentionDays.ONE_MONTH,
    maxConcurrentRuns: 3,
  },
  alarms: {
    period: Duration.minutes(5),
  },
  dataBucket: {
    /** Execution outputs are intermediate data: expire them after this many days. */
    executionsExpirationDays: 30,
    accessLogsExpirationDays: 90,
  },
} as const;
