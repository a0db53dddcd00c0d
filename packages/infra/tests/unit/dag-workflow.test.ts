import { compileWorkflow } from '@ceap/core/workflow';
import { Template } from 'aws-cdk-lib/assertions';
import type { CeapWorkflowStack } from '../../src/app/workflow-stack';
import { acknowledgements, nagViolations, resourcesOf } from '../helpers/cdk-test-app';
import {
  priceOrdersStage,
  publishOrdersStage,
  validateOrdersStage,
} from '../helpers/fixtures/custom-stages';
import { asArray, flat, importedBucketArn, statementsOf } from '../helpers/iam-statements';
import { ORDERS_DAG_BUCKET, ordersDagStack, ordersDagWorkflow } from '../helpers/orders-dag';

// A custom DAG (sensor, fan-out, Map, fan-in) deploys with exactly what it needs.
let stack: CeapWorkflowStack;
let template: Template;
let machine: Record<string, unknown>;
beforeAll(() => {
  stack = ordersDagStack();
  template = Template.fromStack(stack);
  const machines = resourcesOf(template, 'AWS::StepFunctions::StateMachine');
  expect(machines).toHaveLength(1);
  machine = (machines[0] as (typeof machines)[number])[1].Properties;
});

const STAGE_NAMES = [priceOrdersStage.name, publishOrdersStage.name, validateOrdersStage.name];

const functionId = (stage: string) =>
  stack.getLogicalId(stack.stageFunctions[stage]?.function.node.defaultChild as never);

describe('a custom DAG deploys with one function per stage', () => {
  it('deploys one function per stage, not per step: the Map and the Lambda step of PriceOrdersStage share one', () => {
    // Arrange
    const steps = ordersDagWorkflow().steps.filter((s) => s.kind === 'lambda' || s.kind === 'map');
    // Act
    const functions = resourcesOf(template, 'AWS::Lambda::Function');
    // Assert
    expect(steps).toHaveLength(4);
    expect(functions).toHaveLength(3);
    expect(Object.keys(stack.stageFunctions).sort()).toEqual(STAGE_NAMES);
    expect(stack.glueJobs).toEqual({});
    template.resourceCountIs('AWS::Glue::Job', 0);
  });

  it.each([
    [priceOrdersStage.name, 300, 'the longer of its Map (300 s) and Lambda (120 s) steps'],
    [validateOrdersStage.name, 600, "the workflow's default task timeout"],
  ])('gives %s a timeout of %d s: %s', (stage, seconds) => {
    // Arrange
    const logicalId = functionId(stage);
    // Act
    const fn = template.toJSON().Resources[logicalId].Properties;
    // Assert
    expect(fn.Timeout).toBe(seconds);
  });
});

describe('a custom DAG deploys its compiled definition with exactly its substitutions', () => {
  it('DefinitionString is the compiled definition, with its Parallel and inline Map', () => {
    // Arrange
    const expected = JSON.stringify(compileWorkflow(ordersDagWorkflow()));
    // Act
    const definition = machine.DefinitionString as string;
    // Assert
    expect(definition).toBe(expected);
    expect(definition).toContain('"Type":"Parallel"');
    expect(definition).toContain('"ProcessorConfig":{"Mode":"INLINE"}');
    expect(machine.StateMachineType).toBe('STANDARD');
  });

  it('binds one FunctionArn per stage and the data bucket for the sensor, and nothing else', () => {
    // Arrange
    const expected = {
      ...Object.fromEntries(
        STAGE_NAMES.map((stage) => [
          `${stage}FunctionArn`,
          { 'Fn::GetAtt': [functionId(stage), 'Arn'] },
        ]),
      ),
      DataBucketName: ORDERS_DAG_BUCKET,
      DataKeyPrefix: 'orders/',
    };
    // Act
    const substitutions = machine.DefinitionSubstitutions;
    // Assert
    expect(substitutions).toEqual(expected);
  });
});

describe('a custom DAG gets IAM for the states it uses, and only those', () => {
  const bucketArn = importedBucketArn(ORDERS_DAG_BUCKET);

  it('the state machine may invoke exactly its three functions', () => {
    // Arrange
    const expected = STAGE_NAMES.map(functionId).sort();
    // Act
    const invoke = statementsOf(stack.stateMachine.role).filter((s) =>
      asArray(s.Action).includes('lambda:InvokeFunction'),
    );
    // Assert
    expect(invoke).toHaveLength(1);
    expect(
      asArray(invoke[0]?.Resource)
        .map((r) => (r as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0])
        .sort(),
    ).toEqual(expected);
  });

  it.each([
    ['PokeSensorPrefixes', 'orders/landing/dt=*/_READY', "the sensor's prefix, any logical date"],
    ['ListMapParts', 'orders/executions/*', "the Map's part files, below the key prefix"],
  ])('%s: s3:ListBucket on the data bucket only for %s (%s)', (sid, prefix) => {
    // Arrange
    const expected = {
      Sid: sid,
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Condition: { StringLike: { 's3:prefix': [prefix] } },
    };
    // Act
    const statement = statementsOf(stack.stateMachine.role).find((s) => s.Sid === sid);
    // Assert
    expect(statement).toMatchObject(expected);
    expect(asArray(statement?.Resource).map(flat)).toEqual([bucketArn]);
  });

  it('asks for nothing else: no Glue, no other S3 action, no states:StartExecution (Maps are inline)', () => {
    // Arrange
    const expected = ['lambda:InvokeFunction', 's3:ListBucket'];
    // Act
    const actions = statementsOf(stack.stateMachine.role)
      .flatMap((s) => asArray(s.Action))
      .filter((action) => /^(lambda|s3|glue|states):/.test(action));
    // Assert
    expect([...new Set(actions)].sort()).toEqual(expected);
  });

  it('passes cdk-nag, the state machine acknowledging only log delivery and X-Ray (IAM5) and its ERROR log level (SF1)', () => {
    // Arrange
    const machinePath = stack.stateMachine.node.path;
    // Act
    const violations = nagViolations(stack);
    const machineAcks = acknowledgements(stack).filter((ack) => ack.path.startsWith(machinePath));
    // Assert
    expect(violations).toEqual([]);
    expect(machineAcks.map((ack) => ack.id).sort()).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-SF1',
    ]);
  });
});
