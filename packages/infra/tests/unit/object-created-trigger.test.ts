import { defineWorkflow } from '@ceap/core/workflow';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DataBucket } from '../../src/index';
import { nagViolations, newTestApp } from '../helpers/cdk-test-app';
import { ordersStack, ordersWorkflow } from '../helpers/user-workflow';

/** The user's orders workflow, started when an object lands under `landing/orders/`. */
const landedOrders = defineWorkflow({
  ...ordersWorkflow,
  name: 'orders',
  schedule: undefined,
  trigger: { objectCreated: { prefix: 'landing/orders/' } },
});

describe('CeapWorkflow deploys a workflow’s objectCreated trigger as an EventBridge rule', () => {
  const { stack, ceap } = ordersStack({ workflow: landedOrders });
  const template = Template.fromStack(stack);

  it('matches S3 Object Created in the data bucket under the key prefix and the trigger’s prefix', () => {
    // Arrange
    const machine = stack.getLogicalId(ceap.stateMachine.stateMachine.node.defaultChild as never);
    const deadLetters = stack.getLogicalId(
      ceap.trigger?.deadLetterQueue.node.defaultChild as never,
    );

    // Act, Assert
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: 'dev-ceap-orders-object-created',
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created'],
        detail: {
          bucket: { name: ['team-b-data'] },
          object: { key: [{ prefix: 'team-b/landing/orders/' }] },
        },
      },
      Targets: [
        {
          Arn: { Ref: machine },
          InputTransformer: {
            InputPathsMap: {
              'detail-object-key': '$.detail.object.key',
              'detail-bucket-name': '$.detail.bucket.name',
            },
            InputTemplate: '{"objectKey":<detail-object-key>,"bucket":<detail-bucket-name>}',
          },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [deadLetters, 'Arn'] } },
          RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 3 },
        },
      ],
    });
  });

  it('adds no trigger to a workflow without one, and leaves cdk-nag nothing unacknowledged', () => {
    // Arrange
    const plain = ordersStack();

    // Act
    const rules = Template.fromStack(plain.stack).findResources('AWS::Events::Rule');
    const violations = nagViolations(stack).filter((v) => v.severity === 'error');

    // Assert
    expect(Object.keys(rules)).toHaveLength(0);
    expect(plain.ceap.trigger).toBeUndefined();
    expect(violations).toEqual([]);
  });
});

describe('DataBucket sends its events to EventBridge when a trigger needs them', () => {
  it.each([
    [true, 1],
    [false, 0],
  ])('eventBridge: %s gives %i EventBridge notification configurations', (eventBridge, count) => {
    // Arrange
    const stack = new Stack(newTestApp(), 'Data');
    new DataBucket(stack, 'Data', { eventBridge });

    // Act
    const template = Template.fromStack(stack);
    const notifications = template.findResources('Custom::S3BucketNotifications', {
      Properties: { NotificationConfiguration: { EventBridgeConfiguration: {} } },
    });
    const errors = nagViolations(stack).filter((v) => v.severity === 'error');

    // Assert
    expect(Object.keys(notifications)).toHaveLength(count);
    expect(errors).toEqual([]);
  });
});
