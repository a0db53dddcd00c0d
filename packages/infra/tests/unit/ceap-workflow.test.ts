import { compileWorkflow } from '@ceap/core/workflow';
import { StageName } from '@ceap/stages';
import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { CeapWorkflow, DataBucket } from '../../src/index';
import {
  acknowledgements,
  nagViolations,
  newTestApp,
  resourcesOf,
  shippedApp,
} from '../helpers/cdk-test-app';
import { priceOrdersStage } from '../helpers/fixtures/custom-stages';
import { dataGrantsOf, flat, importedBucketArn } from '../helpers/iam-statements';
import {
  BUCKET,
  EXECUTIONS,
  ORDERS_STAGES,
  ordersStack,
  ordersWorkflow,
} from '../helpers/user-workflow';

/** A user's own stack with nothing of the ceap app but CeapWorkflow (see user-workflow.ts). */
describe('CeapWorkflow deploys a user workflow into a stack of their own', () => {
  let stack: Stack;
  let ceap: CeapWorkflow;
  let template: Template;
  beforeAll(() => {
    ({ stack, ceap } = ordersStack());
    template = Template.fromStack(stack);
  });

  it('creates exactly one function per stage, named from the workflow', () => {
    // Arrange
    const expected = ['dev-ceap-orders-PriceOrdersStage', 'dev-ceap-orders-StoreStage'];
    // Act
    const names = resourcesOf(template, 'AWS::Lambda::Function').map(
      ([, fn]) => fn.Properties.FunctionName,
    );
    // Assert
    expect(names.sort()).toEqual(expected);
    expect(Object.keys(ceap.stageFunctions).sort()).toEqual(['PriceOrdersStage', 'StoreStage']);
  });

  it('deploys exactly the compiled definition, each placeholder bound to its own function', () => {
    // Arrange
    const compiled = JSON.stringify(compileWorkflow(ordersWorkflow));
    const arnOf = (stage: string) => ({
      'Fn::GetAtt': [
        stack.getLogicalId(ceap.stageFunctions[stage]?.function.node.defaultChild as CfnElement),
        'Arn',
      ],
    });
    // Act
    const [[, machine]] = resourcesOf(template, 'AWS::StepFunctions::StateMachine') as [
      [string, { Properties: Record<string, unknown> }],
    ];
    const substitutions = machine.Properties.DefinitionSubstitutions as Record<string, unknown>;
    const resolved = JSON.parse(
      compiled.replace(/\$\{([A-Za-z0-9_]+)\}/g, (_, key: string) =>
        JSON.stringify(substitutions[key]).replace(/"/g, "'"),
      ),
    );
    // Assert
    expect(machine.Properties.DefinitionString).toBe(compiled);
    expect(machine.Properties.StateMachineName).toBe('dev-ceap-orders');
    expect(substitutions).toEqual({
      PriceOrdersStageFunctionArn: arnOf('PriceOrdersStage'),
      StoreStageFunctionArn: arnOf('StoreStage'),
    });
    for (const stage of ['PriceOrdersStage', 'StoreStage'])
      expect(resolved.States[stage].Parameters.FunctionName).toBe(
        JSON.stringify(arnOf(stage)).replace(/"/g, "'"),
      );
  });

  it('deploys the queue, its DLQ, the pipe and the workflow own schedule', () => {
    // Arrange / Act
    const [[, schedule]] = resourcesOf(template, 'AWS::Scheduler::Schedule') as [
      [string, { Properties: Record<string, unknown> }],
    ];
    // Assert
    template.resourceCountIs('AWS::Pipes::Pipe', 1);
    template.resourceCountIs('AWS::SQS::Queue', 3);
    template.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'dev-ceap-orders' });
    template.hasResourceProperties('AWS::Pipes::Pipe', {
      Name: 'dev-ceap-orders',
      TargetParameters: {
        StepFunctionStateMachineParameters: { InvocationType: 'FIRE_AND_FORGET' },
      },
    });
    expect(schedule.Properties).toMatchObject({
      Name: 'dev-ceap-orders-nightly',
      ScheduleExpression: 'cron(0 3 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/London',
    });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 5);
  });

  it('gives each stage its executions folder and what its access declares, below the key prefix', () => {
    // Arrange
    const bucketArn = importedBucketArn(BUCKET);
    const grantsOf = (stage: string) =>
      dataGrantsOf(ceap.stageFunctions[stage]?.role as never, bucketArn);
    // Act
    const price = grantsOf(priceOrdersStage.name);
    const store = grantsOf(StageName.Store);
    // Assert
    expect(price).toEqual({
      readWrite: EXECUTIONS,
      readOnly: ['team-b/price-lists/*'],
      list: [...EXECUTIONS, 'team-b/price-lists/*'],
      putEvents: [],
    });
    expect(store).toEqual({
      readWrite: ['team-b/datasets/*', ...EXECUTIONS],
      readOnly: [],
      list: ['team-b/datasets/*', ...EXECUTIONS],
      putEvents: [],
    });
  });

  it('passes cdk-nag with only the acknowledgements the constructs carry', () => {
    // Arrange / Act
    const violations = nagViolations(stack);
    // Assert
    expect(violations).toEqual([]);
  });

  it('acknowledges only findings cdk-nag really reports, each with a reason', () => {
    // Arrange: the same stack with acknowledgements switched off shows the raw findings.
    const acknowledge = jest
      .spyOn(Validations.prototype, 'acknowledge')
      .mockImplementation(() => undefined);
    const raw = ordersStack().stack;
    acknowledge.mockRestore();
    const rawFindings = new Set(nagViolations(raw).map((violation) => violation.ruleName));
    // Act
    const acks = acknowledgements(stack);
    // Assert
    expect(rawFindings.size).toBeGreaterThan(0);
    expect(acks.map((ack) => ack.id).filter((id) => !rawFindings.has(id))).toEqual([]);
    expect([...rawFindings].filter((id) => !acks.some((ack) => ack.id === id))).toEqual([]);
    for (const ack of acks) expect(ack.reason.length).toBeGreaterThan(60);
  });
});

