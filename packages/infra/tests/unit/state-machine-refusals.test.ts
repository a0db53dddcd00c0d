import * as workflowApi from '@ceap/core/workflow';
import {
  chain,
  defineWorkflow,
  glue,
  type LambdaStep,
  lambda,
  map,
  type StateMachineDefinition,
  type Workflow,
} from '@ceap/core/workflow';
import { Stack } from 'aws-cdk-lib';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { CeapWorkflowStack } from '../../src/app/workflow-stack';
import {
  WorkflowStateMachine,
  type WorkflowStateMachineProps,
} from '../../src/constructs/workflow-state-machine';
import { InfraPropsError } from '../../src/errors';
import { newTestApp } from '../helpers/cdk-test-app';
import {
  priceOrdersStage,
  publishOrdersStage,
  validateOrdersStage,
} from '../helpers/fixtures/custom-stages';
import { ORDERS_STAGES, ordersDagWorkflow } from '../helpers/orders-dag';

// The compiler emits inline Maps only; a stand-in compiler lets a test hand the construct a
// definition it would otherwise never see.
jest.mock('@ceap/core/workflow', () => {
  const actual = jest.requireActual('@ceap/core/workflow');
  return { ...actual, compileWorkflow: jest.fn(actual.compileWorkflow) };
});
const compileMock = workflowApi.compileWorkflow as jest.MockedFunction<
  typeof workflowApi.compileWorkflow
>;
const realCompile: typeof workflowApi.compileWorkflow =
  jest.requireActual('@ceap/core/workflow').compileWorkflow;

type States = Record<string, Record<string, unknown>>;

/** The first state (nested ones included) that matches. */
function findState(
  states: States,
  match: (name: string, state: Record<string, unknown>) => boolean,
): [string, Record<string, unknown>] | undefined {
  for (const [name, state] of Object.entries(states)) {
    if (match(name, state)) return [name, state];
    const nested = [
      ...((state.Branches as { States: States }[] | undefined) ?? []),
      ...(state.ItemProcessor ? [state.ItemProcessor as { States: States }] : []),
    ];
    for (const machine of nested) {
      const found = findState(machine.States, match);
      if (found) return found;
    }
  }
  return undefined;
}

/** Builds a state machine for a workflow, with a function for each of `stages`. */
function build(
  workflow: Workflow,
  stages: readonly string[],
  extra: Partial<WorkflowStateMachineProps> = {},
): WorkflowStateMachine {
  const stack = new Stack(newTestApp(), 'Refusals');
  const functions = Object.fromEntries(
    stages.map((stage) => [
      stage,
      LambdaFunction.fromFunctionArn(
        stack,
        stage,
        `arn:aws:lambda:eu-west-1:123456789012:function:${stage}`,
      ),
    ]),
  );
  return new WorkflowStateMachine(stack, 'Machine', { workflow, functions, ...extra });
}

const ALL_STAGES = [validateOrdersStage.name, priceOrdersStage.name, publishOrdersStage.name];
const withBucket = (stack: Stack) => ({ dataBucket: Bucket.fromBucketName(stack, 'D', 'data') });

/** Validate (a folder of parts) → PriceParts (a Map): lists parts, has no sensor. */
const mapOnlyWorkflow = defineWorkflow({
  name: 'orders-map',
  type: 'STANDARD',
  steps: [
    { ...lambda(validateOrdersStage), outputLayout: 'parts' } as LambdaStep,
    map(priceOrdersStage, { name: 'PriceParts', over: validateOrdersStage }),
  ],
});

/** Validate → Spark (a Glue job) → Publish. */
const glueWorkflow = defineWorkflow({
  name: 'orders-glue',
  type: 'STANDARD',
  steps: chain(lambda(validateOrdersStage), glue('Spark'), lambda(publishOrdersStage)),
});

