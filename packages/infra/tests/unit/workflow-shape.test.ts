import { STAGE_FUNCTION_ARCHITECTURE, STAGE_FUNCTION_MEMORY_MB } from '@ceap/core';
import { HEAVY_ETL_STEP_TIMEOUT_SECONDS } from '@ceap/glue-jobs';
import { batchWorkflow, realtimeWorkflow } from '@ceap/stages';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { resourcesOf, shippedApp } from '../helpers/cdk-test-app';

let realtime: Template;
let batch: Template;
let guardedBatch: Template;
let data: Template;
beforeAll(() => {
  const stacks = shippedApp({ testRunId: 'run-42', scheduleTimeZone: 'Europe/London' });
  realtime = Template.fromStack(stacks.realtime);
  batch = Template.fromStack(stacks.batch);
  guardedBatch = Template.fromStack(stacks.guardedBatch);
  data = Template.fromStack(stacks.data);
});

describe('each shipped workflow is queued, piped and started as the design asks', () => {
  it.each([
    ['realtime', () => realtime, 'EXPRESS', 'REQUEST_RESPONSE'],
    ['batch', () => batch, 'STANDARD', 'FIRE_AND_FORGET'],
    ['guarded-batch', () => guardedBatch, 'STANDARD', 'FIRE_AND_FORGET'],
  ])('%s is %s, started by a pipe with %s', (_name, template, type, invocationType) => {
    // Arrange
    const t = template();
    // Act
    const pipes = resourcesOf(t, 'AWS::Pipes::Pipe');
    // Assert
    t.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: type,
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ERROR', IncludeExecutionData: false }),
    });
    expect(pipes).toHaveLength(1);
    expect(pipes[0]?.[1].Properties).toMatchObject({
      SourceParameters: { SqsQueueParameters: { BatchSize: 1 } },
      TargetParameters: {
        InputTemplate: '<$.body>',
        StepFunctionStateMachineParameters: { InvocationType: invocationType },
      },
    });
  });

  it.each([
    ['realtime', () => realtime],
    ['batch', () => batch],
    ['guarded-batch', () => guardedBatch],
  ])('%s: the queue sends to its own encrypted DLQ after 3 receives', (_name, template) => {
    // Arrange
    const t = template();
    const queueId = t.getResourceId('AWS::SQS::Queue', {
      Properties: Match.objectLike({ RedrivePolicy: Match.anyValue() }),
    });
    // Act
    const queue = t.toJSON().Resources[queueId].Properties;
    // Assert
    expect(queue.RedrivePolicy.maxReceiveCount).toBe(3);
    const dlqId = queue.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0];
    expect(t.toJSON().Resources[dlqId].Properties.SqsManagedSseEnabled).toBe(true);
    expect(queue.SqsManagedSseEnabled).toBe(true);
  });

  it('realtime: the queue hides a message for the whole synchronous run', () => {
    // Arrange
    const expected = realtimeWorkflow.timeoutSeconds + 60;
    // Act / Assert
    realtime.hasResourceProperties('AWS::SQS::Queue', {
      VisibilityTimeout: expected,
      RedrivePolicy: Match.anyValue(),
    });
  });
});

describe('only the batch workflow has a Glue job and a nightly schedule', () => {
  it('batch: the Glue job is G.1X x 2, 90 minutes, MaxRetries 0, on Glue 4.0+, with an encrypting security configuration', () => {
    // Arrange / Act
    const jobs = resourcesOf(batch, 'AWS::Glue::Job');
    // Assert
    expect(jobs).toHaveLength(1);
    const job = jobs[0]?.[1].Properties as Record<string, unknown>;
    expect(job).toMatchObject({
      WorkerType: 'G.1X',
      NumberOfWorkers: 2,
      Timeout: 90,
      MaxRetries: 0,
      Name: 'dev-ceap-workflow-batch-heavy-etl',
    });
    expect(Number(job.GlueVersion)).toBeGreaterThanOrEqual(4);
    expect(job.DefaultArguments).toMatchObject({
      '--extra-py-files': { 'Fn::Sub': expect.stringMatching(/\.zip$/) },
      '--extra-files': { 'Fn::Sub': expect.stringMatching(/\.csv$/) },
      '--extraFileNames': expect.stringMatching(/^[0-9a-f]{64}\.csv$/),
    });
    // The step outlasts the job by the margin glue-jobs chose, so a slow run ends as a failed
    // job run (retried) rather than a step timeout (not retried).
    const heavyEtl = batchWorkflow.steps.find((step) => step.kind === 'glue');
    expect(heavyEtl?.timeoutSeconds).toBe(HEAVY_ETL_STEP_TIMEOUT_SECONDS);
    batch.hasResourceProperties('AWS::Glue::SecurityConfiguration', {
      EncryptionConfiguration: Match.objectLike({
        CloudWatchEncryption: Match.objectLike({ CloudWatchEncryptionMode: 'SSE-KMS' }),
        JobBookmarksEncryption: Match.objectLike({ JobBookmarksEncryptionMode: 'CSE-KMS' }),
      }),
    });
  });

  it('batch: the nightly schedule reads its cron in the named time zone, with no flexible window, a DLQ and a retry policy', () => {
    // Arrange
    const expression = batchWorkflow.schedule?.expression;
    // Act
    const schedules = resourcesOf(batch, 'AWS::Scheduler::Schedule');
    // Assert
    expect(schedules).toHaveLength(1);
    expect(schedules[0]?.[1].Properties).toMatchObject({
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: 'Europe/London',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Input: JSON.stringify({
          scheduledTime: '<aws.scheduler.scheduled-time>',
          scheduleTimeZone: 'Europe/London',
        }),
        RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 3 },
        DeadLetterConfig: {
          Arn: { 'Fn::GetAtt': [expect.stringMatching(/^NightlyScheduleDeadLetterQueue/), 'Arn'] },
        },
      },
    });
  });

  it.each([
    ['realtime', () => realtime],
    ['guarded-batch', () => guardedBatch],
  ])('%s has no Glue job and no schedule', (_name, template) => {
    // Arrange
    const t = template();
    // Act / Assert
    t.resourceCountIs('AWS::Glue::Job', 0);
    t.resourceCountIs('AWS::Scheduler::Schedule', 0);
  });
});

