import { type GlueJobSpec, GlueJobSpecError, heavyEtlJobSpec } from '@ceap/glue-jobs';
import { HANDLER_ENTRIES, realtimeWorkflow, STAGES, StageName } from '@ceap/stages';
import { Stack } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { CeapWorkflowStack } from '../../src/app/workflow-stack';
import { HeavyEtlGlueJob } from '../../src/constructs/heavy-etl-glue-job';
import { NightlySchedule } from '../../src/constructs/nightly-schedule';
import { StageFunction } from '../../src/constructs/stage-function';
import { InfraPropsError } from '../../src/errors';
import { FIXTURES, newTestApp, shippedApp } from '../helpers/cdk-test-app';

function scratchStack(): Stack {
  return new Stack(newTestApp(), 'Scratch');
}

describe('the app refuses a bad prefix and accepts a second one', () => {
  it.each(['', 'Dev', 'dev_1', 'a/b', '-dev', 'dev-', 'x'.repeat(21), '1dev'])(
    'refuses --context prefix=%j',
    (prefix) => {
      // Arrange / Act
      const act = () => shippedApp({ prefix });
      // Assert
      expect(act).toThrow(InfraPropsError);
      expect(act).toThrow(/context prefix .* must be 1-20 characters of a-z 0-9 -/);
    },
  );

  it('accepts a second prefix, so two copies coexist in one account', () => {
    // Arrange / Act
    const stacks = shippedApp({ prefix: 'team-b2' });
    // Assert
    expect(
      [stacks.data, stacks.realtime, stacks.batch, stacks.guardedBatch].map((s) => s.stackName),
    ).toEqual([
      'team-b2-ceap-data',
      'team-b2-ceap-realtime',
      'team-b2-ceap-batch',
      'team-b2-ceap-guarded-batch',
    ]);
  });
});

describe('NightlySchedule refuses a bad cron or time zone, naming the prop', () => {
  it.each([
    ['not cron at all', 'every night'],
    ['a rate', 'rate(1 day)'],
    ['five fields', 'cron(0 2 * * ?)'],
    ['both day fields set', 'cron(0 2 * * MON *)'],
    ['an hour of 25', 'cron(0 25 * * ? *)'],
    ['a stray character', 'cron(0 2 * * ? *;)'],
  ])('refuses a schedule that is %s', (_why, expression) => {
    // Arrange
    const build = (stack: Stack) => ({
      stateMachine: StateMachine.fromStateMachineName(stack, 'Batch', 'batch'),
      expression,
    });
    // Act
    const act = () => {
      const stack = scratchStack();
      return new NightlySchedule(stack, 'Nightly', build(stack));
    };
    // Assert
    expect(act).toThrow(InfraPropsError);
    expect(act).toThrow(/NightlyScheduleProps\.expression .* is not a valid Scheduler cron/);
  });

  it('refuses a time zone that is not an IANA name', () => {
    // Arrange
    const stack = scratchStack();
    const stateMachine = StateMachine.fromStateMachineName(stack, 'Batch', 'batch');
    // Act
    const act = () =>
      new NightlySchedule(stack, 'Nightly', { stateMachine, timeZone: 'Mars/Olympus' });
    // Assert
    expect(act).toThrow(/NightlyScheduleProps\.timeZone "Mars\/Olympus" must be an IANA time zone/);
  });
});

describe('HeavyEtlGlueJob refuses a bad Glue spec by the rules of glue-jobs, naming the prop and field', () => {
  it.each([
    ['G.1X with 0 workers', { numberOfWorkers: 0 }, 'numberOfWorkers'],
    ['G.1X with 1 worker', { numberOfWorkers: 1 }, 'numberOfWorkers'],
    ['G.1X with 1.5 workers', { numberOfWorkers: 1.5 }, 'numberOfWorkers'],
    ['G.025X for a glueetl job', { workerType: 'G.025X' }, 'workerType'],
    ['Glue 3.0', { glueVersion: '3.0' }, 'glueVersion'],
    ['a timeout of 0 minutes', { timeoutMinutes: 0 }, 'timeoutMinutes'],
    ['a name with a space', { name: 'heavy etl' }, 'name'],
  ])(
    'refuses a Glue spec with %s, by glue-jobs rules, naming the field',
    (_why, override, field) => {
      // Arrange
      const stack = scratchStack();
      const spec = { ...heavyEtlJobSpec({ prefix: 'dev' }), ...override } as GlueJobSpec;
      // Act
      let thrown: unknown;
      try {
        new HeavyEtlGlueJob(stack, 'Job', { spec, dataBucket: new Bucket(stack, 'Data') });
      } catch (error) {
        thrown = error;
      }
      // Assert
      expect(thrown).toBeInstanceOf(InfraPropsError);
      expect((thrown as Error).message).toMatch(/^HeavyEtlGlueJobProps\.spec\b/);
      expect((thrown as Error).message).toContain(field);
      expect((thrown as Error).cause).toBeInstanceOf(GlueJobSpecError);
    },
  );

  it('refuses a job type other than glueetl, which this Spark construct cannot deploy', () => {
    // Arrange
    const stack = scratchStack();
    const spec = { ...heavyEtlJobSpec({ prefix: 'dev' }), jobType: 'pythonshell' } as GlueJobSpec;
    // Act
    const act = () =>
      new HeavyEtlGlueJob(stack, 'Job', { spec, dataBucket: new Bucket(stack, 'Data') });
    // Assert
    expect(act).toThrow(/HeavyEtlGlueJobProps\.spec\.jobType must be "glueetl"/);
  });
});