describe('WorkflowStateMachine refuses a placeholder it cannot bind, naming the key and the step', () => {
  it.each([
    [
      'a stage run by a Map and a Lambda step, with no function',
      () => build(ordersDagWorkflow(), [validateOrdersStage.name, publishOrdersStage.name]),
      /^WorkflowStateMachineProps\.functions\.PriceOrdersStage is missing: \$\{PriceOrdersStageFunctionArn\} in steps "(PriceParts", "PriceSample|PriceSample", "PriceParts)" of workflow "orders-dag"/,
    ],
    [
      'an S3 sensor, with no data bucket for ${DataBucketName}',
      () => build(ordersDagWorkflow(), ALL_STAGES),
      'WorkflowStateMachineProps.dataBucket is missing: ${DataBucketName} in step "OrdersLanded" of workflow "orders-dag" needs the data bucket\'s name',
    ],
    [
      'a Glue step, with no job name',
      () => build(glueWorkflow, [validateOrdersStage.name, publishOrdersStage.name]),
      'WorkflowStateMachineProps.glueJobNames.Spark is missing: ${SparkJobName} in step "Spark" of workflow "orders-glue" needs the name of Glue job Spark',
    ],
  ])('refuses %s', (_why, act, message) => {
    // Arrange: see the case. Act / Assert
    expect(act).toThrow(InfraPropsError);
    expect(act).toThrow(message);
  });

  it.each([
    [
      'a Map step, with no data bucket to list its parts in',
      () => build(mapOnlyWorkflow, [validateOrdersStage.name, priceOrdersStage.name]),
      'WorkflowStateMachineProps.dataBucket is missing: state "PriceParts.items" (step "PriceParts") of workflow "orders-map" lists objects in the data bucket',
    ],
    [
      'a function for a stage no step runs',
      () => build(mapOnlyWorkflow, ALL_STAGES, {}),
      'WorkflowStateMachineProps.functions.PublishOrdersStage is not a stage that a Lambda or Map step of workflow "orders-map" runs',
    ],
  ])('refuses %s', (_why, act, message) => {
    // Arrange: see the case. Act / Assert
    expect(act).toThrow(InfraPropsError);
    expect(act).toThrow(message);
  });

  it('binds a Map-only workflow with a data bucket, without ${DataBucketName}', () => {
    // Arrange
    const stack = new Stack(newTestApp(), 'MapOnly');
    const functions = Object.fromEntries(
      [validateOrdersStage.name, priceOrdersStage.name].map((stage) => [
        stage,
        LambdaFunction.fromFunctionArn(
          stack,
          stage,
          `arn:aws:lambda:eu-west-1:1:function:${stage}`,
        ),
      ]),
    );
    // Act
    const machine = new WorkflowStateMachine(stack, 'Machine', {
      workflow: mapOnlyWorkflow,
      functions,
      ...withBucket(stack),
    });
    // Assert
    expect(Object.keys(machine.definitionSubstitutions).sort()).toEqual([
      'PriceOrdersStageFunctionArn',
      'ValidateOrdersStageFunctionArn',
    ]);
  });
});

describe('WorkflowStateMachine refuses a definition it cannot grant', () => {
  const tampered = (tamper: (definition: StateMachineDefinition) => void) =>
    compileMock.mockImplementationOnce((workflow) => {
      const definition = realCompile(workflow);
      tamper(definition);
      return definition;
    });
  const mapState = (definition: StateMachineDefinition) =>
    findState(definition.States, (_name, state) => state.Type === 'Map')?.[1] as Record<
      string,
      unknown
    >;

  it.each([
    [
      'a Distributed Map',
      (definition: StateMachineDefinition) => {
        (mapState(definition).ItemProcessor as Record<string, unknown>).ProcessorConfig = {
          Mode: 'DISTRIBUTED',
          ExecutionType: 'STANDARD',
        };
      },
      'WorkflowStateMachineProps.workflow "orders-dag": state "PriceParts" is a Distributed Map (ProcessorConfig.Mode DISTRIBUTED), which needs states:StartExecution on the state machine itself and S3 access to read its items; WorkflowStateMachine grants neither and deploys inline Maps only',
    ],
    [
      'a Map that reads its items with an ItemReader',
      (definition: StateMachineDefinition) => {
        mapState(definition).ItemReader = { Resource: 'arn:aws:states:::s3:listObjectsV2' };
      },
      /state "PriceParts" is a Distributed Map \(ItemReader\)/,
    ],
    [
      'a Task resource it does not know',
      (definition: StateMachineDefinition) => {
        const [, state] =
          findState(definition.States, (name) => name === 'PublishOrdersStage') ?? [];
        (state as Record<string, unknown>).Resource = 'arn:aws:states:::sqs:sendMessage';
      },
      /state "PublishOrdersStage" calls "arn:aws:states:::sqs:sendMessage", which WorkflowStateMachine cannot grant/,
    ],
  ])('refuses %s, naming the state', (_why, tamper, message) => {
    // Arrange
    tampered(tamper);
    // Act
    const act = () => build(ordersDagWorkflow(), ALL_STAGES);
    let thrown: unknown;
    try {
      act();
    } catch (error) {
      thrown = error;
    }
    // Assert
    expect(thrown).toBeInstanceOf(InfraPropsError);
    if (typeof message === 'string') expect((thrown as Error).message).toBe(message);
    else expect((thrown as Error).message).toMatch(message);
  });
});

describe('CeapWorkflowStack refuses a stage or job it cannot build, naming the steps', () => {
  it.each([
    [
      'handler for a stage run by a Map and a Lambda step',
      () =>
        new CeapWorkflowStack(newTestApp(), 'NoHandler', {
          prefix: 'team-a',
          workflow: ordersDagWorkflow(),
          dataBucketName: 'team-a-data',
          stages: ORDERS_STAGES.stages,
          handlerEntries: { ...ORDERS_STAGES.handlerEntries, [priceOrdersStage.name]: '' },
        }),
      /^handlerEntries\.PriceOrdersStage is missing: workflow "orders-dag" runs it on Lambda in steps "PriceParts", "PriceSample"$/,
    ],
    [
      'Glue job of a Glue step',
      () =>
        new CeapWorkflowStack(newTestApp(), 'NoJob', {
          prefix: 'team-a',
          workflow: glueWorkflow,
          dataBucketName: 'team-a-data',
          ...ORDERS_STAGES,
        }),
      /^glueJobs\.Spark is missing: workflow "orders-glue" runs it on Glue in step "Spark"$/,
    ],
  ])('refuses a missing %s', (_why, act, message) => {
    // Arrange: see the case. Act / Assert
    expect(act).toThrow(InfraPropsError);
    expect(act).toThrow(message);
  });
});
