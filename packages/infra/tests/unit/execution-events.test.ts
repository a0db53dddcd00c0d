import { WorkflowStackOutput } from '@ceap/core';
import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { DefinitionBody, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { ExecutionEventsQueue } from '../../src/constructs/execution-events-queue';
import { InfraPropsError } from '../../src/errors';
import { nagViolations, newTestApp, resourcesOf, shippedApp } from '../helpers/cdk-test-app';

let stacks: ReturnType<typeof shippedApp>;
beforeAll(() => {
  stacks = shippedApp();
});

const workflowStacks = () =>
  [
    ['realtime', stacks.realtime],
    ['batch', stacks.batch],
    ['guarded-batch', stacks.guardedBatch],
  ] as const;

function eventsQueueId(template: Template, workflow: string): string {
  return template.getResourceId('AWS::SQS::Queue', {
    Properties: Match.objectLike({ QueueName: `dev-ceap-${workflow}-events` }),
  });
}

describe('each workflow stack sends its executions status changes to a queue the runner reads', () => {
  it.each(['realtime', 'batch', 'guarded-batch'])(
    '%s: a rule for its own state machine status changes targets the events queue',
    (name) => {
      // Arrange
      const stack = workflowStacks().find(([n]) => n === name)?.[1] as Stack;
      const template = Template.fromStack(stack);
      const machineId = resourcesOf(template, 'AWS::StepFunctions::StateMachine')[0]?.[0];
      const queueId = eventsQueueId(template, name);
      // Act
      const rules = resourcesOf(template, 'AWS::Events::Rule');
      // Assert
      expect(rules).toHaveLength(1);
      expect(rules[0]?.[1].Properties).toMatchObject({
        State: 'ENABLED',
        EventPattern: {
          source: ['aws.states'],
          'detail-type': ['Step Functions Execution Status Change'],
          detail: { stateMachineArn: [{ Ref: machineId }] },
        },
        Targets: [
          {
            Arn: { 'Fn::GetAtt': [queueId, 'Arn'] },
            DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] } },
            RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 300 },
          },
        ],
      });
    },
  );

  it.each(['realtime', 'batch', 'guarded-batch'])(
    '%s: the events queue is encrypted, TLS-only, short-lived and open to its rule only',
    (name) => {
      // Arrange
      const stack = workflowStacks().find(([n]) => n === name)?.[1] as Stack;
      const template = Template.fromStack(stack);
      const queueId = eventsQueueId(template, name);
      const ruleId = resourcesOf(template, 'AWS::Events::Rule')[0]?.[0];
      // Act
      const queue = template.toJSON().Resources[queueId].Properties;
      // Assert
      expect(queue).toMatchObject({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 300 });
      expect(queue.RedrivePolicy).toBeUndefined();
      const [policy] = resourcesOf(template, 'AWS::SQS::QueuePolicy')
        .map(([, resource]) => resource.Properties)
        .filter((p) => JSON.stringify(p.Queues) === JSON.stringify([{ Ref: queueId }]));
      const document = policy?.PolicyDocument as { Statement: Record<string, unknown>[] };
      const statements = document.Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
      const allowed = statements.filter((statement) => statement.Effect === 'Allow');
      expect(allowed).toHaveLength(1);
      expect([allowed[0]?.Action].flat()).toContain('sqs:SendMessage');
      expect(allowed[0]).toMatchObject({
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } },
      });
    },
  );

  it.each(['realtime', 'batch', 'guarded-batch'])(
    '%s outputs the events queue URL under the key core names',
    (name) => {
      // Arrange
      const stack = workflowStacks().find(([n]) => n === name)?.[1] as Stack;
      const template = Template.fromStack(stack);
      const queueId = eventsQueueId(template, name);
      // Act
      const outputs = template.toJSON().Outputs;
      // Assert
      expect(outputs[WorkflowStackOutput.ExecutionEventsQueueUrl].Value).toEqual({ Ref: queueId });
    },
  );
});

describe('ExecutionEventsQueue on its own', () => {
  function machine(stack: Stack, id: string): StateMachine {
    return new StateMachine(stack, id, {
      definitionBody: DefinitionBody.fromString(
        '{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}',
      ),
    });
  }

  it('follows every state machine it is given, and cdk-nag finds nothing unacknowledged', () => {
    // Arrange
    const stack = new Stack(newTestApp(), 'Events');
    const machines = [machine(stack, 'One'), machine(stack, 'Two')];
    // Act
    new ExecutionEventsQueue(stack, 'ExecutionEvents', { stateMachines: machines });
    const template = Template.fromStack(stack);
    // Assert
    const rule = resourcesOf(template, 'AWS::Events::Rule')[0]?.[1].Properties as {
      EventPattern: { detail: { stateMachineArn: unknown[] } };
    };
    expect(rule.EventPattern.detail.stateMachineArn).toHaveLength(2);
    expect(
      nagViolations(stack).filter((v) => v.paths.some((p) => p.includes('ExecutionEvents'))),
    ).toEqual([]);
  });

  it('refuses an empty list of state machines, naming the prop', () => {
    // Arrange
    const stack = new Stack(newTestApp(), 'Empty');
    // Act / Assert
    expect(() => new ExecutionEventsQueue(stack, 'ExecutionEvents', { stateMachines: [] })).toThrow(
      InfraPropsError,
    );
    expect(() => new ExecutionEventsQueue(stack, 'Again', { stateMachines: [] })).toThrow(
      /ExecutionEventsQueueProps\.stateMachines is empty/,
    );
  });
});
