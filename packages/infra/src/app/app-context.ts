import type { App } from 'aws-cdk-lib';
import { INFRA_DEFAULTS } from '../defaults.js';
import { InfraPropsError } from '../errors.js';
import { assertPrefix, assertTagValue } from '../props-validation.js';

/** What `cdk … --context key=value` can set for the ceap app. */
export interface CeapAppContext {
  /** Deployment prefix; two prefixes coexist in one account. */
  readonly prefix: string;
  /** A tag marking a throw-away test deployment. */
  readonly testRunId?: string;
  /** An existing SNS topic that alarms notify. */
  readonly alarmTopicArn?: string;
  /** Overrides the batch workflow's schedule time zone. */
  readonly scheduleTimeZone?: string;
  /** Overrides the batch workflow's cron. */
  readonly scheduleExpression?: string;
  /** Keep the data buckets when the data stack is destroyed. */
  readonly retainData: boolean;
}

/** Context keys the app reads. */
export const CONTEXT_KEYS = {
  prefix: 'prefix',
  testRunId: 'testRunId',
  alarmTopicArn: 'alarmTopicArn',
  scheduleTimeZone: 'scheduleTimeZone',
  scheduleExpression: 'scheduleExpression',
  retainData: 'retainData',
} as const;

/** Reads and checks the app's context; a bad value is refused, naming the context key. */
export function readAppContext(app: App): CeapAppContext {
  const get = (key: string): unknown => app.node.tryGetContext(key);
  const prefix = assertPrefix(
    get(CONTEXT_KEYS.prefix) ?? INFRA_DEFAULTS.prefix,
    `context ${CONTEXT_KEYS.prefix}`,
  );
  const testRunId = optionalString(get(CONTEXT_KEYS.testRunId), CONTEXT_KEYS.testRunId);
  const alarmTopicArn = optionalString(get(CONTEXT_KEYS.alarmTopicArn), CONTEXT_KEYS.alarmTopicArn);
  if (
    alarmTopicArn !== undefined &&
    !/^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]+$/.test(alarmTopicArn)
  ) {
    throw new InfraPropsError(
      `context ${CONTEXT_KEYS.alarmTopicArn} ${JSON.stringify(alarmTopicArn)} must be an SNS topic ARN`,
    );
  }
  const retainData = get(CONTEXT_KEYS.retainData);
  if (
    retainData !== undefined &&
    !['true', 'false', true, false].includes(retainData as string | boolean)
  ) {
    throw new InfraPropsError(
      `context ${CONTEXT_KEYS.retainData} must be true or false, got ${JSON.stringify(retainData)}`,
    );
  }
  return {
    prefix,
    testRunId:
      testRunId === undefined
        ? undefined
        : assertTagValue(testRunId, `context ${CONTEXT_KEYS.testRunId}`),
    alarmTopicArn,
    scheduleTimeZone: optionalString(
      get(CONTEXT_KEYS.scheduleTimeZone),
      CONTEXT_KEYS.scheduleTimeZone,
    ),
    scheduleExpression: optionalString(
      get(CONTEXT_KEYS.scheduleExpression),
      CONTEXT_KEYS.scheduleExpression,
    ),
    retainData: retainData === undefined ? true : retainData === true || retainData === 'true',
  };
}

function optionalString(value: unknown, key: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new InfraPropsError(
      `context ${key} must be a non-empty string, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}