describe('CeapWorkflow with a new bucket, a prebuilt function and no queue or schedule', () => {
  it('builds only the given stage, binds the prebuilt function and adds no queue or pipe', () => {
    // Arrange
    const stack = new Stack(newTestApp(), 'TeamBLean');
    const data = new DataBucket(stack, 'Data', { keyPrefix: 'team-b/' });
    const existing = LambdaFunction.fromFunctionArn(
      stack,
      'Store',
      'arn:aws:lambda:eu-west-1:123456789012:function:team-b-store',
    );
    // Act
    const ceap = new CeapWorkflow(stack, 'Orders', {
      workflow: ordersWorkflow,
      dataBucket: data.bucket,
      keyPrefix: 'team-b/',
      namePrefix: 'team-b-orders',
      stages: { ...ORDERS_STAGES, [StageName.Store]: existing },
      queue: false,
      schedule: false,
    });
    const template = Template.fromStack(stack);
    // Assert
    expect(Object.keys(ceap.stageFunctions)).toEqual([priceOrdersStage.name]);
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.resourceCountIs('AWS::Pipes::Pipe', 0);
    template.resourceCountIs('AWS::SQS::Queue', 0);
    template.resourceCountIs('AWS::Scheduler::Schedule', 0);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3);
    expect(ceap.queue).toBeUndefined();
    expect(
      flat(stack.resolve(ceap.stateMachine.definitionSubstitutions.StoreStageFunctionArn)),
    ).toBe(existing.functionArn);
    expect(nagViolations(stack)).toEqual([]);
  });
});

describe('the shipped stacks deploy through CeapWorkflow with the logical ids they had', () => {
  it('leaves the wrapper (id Default) out of every logical id', () => {
    // Arrange
    const { batch } = shippedApp();
    const idOf = (construct: { node: { defaultChild?: unknown } }) =>
      batch.getLogicalId(construct.node.defaultChild as CfnElement);
    // Act
    const ids = [
      idOf(batch.stageFunctions.ETLStage?.function as never),
      idOf(batch.stateMachine.stateMachine),
      idOf(batch.queue.queue),
    ];
    // Assert
    expect(batch.ceapWorkflow.node.id).toBe('Default');
    // The ids in the batch template synthesized before CeapWorkflowStack used CeapWorkflow.
    expect(ids).toEqual([
      'ETLStageFunctionD319FEFF',
      'WorkflowStateMachine8F1B1C15',
      'Queue381943A6',
    ]);
  });
});