describe('StageFunction refuses bad props, naming the prop', () => {
  it.each([
    ['stage', { stage: '../etc' }, /StageFunctionProps\.stage: stage name/],
    ['keyPrefix', { keyPrefix: 'no-slash' }, /StageFunctionProps\.keyPrefix: keyPrefix "no-slash"/],
    [
      'access.readPrefixes',
      { access: { readPrefixes: ['../'] } },
      /StageFunctionProps\.access\.readPrefixes\[0\] "\.\.\/"/,
    ],
    [
      'access.readWritePrefixes',
      { access: { readWritePrefixes: ['datasets'] } },
      /StageFunctionProps\.access\.readWritePrefixes\[0\] "datasets"/,
    ],
    ['entry', { entry: '' }, /StageFunctionProps\.entry must be a non-empty string/],
  ])('refuses a StageFunction with a bad %s', (_field, override, message) => {
    // Arrange
    const stack = scratchStack();
    const props = {
      stage: 'PriceOrdersStage',
      entry: FIXTURES.priceOrdersHandler,
      dataBucket: new Bucket(stack, 'Data'),
      ...override,
    };
    // Act
    const act = () => new StageFunction(stack, 'Stage', props);
    // Assert
    expect(act).toThrow(message);
  });

  it('refuses an event bus for a stage that does not declare putEvents', () => {
    // Arrange
    const stack = scratchStack();
    const eventBus = EventBus.fromEventBusName(stack, 'Bus', 'default');
    // Act
    const act = () =>
      new StageFunction(stack, 'Stage', {
        stage: 'PriceOrdersStage',
        entry: FIXTURES.priceOrdersHandler,
        dataBucket: new Bucket(stack, 'Data'),
        eventBus,
      });
    // Assert
    expect(act).toThrow(/StageFunctionProps\.eventBus is set, but access\.putEvents is not/);
  });
});

describe('CeapWorkflowStack refuses a stage it cannot derive a role for', () => {
  it.each([
    ['missing', {}, /stages\.ETLStage is missing: workflow "realtime" runs it on Lambda/],
    [
      'keyed under another name',
      { ...STAGES, [StageName.ETL]: STAGES[StageName.Filter] },
      /stages\.ETLStage is the stage "FilterStage"/,
    ],
  ])('refuses a workflow stack whose stage definition is %s', (_why, stages, message) => {
    // Arrange
    const props = { prefix: 'dev', workflow: realtimeWorkflow, dataBucketName: 'dev-ceap-data' };
    // Act
    const act = () =>
      new CeapWorkflowStack(newTestApp(), 'Realtime', {
        ...props,
        stages: stages as typeof STAGES,
        handlerEntries: HANDLER_ENTRIES,
      });
    // Assert
    expect(act).toThrow(InfraPropsError);
    expect(act).toThrow(message);
  });
});

describe('the app refuses bad context, naming the key', () => {
  it.each([
    [
      'testRunId',
      { testRunId: 'has spaces' },
      /context testRunId "has spaces" must be 1-128 characters/,
    ],
    [
      'alarmTopicArn',
      { alarmTopicArn: 'my-topic' },
      /context alarmTopicArn "my-topic" must be an SNS topic ARN/,
    ],
    [
      'scheduleTimeZone',
      { scheduleTimeZone: 'Nowhere/City' },
      /CeapWorkflowProps\.schedule\.timeZone "Nowhere\/City"/,
    ],
    ['retainData', { retainData: 'maybe' }, /context retainData must be true or false/],
  ])('refuses bad context %s', (_key, context, message) => {
    // Arrange / Act
    const act = () => shippedApp(context);
    // Assert
    expect(act).toThrow(message);
  });
});
