import {
  defineWorkflow,
  type LambdaStep,
  lambda,
  map,
  s3Sensor,
  type Workflow,
} from '@ceap/core/workflow';
import { CeapWorkflowStack } from '../../src/app/workflow-stack';
import { FIXTURES, newTestApp } from './cdk-test-app';
import {
  priceOrdersStage,
  publishOrdersStage,
  validateOrdersStage,
} from './fixtures/custom-stages';

/** The data bucket and key prefix the team's DAG deploys into. */
export const ORDERS_DAG_BUCKET = 'team-a-orders-data';
export const ORDERS_DAG_KEY_PREFIX = 'orders/';

/** The sensor's prefix: the producer's marker for the logical date. */
export const ORDERS_LANDED_PREFIX = 'landing/dt={logicalDate}/_READY';

/**
 * A team's DAG of its own stages: a sensor, a fan-out after ValidateOrdersStage (whose output
 * is a folder of parts) into a Map of PriceOrdersStage over those parts and a plain Lambda
 * step of the same stage, and a fan-in in PublishOrdersStage.
 *
 * ```
 * OrdersLanded → ValidateOrdersStage ─┬→ PriceParts (map) ─┬→ PublishOrdersStage
 *                                     └→ PriceSample ──────┘
 * ```
 */
export function ordersDagWorkflow(name = 'orders-dag'): Workflow {
  const landed = s3Sensor('OrdersLanded', {
    prefix: ORDERS_LANDED_PREFIX,
    intervalSeconds: 60,
    timeoutSeconds: 600,
  });
  const validate: LambdaStep = {
    ...lambda(validateOrdersStage, { after: [landed] }),
    outputLayout: 'parts',
  };
  const priceParts = map(priceOrdersStage, {
    name: 'PriceParts',
    over: validate,
    maxConcurrency: 4,
    timeoutSeconds: 300,
  });
  const priceSample = lambda(priceOrdersStage, {
    name: 'PriceSample',
    after: [validate],
    timeoutSeconds: 120,
  });
  const publish = lambda(publishOrdersStage, { after: [priceParts, priceSample] });
  return defineWorkflow({
    name,
    type: 'STANDARD',
    timeoutSeconds: 60 * 60,
    defaultTaskTimeoutSeconds: 600,
    steps: [landed, validate, priceParts, priceSample, publish],
  });
}

/** The three stages' definitions and handler files, as `CeapWorkflowStack` takes them. */
export const ORDERS_STAGES = {
  stages: Object.fromEntries(
    [validateOrdersStage, priceOrdersStage, publishOrdersStage].map((stage) => [stage.name, stage]),
  ),
  handlerEntries: {
    [validateOrdersStage.name]: FIXTURES.validateOrdersHandler,
    [priceOrdersStage.name]: FIXTURES.priceOrdersHandler,
    [publishOrdersStage.name]: FIXTURES.publishOrdersHandler,
  },
} as const;

/** The DAG deployed by `CeapWorkflowStack`, below `orders/` of the team's bucket. */
export function ordersDagStack(workflow: Workflow = ordersDagWorkflow()): CeapWorkflowStack {
  return new CeapWorkflowStack(newTestApp(), `team-a-ceap-${workflow.name}`, {
    prefix: 'team-a',
    workflow,
    dataBucketName: ORDERS_DAG_BUCKET,
    keyPrefix: ORDERS_DAG_KEY_PREFIX,
    ...ORDERS_STAGES,
  });
}
