import { chain, compileWorkflow, defineWorkflow, lambda, type Workflow } from '@ceap/core/workflow';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import {
  DataBucket,
  StageFunction,
  WorkflowAlarms,
  WorkflowQueue,
  WorkflowStateMachine,
} from '../../src/index';
import { FIXTURES, nagViolations, newTestApp } from '../helpers/cdk-test-app';
import { priceOrdersStage, validateOrdersStage } from '../helpers/fixtures/custom-stages';
import { dataGrantsOf, flat } from '../helpers/iam-statements';

/** Another team's workflow: two stages of their own, defined with defineStage. */
const ordersWorkflow: Workflow = defineWorkflow({
  name: 'orders',
  type: 'EXPRESS',
  timeoutSeconds: 120,
  defaultTaskTimeoutSeconds: 60,
  steps: chain(lambda(validateOrdersStage), lambda(priceOrdersStage)),
});

/** What the README shows: another CDK app deploying its own stages with the exported constructs. */
function buildOrdersStack(): {
  stack: Stack;
  machine: WorkflowStateMachine;
  stageFunctions: Record<string, StageFunction>;
  bucketArn: string;
} {
  const app = newTestApp();
  const stack = new Stack(app, 'OrdersStack');
  const data = new DataBucket(stack, 'Data', { keyPrefix: 'orders/' });
  const stages = [validateOrdersStage, priceOrdersStage];
  const handlers: Record<string, string> = {
    [validateOrdersStage.name]: FIXTURES.validateOrdersHandler,
    [priceOrdersStage.name]: FIXTURES.priceOrdersHandler,
  };
  const stageFunctions: Record<string, StageFunction> = {};
  const functions: Record<string, IFunction> = {};
  for (const stage of stages) {
    stageFunctions[stage.name] = new StageFunction(stack, stage.name, {
      stage: stage.name,
      entry: handlers[stage.name] as string,
      access: stage.access,
      dataBucket: data.bucket,
      keyPrefix: 'orders/',
    });
    functions[stage.name] = (stageFunctions[stage.name] as StageFunction).function;
  }
  const machine = new WorkflowStateMachine(stack, 'Orders', {
    workflow: ordersWorkflow,
    functions,
  });
  const queue = new WorkflowQueue(stack, 'OrdersQueue', { stateMachine: machine });
  new WorkflowAlarms(stack, 'OrdersAlarms', {
    stateMachine: machine.stateMachine,
    deadLetterQueues: { OrdersQueue: queue.deadLetterQueue },
  });
  return { stack, machine, stageFunctions, bucketArn: flat(stack.resolve(data.bucket.bucketArn)) };
}

describe('another team builds its own workflow from the exported constructs', () => {
  let stack: Stack;
  let machine: WorkflowStateMachine;
  let stageFunctions: Record<string, StageFunction>;
  let bucketArn: string;
  let template: Template;
  beforeAll(() => {
    ({ stack, machine, stageFunctions, bucketArn } = buildOrdersStack());
    template = Template.fromStack(stack);
  });

  it('deploys exactly the compiled workflow, bound to its two functions', () => {
    // Arrange
    const expected = JSON.stringify(compileWorkflow(ordersWorkflow));
    // Act
    const properties = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0]
      ?.Properties;
    // Assert
    expect(properties.DefinitionString).toBe(expected);
    expect(properties.StateMachineType).toBe('EXPRESS');
    expect(Object.keys(properties.DefinitionSubstitutions).sort()).toEqual([
      'PriceOrdersStageFunctionArn',
      'ValidateOrdersStageFunctionArn',
    ]);
    expect(machine.definition).toEqual(JSON.parse(expected));
  });

  it('gives each stage its executions folder and what it declares, below the key prefix', () => {
    // Arrange
    const executions = ['orders/executions/*'];
    // Act
    const grantsOf = (stage: string) =>
      dataGrantsOf((stageFunctions[stage] as StageFunction).role, bucketArn);
    const validate = grantsOf(validateOrdersStage.name);
    const price = grantsOf(priceOrdersStage.name);
    // Assert
    expect(validate).toEqual({
      readWrite: executions,
      readOnly: [],
      list: executions,
      putEvents: [],
    });
    expect(price).toEqual({
      readWrite: executions,
      readOnly: ['orders/price-lists/*'],
      list: [...executions, 'orders/price-lists/*'],
      putEvents: [],
    });
  });

  it('deploys one pipe and four alarms', () => {
    // Arrange / Act / Assert
    template.resourceCountIs('AWS::Pipes::Pipe', 1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
  });

  it('passes cdk-nag with the acknowledgements the constructs carry', () => {
    // Arrange / Act
    const violations = nagViolations(stack);
    // Assert
    expect(violations).toEqual([]);
  });
});

describe('WorkflowStateMachine binds every step', () => {
  it('refuses a workflow step with no function, naming it', () => {
    // Arrange
    const app = newTestApp();
    const other = new Stack(app, 'Other');
    const bucket = new Bucket(other, 'Data', { encryption: BucketEncryption.S3_MANAGED });
    const only = new StageFunction(other, 'Validate', {
      stage: validateOrdersStage.name,
      entry: FIXTURES.validateOrdersHandler,
      dataBucket: bucket,
    });
    // Act
    const act = () =>
      new WorkflowStateMachine(other, 'Orders', {
        workflow: ordersWorkflow,
        functions: { [validateOrdersStage.name]: only.function },
      });
    // Assert
    expect(act).toThrow(
      'WorkflowStateMachineProps.functions.PriceOrdersStage is missing: ${PriceOrdersStageFunctionArn} in step "PriceOrdersStage" of workflow "orders" needs the function that runs stage PriceOrdersStage',
    );
  });
});
