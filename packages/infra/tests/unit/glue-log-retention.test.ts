import { chain, defineWorkflow, glue, lambda } from '@ceap/core/workflow';
import { heavyEtlJobSpec } from '@ceap/glue-jobs';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { CeapWorkflowStack } from '../../src/app/workflow-stack';
import { HeavyEtlGlueJob } from '../../src/constructs/heavy-etl-glue-job';
import { InfraPropsError } from '../../src/errors';
import { nagViolations, newTestApp, resourcesOf, shippedApp } from '../helpers/cdk-test-app';
import { publishOrdersStage, validateOrdersStage } from '../helpers/fixtures/custom-stages';
import { ORDERS_STAGES } from '../helpers/orders-dag';

const JOB = 'dev-ceap-workflow-batch-heavy-etl';
const SECURITY = `${JOB}-security`;

/** A team's workflow with a Glue step of its own, deployed by CeapWorkflowStack. */
function teamGlueStack(glueVersion: '4.0' | '5.0'): CeapWorkflowStack {
  const workflow = defineWorkflow({
    name: 'orders-glue',
    type: 'STANDARD',
    steps: chain(lambda(validateOrdersStage), glue('Spark'), lambda(publishOrdersStage)),
  });
  return new CeapWorkflowStack(newTestApp(), 'team-a-ceap-orders-glue', {
    prefix: 'team-a',
    workflow,
    dataBucketName: 'team-a-data',
    ...ORDERS_STAGES,
    glueJobs: { Spark: { spec: heavyEtlJobSpec({ prefix: 'team-a', glueVersion }) } },
  });
}

/** Each log group of a stack, by its flattened name, with its retention and key. */
function logGroupsOf(
  stack: Stack,
): Record<string, { RetentionInDays?: number; KmsKeyId?: unknown }> {
  const groups: Record<string, { RetentionInDays?: number; KmsKeyId?: unknown }> = {};
  for (const [, group] of resourcesOf(Template.fromStack(stack), 'AWS::Logs::LogGroup')) {
    const name = stack.resolve(group.Properties.LogGroupName);
    groups[typeof name === 'string' ? name : JSON.stringify(name)] = group.Properties;
  }
  return groups;
}

/** The resolved name of a role, as the template refers to it. */
const roleNameRef = (stack: Stack, job: HeavyEtlGlueJob) =>
  JSON.stringify({ Ref: stack.getLogicalId(job.role.node.defaultChild as never) });

describe("the Glue job's run-time log groups expire", () => {
  let shipped: ReturnType<typeof shippedApp>;
  beforeAll(() => {
    shipped = shippedApp();
  });

  it('batch (Glue 4.0): the driver output and error groups and the continuous group exist first, with the default retention and the job key', () => {
    // Arrange
    const stack = shipped.batch;
    const job = stack.glueJob as HeavyEtlGlueJob;
    const keyArn = stack.resolve(job.encryptionKey.keyArn);
    // Act
    const groups = logGroupsOf(stack);
    const args =
      Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(job.job)].Properties
        .DefaultArguments;
    // Assert: Glue names the continuous group {--continuous-log-logGroup}-{security config}.
    expect(args['--continuous-log-logGroup']).toBe(`/aws-glue/jobs/${JOB}`);
    expect(args['--enable-continuous-cloudwatch-log']).toBe('true');
    const role = roleNameRef(stack, job);
    const expected = [
      `/aws-glue/jobs/${JOB}-${SECURITY}`,
      `{"Fn::Join":["",["/aws-glue/jobs/${SECURITY}-role/",${role},"/output"]]}`,
      `{"Fn::Join":["",["/aws-glue/jobs/${SECURITY}-role/",${role},"/error"]]}`,
    ];
    for (const name of expected) {
      expect(groups[name]).toMatchObject({ RetentionInDays: 30, KmsKeyId: keyArn });
    }
    expect(job.logGroups).toHaveLength(3);
  });

  it('no log group in the shipped app is left without a retention', () => {
    // Arrange
    const stacks = [shipped.data, shipped.realtime, shipped.batch, shipped.guardedBatch];
    // Act
    const forever = stacks.flatMap((stack) =>
      Object.entries(logGroupsOf(stack))
        .filter(([, group]) => group.RetentionInDays === undefined)
        .map(([name]) => name),
    );
    // Assert
    expect(forever).toEqual([]);
  });

  it('a custom workflow stack on Glue 5.0 names its output and error groups by prefix, each with a retention', () => {
    // Arrange
    const stack = teamGlueStack('5.0');
    const job = stack.glueJobs.Spark as HeavyEtlGlueJob;
    // Act
    const groups = logGroupsOf(stack);
    const args =
      Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(job.job)].Properties
        .DefaultArguments;
    // Assert
    const folder = '/aws-glue/jobs/team-a-ceap-workflow-batch-heavy-etl';
    expect(args['--custom-logGroup-prefix']).toBe(folder);
    expect(Object.keys(groups)).toEqual(
      expect.arrayContaining([`${folder}/output`, `${folder}/error`]),
    );
    expect(groups[`${folder}/output`]?.RetentionInDays).toBe(30);
    expect(groups[`${folder}/error`]?.RetentionInDays).toBe(30);
    expect(nagViolations(stack)).toEqual([]);
  });

  it('a custom workflow stack on Glue 4.0 gets the three groups, and cdk-nag has nothing new', () => {
    // Arrange / Act
    const stack = teamGlueStack('4.0');
    // Assert
    expect((stack.glueJobs.Spark as HeavyEtlGlueJob).logGroups).toHaveLength(3);
    expect(nagViolations(stack)).toEqual([]);
  });
});

describe('HeavyEtlGlueJob takes a retention and refuses a log group its role could not write', () => {
  it('applies logRetention to every log group of the job', () => {
    // Arrange
    const stack = new Stack(newTestApp(), 'Scratch');
    // Act
    const job = new HeavyEtlGlueJob(stack, 'Job', {
      spec: heavyEtlJobSpec({ prefix: 'dev' }),
      dataBucket: new Bucket(stack, 'Data'),
      logRetention: RetentionDays.ONE_WEEK,
    });
    // Assert
    expect(job.logGroups).toHaveLength(3);
    for (const group of Object.values(logGroupsOf(stack))) expect(group.RetentionInDays).toBe(7);
  });

  it('refuses a --continuous-log-logGroup outside /aws-glue/, naming the argument', () => {
    // Arrange
    const spec = heavyEtlJobSpec({
      prefix: 'dev',
      defaultArguments: { '--continuous-log-logGroup': '/team/logs' },
    });
    // Act
    const act = () => {
      const stack = new Stack(newTestApp(), 'Scratch');
      return new HeavyEtlGlueJob(stack, 'Job', { spec, dataBucket: new Bucket(stack, 'Data') });
    };
    // Assert
    expect(act).toThrow(InfraPropsError);
    expect(act).toThrow(
      'HeavyEtlGlueJobProps.spec.defaultArguments["--continuous-log-logGroup"] "/team/logs" must start with "/aws-glue/": the job\'s role may write logs only there',
    );
  });
});