describe('each shipped workflow has its functions, alarms and outputs', () => {
  it.each([
    ['realtime', () => realtime, 5, 4],
    // Score runs in a Map over the Glue job's parts: one function, not one per iteration.
    ['batch', () => batch, 5, 5],
    // ETL, Filter, Score, QualityStage, Store, Reactive; the sensor and the branch need none.
    ['guarded-batch', () => guardedBatch, 6, 4],
  ])(
    '%s: %d Lambda stages (Node 22, ARM64, traced) and %d alarms',
    (_name, template, functions, alarms) => {
      // Arrange / Act
      const t = template();
      // Assert
      t.resourcePropertiesCountIs(
        'AWS::Lambda::Function',
        {
          Runtime: 'nodejs22.x',
          // The runner's cost estimate reads the same sizing from core.
          Architectures: [STAGE_FUNCTION_ARCHITECTURE],
          MemorySize: STAGE_FUNCTION_MEMORY_MB,
          TracingConfig: { Mode: 'Active' },
        },
        functions,
      );
      t.resourceCountIs('AWS::CloudWatch::Alarm', alarms);
      for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']) {
        t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: metric, Threshold: 1 });
      }
      t.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 0,
      });
    },
  );

  it.each([
    ['realtime', () => realtime],
    ['batch', () => batch],
    ['guarded-batch', () => guardedBatch],
  ])('%s outputs StateMachineArn and QueueUrl by those exact keys', (_name, template) => {
    // Arrange / Act
    const outputs = template().toJSON().Outputs;
    // Assert
    expect(outputs.StateMachineArn.Value).toEqual({
      Ref: expect.stringMatching(/^WorkflowStateMachine/),
    });
    expect(outputs.QueueUrl.Value).toEqual({ Ref: expect.stringMatching(/^Queue/) });
  });
});

describe('the data stack and the tags', () => {
  it('the data bucket blocks public access, enforces TLS, is encrypted and expires executions/', () => {
    // Arrange / Act / Assert
    data.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: Match.anyValue(),
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [
          { ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
        ],
      },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([
          Match.objectLike({ Prefix: 'executions/', ExpirationInDays: 30, Status: 'Enabled' }),
        ]),
      },
    });
    data.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it.each([
    ['data', () => data, 'shared'],
    ['realtime', () => realtime, 'realtime'],
    ['batch', () => batch, 'batch'],
    ['guarded-batch', () => guardedBatch, 'guarded-batch'],
  ])(
    '%s resources carry the cost-allocation tags and the testRunId',
    (_name, template, workflow) => {
      // Arrange
      const expected = [
        { Key: 'prefix', Value: 'dev' },
        { Key: 'project', Value: 'ceap' },
        { Key: 'testRunId', Value: 'run-42' },
        { Key: 'workflow', Value: workflow },
      ];
      // Act
      const buckets = resourcesOf(template(), 'AWS::SQS::Queue').concat(
        resourcesOf(template(), 'AWS::S3::Bucket'),
      );
      // Assert
      expect(buckets.length).toBeGreaterThan(0);
      for (const [, resource] of buckets)
        expect(resource.Properties.Tags).toEqual(expect.arrayContaining(expected));
    },
  );
});
