import { compileWorkflow, type Workflow } from '@ceap/core/workflow';
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

/** Another team's workflow: two stages of their own, defined with defineStage. */
const ordersWorkflow: Workflow = {
  name: 'orders',
  type: 'EXPRESS',
  timeoutSeconds: 120,
  defaultTaskTimeoutSeconds: 60,
  steps: [
    { kind: 'lambda', stage: validateOrdersStage.name },
    { kind: 'lambda', stage: priceOrdersStage.name },
  ],
};

/** What the README shows: another CDK app deploying its own stages with the exported constructs. */
function buildOrdersStack(): { stack: Stack; machine: WorkflowStateMachine } {
  const app = newTestApp();
  const stack = new Stack(app, 'OrdersStack');
  const data = new DataBucket(stack, 'Data', { keyPrefix: 'orders/' });
  const handlers: Record<string, string> = {
    [validateOrdersStage.name]: FIXTURES.validateOrdersHandler,
    [priceOrdersStage.name]: FIXTURES.priceOrdersHandler,
  };
  const functions: Record<string, IFunction> = {};
  for (const step of ordersWorkflow.steps) {
    functions[step.stage] = new StageFunction(stack, step.stage, {
      stage: step.stage,
      entry: handlers[step.stage] as string,
      dataBucket: data.bucket,
      keyPrefix: 'orders/',
    }).function;
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
  return { stack, machine };
}

describe('another team builds its own workflow from the exported constructs', () => {
  let stack: Stack;
  let machine: WorkflowStateMachine;
  let template: Template;
  beforeAll(() => {
    ({ stack, machine } = buildOrdersStack());
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

  it('gives each stage access to its own key prefix only', () => {
    // Arrange
    type Statement = { Sid?: string; Resource: unknown; Condition?: unknown };
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Statement[],
    );
    // Act
    const readWrite = statements.filter((statement) => statement.Sid === 'ReadWriteStageObjects');
    const list = statements.filter((statement) => statement.Sid === 'ListOwnPrefixes');
    // Assert
    expect(readWrite).toHaveLength(2);
    for (const statement of readWrite) {
      expect(statement.Resource).toEqual({
        'Fn::Join': [
          '',
          [{ 'Fn::GetAtt': [expect.stringMatching(/^DataBucket/), 'Arn'] }, '/orders/executions/*'],
        ],
      });
    }
    expect(list.map((statement) => statement.Condition)).toEqual([
      { StringLike: { 's3:prefix': ['orders/executions/*'] } },
      { StringLike: { 's3:prefix': ['orders/executions/*'] } },
    ]);
    template.resourceCountIs('AWS::Pipes::Pipe', 1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
  });

  it('passes cdk-nag with the acknowledgements the constructs carry', () => {
    // Arrange / Act
    const violations = nagViolations(stack);
    // Assert
    expect(violations).toEqual([]);
  });

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
    expect(act).toThrow(/functions\.PriceOrdersStage is missing/);
  });
});
