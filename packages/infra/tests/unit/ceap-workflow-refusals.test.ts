import { join } from 'node:path';
import { chain, defineWorkflow, glue, lambda } from '@ceap/core/workflow';
import { StageName } from '@ceap/stages';
import { Template } from 'aws-cdk-lib/assertions';
import { type CeapWorkflowProps, InfraPropsError, type StageSource } from '../../src/index';
import { FIXTURES } from '../helpers/cdk-test-app';
import { priceOrdersStage, validateOrdersStage } from '../helpers/fixtures/custom-stages';
import { ORDERS_STAGES, ordersStack } from '../helpers/user-workflow';

/** A user workflow with a Glue step. */
const sparkWorkflow = defineWorkflow({
  name: 'orders-spark',
  type: 'STANDARD',
  timeoutSeconds: 3600,
  defaultTaskTimeoutSeconds: 300,
  steps: chain(lambda(priceOrdersStage), glue('Spark')),
});

describe('CeapWorkflow refuses what it cannot deploy, naming the prop and the stage', () => {
  it.each<[string, Partial<CeapWorkflowProps>, string | RegExp]>([
    [
      'a stage the workflow runs but stages lacks',
      { stages: { [priceOrdersStage.name]: ORDERS_STAGES[priceOrdersStage.name] as StageSource } },
      'CeapWorkflowProps.stages.StoreStage is missing: workflow "orders" runs it on Lambda in step "StoreStage"; give { stage, entry } or a function',
    ],
    [
      'a handler entry that does not exist',
      {
        stages: {
          ...ORDERS_STAGES,
          [priceOrdersStage.name]: {
            stage: priceOrdersStage,
            entry: join(__dirname, 'no-such-handler.ts'),
          },
        },
      },
      /^CeapWorkflowProps\.stages\.PriceOrdersStage\.entry ".*no-such-handler\.ts" does not exist: workflow "orders" runs it on Lambda in step "PriceOrdersStage"/,
    ],
    [
      'a stage given but unused',
      {
        stages: {
          ...ORDERS_STAGES,
          [validateOrdersStage.name]: {
            stage: validateOrdersStage,
            entry: FIXTURES.validateOrdersHandler,
          },
        },
      },
      'CeapWorkflowProps.stages.ValidateOrdersStage is given, but workflow "orders" runs no Lambda or Map step of it: deploy only what the workflow runs (used: PriceOrdersStage, StoreStage)',
    ],
    [
      'a stage keyed under another name',
      {
        stages: {
          ...ORDERS_STAGES,
          [StageName.Store]: { stage: priceOrdersStage, entry: FIXTURES.priceOrdersHandler },
        },
      },
      'CeapWorkflowProps.stages.StoreStage.stage is the stage "PriceOrdersStage": each stage must be keyed by its own name',
    ],
    [
      'a Glue job the workflow runs but glueJobs lacks',
      {
        workflow: sparkWorkflow,
        stages: { [priceOrdersStage.name]: ORDERS_STAGES[priceOrdersStage.name] as StageSource },
      },
      'CeapWorkflowProps.glueJobs.Spark is missing: workflow "orders-spark" runs it on Glue in step "Spark"; give { spec } or an existing job\'s name',
    ],
    [
      'a Glue job given but unused',
      { glueJobs: { Spark: 'team-b-spark' } },
      /^CeapWorkflowProps\.glueJobs\.Spark is given, but workflow "orders" has no Glue step that runs it/,
    ],
    [
      'a name prefix no resource name allows',
      { namePrefix: 'team b' },
      /^CeapWorkflowProps\.namePrefix "team b" must be 1-63 characters/,
    ],
    [
      'a schedule in an unknown time zone',
      { schedule: { expression: 'cron(0 3 * * ? *)', timeZone: 'Nowhere/City' } },
      /^CeapWorkflowProps\.schedule\.timeZone "Nowhere\/City"/,
    ],
  ])('refuses %s', (_why, overrides, message) => {
    // Arrange
    const act = () => ordersStack(overrides);
    // Act / Assert
    expect(act).toThrow(InfraPropsError);
    expect(act).toThrow(message);
  });

  it('binds an existing Glue job by name, building no job', () => {
    // Arrange / Act
    const { stack, ceap } = ordersStack({
      workflow: sparkWorkflow,
      stages: { [priceOrdersStage.name]: ORDERS_STAGES[priceOrdersStage.name] as StageSource },
      glueJobs: { Spark: 'team-b-spark' },
    });
    // Assert
    Template.fromStack(stack).resourceCountIs('AWS::Glue::Job', 0);
    expect(ceap.stateMachine.definitionSubstitutions.SparkJobName).toBe('team-b-spark');
  });
});
