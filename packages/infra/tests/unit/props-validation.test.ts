import { heavyEtlJobSpec } from '@ceap/glue-jobs';
import { Stack } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { HeavyEtlGlueJob } from '../../src/constructs/heavy-etl-glue-job';
import { NightlySchedule } from '../../src/constructs/nightly-schedule';
import { StageFunction } from '../../src/constructs/stage-function';
import { InfraPropsError } from '../../src/errors';
import { FIXTURES, newTestApp, shippedApp } from '../helpers/cdk-test-app';

function scratchStack(): Stack {
  return new Stack(newTestApp(), 'Scratch');
}

describe('bad props are refused at synth, naming the prop', () => {
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
    expect([stacks.data, stacks.realtime, stacks.batch].map((s) => s.stackName)).toEqual([
      'team-b2-ceap-data',
      'team-b2-ceap-realtime',
      'team-b2-ceap-batch',
    ]);
  });

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

  it.each([0, 1, 1.5])('refuses G.1X with %d workers', (numberOfWorkers) => {
    // Arrange
    const spec = { ...heavyEtlJobSpec({ prefix: 'dev' }), numberOfWorkers };
    // Act
    const act = () => {
      const stack = scratchStack();
      return new HeavyEtlGlueJob(stack, 'Job', { spec, dataBucket: new Bucket(stack, 'Data') });
    };
    // Assert
    expect(act).toThrow(InfraPropsError);
    expect(act).toThrow(
      /HeavyEtlGlueJobProps\.spec\.numberOfWorkers must be a whole number of at least 2 for G\.1X/,
    );
  });

  it.each([
    ['glueVersion', { glueVersion: '3.0' }, /spec\.glueVersion must be "4\.0" or later/],
    ['jobType', { jobType: 'pythonshell' }, /spec\.jobType must be "glueetl"/],
  ])('refuses a Glue spec with a bad %s', (_field, override, message) => {
    // Arrange
    const stack = scratchStack();
    const spec = { ...heavyEtlJobSpec({ prefix: 'dev' }), ...override } as ReturnType<
      typeof heavyEtlJobSpec
    >;
    // Act
    const act = () =>
      new HeavyEtlGlueJob(stack, 'Job', { spec, dataBucket: new Bucket(stack, 'Data') });
    // Assert
    expect(act).toThrow(message);
  });

  it.each([
    ['stage', { stage: '../etc' }, /StageFunctionProps\.stage: stage name/],
    ['keyPrefix', { keyPrefix: 'no-slash' }, /StageFunctionProps\.keyPrefix: keyPrefix "no-slash"/],
    [
      'readOnlyPrefixes',
      { readOnlyPrefixes: ['../'] },
      /StageFunctionProps\.readOnlyPrefixes\[0\] "\.\.\/"/,
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
      /NightlyScheduleProps\.timeZone "Nowhere\/City"/,
    ],
    ['retainData', { retainData: 'maybe' }, /context retainData must be true or false/],
  ])('refuses bad context %s', (_key, context, message) => {
    // Arrange / Act
    const act = () => shippedApp(context);
    // Assert
    expect(act).toThrow(message);
  });
});
