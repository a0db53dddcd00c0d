import { chain, defineWorkflow, lambda } from '@ceap/core/workflow';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { DataBucket } from '../../src/constructs/data-bucket';
import { StageFunction } from '../../src/constructs/stage-function';
import { WorkflowQueue } from '../../src/constructs/workflow-queue';
import { WorkflowStateMachine } from '../../src/constructs/workflow-state-machine';
import {
  FIXTURES,
  nagViolations,
  newTestApp,
  resourcesOf,
  shippedApp,
} from '../helpers/cdk-test-app';
import { priceOrdersStage, validateOrdersStage } from '../helpers/fixtures/custom-stages';
import { asArray, flat } from '../helpers/iam-statements';
import { ordersDagStack } from '../helpers/orders-dag';

interface TrustStatement {
  Principal: { Service?: string | string[] };
  Condition?: Record<string, Record<string, unknown>>;
}

/** Each role's trust statements naming a service principal, as `{stack}/{role}: service`. */
function serviceTrusts(
  stack: Stack,
): { role: string; service: string; statement: TrustStatement }[] {
  return resourcesOf(Template.fromStack(stack), 'AWS::IAM::Role').flatMap(([id, role]) =>
    (role.Properties.AssumeRolePolicyDocument as { Statement: TrustStatement[] }).Statement.flatMap(
      (statement) =>
        asArray(statement.Principal.Service ?? []).map((service) => ({
          role: `${stack.stackName}/${id}`,
          service,
          statement,
        })),
    ),
  );
}

const ACCOUNT = { Ref: 'AWS::AccountId' };
const arnOf = (service: string, resource: string) =>
  `arn:{"Ref":"AWS::Partition"}:${service}:{"Ref":"AWS::Region"}:{"Ref":"AWS::AccountId"}:${resource}`;

/** The same team's workflow built from the constructs, leaving CloudFormation to name things. */
function unnamedOrdersStack(): Stack {
  const stack = new Stack(newTestApp(), 'OrdersStack');
  const data = new DataBucket(stack, 'Data');
  const functions: Record<string, IFunction> = {};
  for (const [stage, entry] of [
    [validateOrdersStage, FIXTURES.validateOrdersHandler],
    [priceOrdersStage, FIXTURES.priceOrdersHandler],
  ] as const) {
    functions[stage.name] = new StageFunction(stack, stage.name, {
      stage: stage.name,
      entry,
      access: stage.access,
      dataBucket: data.bucket,
    }).function;
  }
  const workflow = defineWorkflow({
    name: 'orders',
    type: 'EXPRESS',
    timeoutSeconds: 120,
    steps: chain(lambda(validateOrdersStage), lambda(priceOrdersStage)),
  });
  const machine = new WorkflowStateMachine(stack, 'Orders', { workflow, functions });
  new WorkflowQueue(stack, 'OrdersQueue', { stateMachine: machine });
  return stack;
}

let shipped: ReturnType<typeof shippedApp>;
beforeAll(() => {
  shipped = shippedApp();
});

describe('every service role trusts its service only for this account', () => {
  it.each([
    [
      'the shipped app',
      () => [shipped.data, shipped.realtime, shipped.batch, shipped.guardedBatch],
    ],
    ['a custom workflow stack', () => [ordersDagStack()]],
    ['the constructs with generated names', () => [unnamedOrdersStack()]],
  ])('%s: each role assumed by a service carries aws:SourceAccount', (_name, stacks) => {
    // Arrange
    const trusts = stacks().flatMap(serviceTrusts);
    // Act
    const unbound = trusts.filter(({ statement }) => {
      const conditions = statement.Condition ?? {};
      const account =
        conditions.StringEquals?.['aws:SourceAccount'] ??
        conditions.StringEqualsIfExists?.['aws:SourceAccount'];
      return JSON.stringify(account) !== JSON.stringify(ACCOUNT);
    });
    // Assert
    expect(trusts.length).toBeGreaterThan(0);
    expect(unbound.map(({ role, service }) => `${role}: ${service}`)).toEqual([]);
  });

  it('the shipped app: Step Functions, Pipes and Scheduler are bound to their own source ARN as well', () => {
    // Arrange
    const trusts = [shipped.realtime, shipped.batch].flatMap(serviceTrusts);
    // Act
    const sources = (service: string) =>
      trusts
        .filter((trust) => trust.service === service)
        .map(({ statement }) => [
          statement.Condition?.StringEquals?.['aws:SourceAccount'],
          flat(statement.Condition?.ArnLike?.['aws:SourceArn']),
        ]);
    // Assert
    expect(sources('states.amazonaws.com')).toEqual([
      [ACCOUNT, arnOf('states', 'stateMachine:dev-ceap-realtime')],
      [ACCOUNT, arnOf('states', 'stateMachine:dev-ceap-batch')],
    ]);
    expect(sources('pipes.amazonaws.com')).toEqual([
      [ACCOUNT, arnOf('pipes', 'pipe/dev-ceap-realtime')],
      [ACCOUNT, arnOf('pipes', 'pipe/dev-ceap-batch')],
    ]);
    expect(sources('scheduler.amazonaws.com')).toEqual([
      [ACCOUNT, arnOf('scheduler', 'schedule-group/default')],
    ]);
  });

  it('Lambda and Glue, which do not document the keys for execution roles, check the account whenever they supply it', () => {
    // Arrange
    const trusts = serviceTrusts(shipped.batch);
    // Act
    const conditions = (service: string) => [
      ...new Set(
        trusts
          .filter((t) => t.service === service)
          .map((t) => JSON.stringify(t.statement.Condition)),
      ),
    ];
    // Assert: five stage roles and one job role, all alike.
    for (const service of ['lambda.amazonaws.com', 'glue.amazonaws.com']) {
      expect(conditions(service)).toEqual([
        JSON.stringify({ StringEqualsIfExists: { 'aws:SourceAccount': ACCOUNT } }),
      ]);
    }
  });

  it('generated names: the state machine and pipe roles accept any state machine or pipe of this account and region, and cdk-nag has nothing new', () => {
    // Arrange
    const stack = unnamedOrdersStack();
    // Act
    const trusts = serviceTrusts(stack);
    const arnFor = (service: string) =>
      trusts
        .filter((trust) => trust.service === service)
        .map(({ statement }) => flat(statement.Condition?.ArnLike?.['aws:SourceArn']));
    // Assert
    expect(arnFor('states.amazonaws.com')).toEqual([arnOf('states', 'stateMachine:*')]);
    expect(arnFor('pipes.amazonaws.com')).toEqual([arnOf('pipes', 'pipe/*')]);
    expect(nagViolations(stack)).toEqual([]);
  });
});
