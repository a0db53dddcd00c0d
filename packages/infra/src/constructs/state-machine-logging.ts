import type { RemovalPolicy } from 'aws-cdk-lib';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { LogLevel, type LogOptions } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { INFRA_DEFAULTS } from '../defaults.js';
import { InfraPropsError } from '../errors.js';
import { acknowledgeNag } from '../nag-acknowledgements.js';

const DEFAULTS = INFRA_DEFAULTS.stateMachine;
const LOG_LEVELS: readonly string[] = Object.values(LogLevel);

/** What a state machine's log events carry, checked and with the defaults applied. */
export interface LoggingChoice {
  readonly level: LogLevel;
  readonly includeExecutionData: boolean;
}

/**
 * Checks the logging props, each message naming the prop, and applies the defaults: failures
 * only (`ERROR`) and no execution data, because an execution's inputs and outputs are its
 * records. Execution data with `OFF` is refused: it could never be logged.
 *
 * @param names the props' full names for messages, e.g.
 *   `{ level: 'WorkflowStateMachineProps.logLevel', includeExecutionData: '…' }`
 */
export function checkLoggingProps(
  level: LogLevel | undefined,
  includeExecutionData: boolean | undefined,
  names: { readonly level: string; readonly includeExecutionData: string },
): LoggingChoice {
  const chosen = {
    level: level ?? DEFAULTS.logLevel,
    includeExecutionData: includeExecutionData ?? DEFAULTS.includeExecutionData,
  };
  if (!LOG_LEVELS.includes(chosen.level)) {
    throw new InfraPropsError(
      `${names.level} ${JSON.stringify(chosen.level)} must be one of ${LOG_LEVELS.join(', ')}`,
    );
  }
  if (typeof chosen.includeExecutionData !== 'boolean') {
    throw new InfraPropsError(
      `${names.includeExecutionData} must be true or false, got ${JSON.stringify(chosen.includeExecutionData)}`,
    );
  }
  if (chosen.includeExecutionData && chosen.level === LogLevel.OFF) {
    throw new InfraPropsError(
      `${names.includeExecutionData} is true, but ${names.level} is OFF, so nothing would be logged: set a log level or leave includeExecutionData out`,
    );
  }
  return chosen;
}

/** Where a state machine logs. */
export interface LogGroupChoice {
  readonly logGroupName: string;
  readonly retention?: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Creates the log group and returns the state machine's `logs`. Below `ALL`, cdk-nag's SF1 (log
 * ALL events) is acknowledged on `scope`, with the reason.
 */
export function createStateMachineLogs(
  scope: Construct,
  choice: LoggingChoice,
  group: LogGroupChoice,
): LogOptions & { readonly destination: LogGroup } {
  const destination = new LogGroup(scope, 'LogGroup', {
    logGroupName: group.logGroupName,
    retention: group.retention ?? DEFAULTS.logRetention,
    removalPolicy: group.removalPolicy,
  });
  if (choice.level !== LogLevel.ALL) {
    acknowledgeNag(
      scope,
      'SF1',
      `The state machine logs at ${choice.level} on purpose: its events carry the records (personal data such as emails and names), which CloudWatch would keep for the whole log retention. Failure events are still logged, and a workflow that needs every event can set logLevel ALL.`,
    );
  }
  return { destination, ...choice };
}
