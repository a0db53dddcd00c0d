import { chain, defineWorkflow, lambda } from '@ceap/core/workflow';
import { StageName } from '@ceap/stages';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { CeapWorkflowStack } from '../../src/app/workflow-stack';
import { FIXTURES, nagViolations, newTestApp, shippedApp } from '../helpers/cdk-test-app';
import {
  priceOrdersStage,
  publishOrdersStage,
  validateOrdersStage,
} from '../helpers/fixtures/custom-stages';
import {
  asArray,
  type DataGrants,
  dataGrantsOf,
  importedBucketArn,
  shippedDataBucketArn,
  statementsOf,
} from '../helpers/iam-statements';

/** The grants of a stage that declares nothing: its executions folder, nothing else. */
const EXECUTIONS_ONLY: DataGrants = {
  readWrite: ['executions/*'],
  readOnly: [],
  list: ['executions/*'],
  putEvents: [],
};
const DEFAULT_BUS =
  'arn:{"Ref":"AWS::Partition"}:events:{"Ref":"AWS::Region"}:{"Ref":"AWS::AccountId"}:event-bus/default';

const SHIPPED_BUCKET_ARN = shippedDataBucketArn();

/** The shipped app, synthesized once for this file, on first use. */
let shipped: ReturnType<typeof shippedApp> | undefined;
const shippedStacks = () => {
  shipped ??= shippedApp();
  return shipped;
};

type ShippedStack = 'realtime' | 'batch' | 'guardedBatch';

function roleOf(stackName: ShippedStack, stage: string): IRole {
  const stack = shippedStacks()[stackName];
  const role =
    stage === StageName.HeavyETL ? stack.glueJob?.role : stack.stageFunctions[stage]?.role;
  if (!role) throw new Error(`no role for ${stackName} ${stage}`);
  return role;
}

describe('each shipped stage role is derived from the access declared beside its code', () => {
  const reads = { readOnly: ['incoming/*'], list: ['executions/*', 'incoming/*'] };
  const writes = {
    readWrite: ['datasets/*', 'executions/*'],
    list: ['datasets/*', 'executions/*'],
  };
  const publishes = { putEvents: [DEFAULT_BUS] };
  it.each([
    ['realtime', StageName.ETL, 'may also read incoming/*', reads],
    ['realtime', StageName.Filter, 'gets nothing more', {}],
    ['realtime', StageName.Score, 'gets nothing more', {}],
    ['realtime', StageName.Store, 'may also write datasets/*', writes],
    ['realtime', StageName.Reactive, 'may also put events on the default bus', publishes],
    ['batch', StageName.ETL, 'may also read incoming/*', reads],
    ['batch', StageName.Filter, 'gets nothing more', {}],
    ['batch', StageName.HeavyETL, 'gets nothing more', {}],
    ['batch', StageName.Score, 'gets nothing more', {}],
    ['batch', StageName.Store, 'may also write datasets/*', writes],
    ['batch', StageName.Reactive, 'may also put events on the default bus', publishes],
    ['guardedBatch', StageName.ETL, 'may also read incoming/*', reads],
    ['guardedBatch', StageName.Filter, 'gets nothing more', {}],
    ['guardedBatch', StageName.Score, 'gets nothing more', {}],
    ['guardedBatch', StageName.Quality, 'gets nothing more', {}],
    ['guardedBatch', StageName.Store, 'may also write datasets/*', writes],
    ['guardedBatch', StageName.Reactive, 'may also put events on the default bus', publishes],
  ] as const)('%s %s: executions/*, and it %s', (stack, stage, _what, extra) => {
    // Arrange
    const expected = { ...EXECUTIONS_ONLY, ...extra };
    // Act
    const grants = dataGrantsOf(roleOf(stack, stage), SHIPPED_BUCKET_ARN);
    // Assert
    expect(grants).toEqual(expected);
  });
});

