import { type Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { LogLevel } from 'aws-cdk-lib/aws-stepfunctions';
import { CeapWorkflowStack } from '../../src/app/workflow-stack';
import { InfraPropsError } from '../../src/errors';
import { acknowledgements, nagViolations, newTestApp, shippedApp } from '../helpers/cdk-test-app';
import {
  ORDERS_DAG_BUCKET,
  ORDERS_DAG_KEY_PREFIX,
  ORDERS_STAGES,
  ordersDagStack,
  ordersDagWorkflow,
} from '../helpers/orders-dag';

/** Every value stored under `key` anywhere in a template. */
function valuesOf(node: unknown, key: string): unknown[] {
  if (Array.isArray(node)) return node.flatMap((item) => valuesOf(item, key));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => [...(k === key ? [v] : []), ...valuesOf(v, key)]);
}

/** The state machines' LoggingConfiguration in a stack's template. */
function loggingOf(stack: Stack): Record<string, unknown>[] {
  const machines = Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine');
  return Object.values(machines).map(
    (machine) => machine.Properties.LoggingConfiguration as Record<string, unknown>,
  );
}

/** The orders DAG deployed by CeapWorkflowStack, with its state machine's logging chosen. */
function ordersDagWith(logging: {
  stateMachineLogLevel?: LogLevel;
  includeExecutionData?: boolean;
}): CeapWorkflowStack {
  const workflow = ordersDagWorkflow();
  return new CeapWorkflowStack(newTestApp(), `team-a-ceap-${workflow.name}`, {
    prefix: 'team-a',
    workflow,
    dataBucketName: ORDERS_DAG_BUCKET,
    keyPrefix: ORDERS_DAG_KEY_PREFIX,
    ...ORDERS_STAGES,
    ...logging,
  });
}

let shipped: ReturnType<typeof shippedApp>;
beforeAll(() => {
  shipped = shippedApp();
});

describe('no personal data in the state machine logs by default', () => {
  it('the template audit finds no IncludeExecutionData: true anywhere in the shipped app', () => {
    // Arrange
    const stacks = [shipped.data, shipped.realtime, shipped.batch, shipped.guardedBatch];
    // Act
    const values = stacks.flatMap((stack) =>
      valuesOf(Template.fromStack(stack).toJSON(), 'IncludeExecutionData'),
    );
    // Assert: three state machines, each saying false.
    expect(values).toEqual([false, false, false]);
  });

  it.each([
    ['realtime', () => shipped.realtime],
    ['batch', () => shipped.batch],
    ['guarded-batch', () => shipped.guardedBatch],
    ['a custom workflow stack', () => ordersDagStack()],
  ])('%s: the state machine logs failures only (ERROR), without execution data', (_n, stack) => {
    // Arrange / Act
    const logging = loggingOf(stack());
    // Assert
    expect(logging).toEqual([
      expect.objectContaining({ Level: 'ERROR', IncludeExecutionData: false }),
    ]);
  });

  it('the ERROR level is acknowledged for cdk-nag (SF1) on each state machine, with its reason', () => {
    // Arrange
    const stacks = [shipped.realtime, shipped.batch, shipped.guardedBatch, ordersDagStack()];
    // Act
    const sf1 = stacks.flatMap(acknowledgements).filter((ack) => ack.id === 'AwsSolutions-SF1');
    // Assert
    // Each stack's CeapWorkflow has the id `Default`, which CDK leaves out of logical ids.
    expect(sf1.map((ack) => ack.path.split('/').slice(1).join('/'))).toEqual([
      'Default/Workflow',
      'Default/Workflow',
      'Default/Workflow',
      'Default/Workflow',
    ]);
    for (const ack of sf1) expect(ack.reason).toMatch(/personal data/);
  });
});

describe('a workflow stack opts in to more logging, and cdk-nag follows', () => {
  it('logs ALL with execution data when the stack asks, with no SF1 acknowledgement left', () => {
    // Arrange
    const stack = ordersDagWith({
      stateMachineLogLevel: LogLevel.ALL,
      includeExecutionData: true,
    });
    // Act
    const logging = loggingOf(stack);
    const sf1 = acknowledgements(stack).filter((ack) => ack.id === 'AwsSolutions-SF1');
    // Assert
    expect(logging).toEqual([
      expect.objectContaining({ Level: 'ALL', IncludeExecutionData: true }),
    ]);
    expect(sf1).toEqual([]);
    expect(nagViolations(stack)).toEqual([]);
  });

  it('at ERROR, cdk-nag really reports SF1 without the acknowledgement (it is not stale)', () => {
    // Arrange: acknowledgements switched off show the raw findings.
    const acknowledge = jest
      .spyOn(Validations.prototype, 'acknowledge')
      .mockImplementation(() => undefined);
    const stack = ordersDagStack();
    acknowledge.mockRestore();
    // Act
    const rules = nagViolations(stack).map((violation) => violation.ruleName);
    // Assert
    expect(rules).toContain('AwsSolutions-SF1');
  });

  it.each([
    [
      'execution data with logging OFF',
      { stateMachineLogLevel: LogLevel.OFF, includeExecutionData: true },
      'CeapWorkflowStackProps.includeExecutionData is true, but CeapWorkflowStackProps.stateMachineLogLevel is OFF, so nothing would be logged: set a log level or leave includeExecutionData out',
    ],
    [
      'a log level Step Functions does not know',
      { stateMachineLogLevel: 'DEBUG' as LogLevel },
      'CeapWorkflowStackProps.stateMachineLogLevel "DEBUG" must be one of OFF, ALL, ERROR, FATAL',
    ],
  ])('refuses %s, naming the prop', (_why, logging, message) => {
    // Arrange / Act
    const act = () => ordersDagWith(logging);
    // Assert
    expect(act).toThrow(InfraPropsError);
    expect(act).toThrow(message);
  });
});