describe('no shipped stage role gets more than its declaration', () => {
  it.each(['realtime', 'batch', 'guardedBatch'] as const)(
    '%s: only ReactiveStage may put events',
    (name) => {
      // Arrange
      const stageFunctions = Object.entries(shippedStacks()[name].stageFunctions);
      // Act
      const publishers = stageFunctions
        .filter(([, fn]) =>
          statementsOf(fn.role).some((s) => asArray(s.Action).includes('events:PutEvents')),
        )
        .map(([stage]) => stage);
      // Assert
      expect(stageFunctions.length).toBeGreaterThan(1);
      expect(publishers).toEqual([StageName.Reactive]);
    },
  );

  it.each(['realtime', 'batch', 'guardedBatch'] as const)(
    '%s: no S3 action beyond object read/write, list and the Glue bucket lookup',
    (name) => {
      // Arrange
      const stack = shippedStacks()[name];
      const roles = [
        ...Object.values(stack.stageFunctions).map((fn) => fn.role),
        ...(stack.glueJob ? [stack.glueJob.role] : []),
      ];
      // Act
      const s3Actions = new Set(
        roles
          .flatMap(statementsOf)
          .flatMap((s) => asArray(s.Action))
          .filter((action) => action.startsWith('s3:')),
      );
      // Assert
      expect([...s3Actions].sort()).toEqual(
        [
          's3:AbortMultipartUpload',
          's3:DeleteObject',
          's3:GetObject',
          's3:ListBucket',
          's3:PutObject',
          ...(name === 'batch' ? ['s3:GetBucketLocation'] : []),
        ].sort(),
      );
    },
  );
});

/** A team's workflow of three custom stages, deployed by CeapWorkflowStack below `orders/`. */
function buildOrdersStack(): CeapWorkflowStack {
  const stages = [validateOrdersStage, priceOrdersStage, publishOrdersStage];
  const workflow = defineWorkflow({
    name: 'orders',
    type: 'EXPRESS',
    timeoutSeconds: 120,
    defaultTaskTimeoutSeconds: 60,
    steps: chain(...stages.map((stage) => lambda(stage))),
  });
  return new CeapWorkflowStack(newTestApp(), 'team-a-ceap-orders', {
    prefix: 'team-a',
    workflow,
    dataBucketName: 'team-a-orders-data',
    keyPrefix: 'orders/',
    stages: Object.fromEntries(stages.map((stage) => [stage.name, stage])),
    handlerEntries: {
      [validateOrdersStage.name]: FIXTURES.validateOrdersHandler,
      [priceOrdersStage.name]: FIXTURES.priceOrdersHandler,
      [publishOrdersStage.name]: FIXTURES.publishOrdersHandler,
    },
  });
}

describe('a custom stage deployed by CeapWorkflowStack gets what it declares', () => {
  let stack: CeapWorkflowStack;
  beforeAll(() => {
    stack = buildOrdersStack();
  });

  it.each([
    [
      'with no declaration',
      validateOrdersStage.name,
      {
        readWrite: ['orders/executions/*'],
        readOnly: [],
        list: ['orders/executions/*'],
        putEvents: [],
      },
    ],
    [
      'declaring readPrefixes',
      priceOrdersStage.name,
      {
        readWrite: ['orders/executions/*'],
        readOnly: ['orders/price-lists/*'],
        list: ['orders/executions/*', 'orders/price-lists/*'],
        putEvents: [],
      },
    ],
    [
      'declaring readWritePrefixes and putEvents',
      publishOrdersStage.name,
      {
        readWrite: ['orders/executions/*', 'orders/ledgers/*', 'orders/order-exports/*'],
        readOnly: [],
        list: ['orders/executions/*', 'orders/ledgers/*', 'orders/order-exports/*'],
        putEvents: [DEFAULT_BUS],
      },
    ],
  ])('a stage %s (%s) gets exactly that, below the key prefix', (_why, stage, expected) => {
    // Arrange
    const role = stack.stageFunctions[stage]?.role as IRole;
    // Act
    const grants = dataGrantsOf(role, importedBucketArn('team-a-orders-data'));
    // Assert
    expect(grants).toEqual(expected);
  });

  it('passes cdk-nag with the acknowledgements the constructs carry for declared prefixes', () => {
    // Arrange / Act
    const violations = nagViolations(stack);
    // Assert
    expect(violations).toEqual([]);
  });
});
