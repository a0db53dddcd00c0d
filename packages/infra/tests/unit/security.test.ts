import { type Stack, Validations } from 'aws-cdk-lib';
import { acknowledgements, nagViolations, shippedApp } from '../helpers/cdk-test-app';
import {
  asArray,
  flat,
  policiesByRole,
  shippedDataBucketArn,
  statementsOf,
} from '../helpers/iam-statements';
import { ordersDagStack } from '../helpers/orders-dag';

const GLUE_JOB_ARN =
  'arn:{"Ref":"AWS::Partition"}:glue:{"Ref":"AWS::Region"}:{"Ref":"AWS::AccountId"}:job/dev-ceap-workflow-batch-heavy-etl';

let stacks: ReturnType<typeof shippedApp>;
let all: Stack[];
beforeAll(() => {
  stacks = shippedApp();
  all = [stacks.data, stacks.realtime, stacks.batch, stacks.guardedBatch];
});

describe('security: a clean cdk-nag report, every suppression with its reason', () => {
  it.each(['data', 'realtime', 'batch', 'guardedBatch'] as const)(
    'cdk-nag AwsSolutions reports nothing unacknowledged in %s',
    (name) => {
      // Arrange
      const stack = stacks[name];
      // Act
      const violations = nagViolations(stack);
      // Assert
      expect(violations).toEqual([]);
    },
  );

  it('every acknowledgement names a full AwsSolutions finding id and gives a specific reason', () => {
    // Arrange / Act
    const acks = all.flatMap(acknowledgements);
    // Assert
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(ack.reason.length).toBeGreaterThan(60);
    }
  });

  it('every acknowledgement matches a finding cdk-nag really reports (no stale suppressions)', () => {
    // Arrange: the same app with acknowledgements switched off shows the raw findings.
    const acknowledge = jest
      .spyOn(Validations.prototype, 'acknowledge')
      .mockImplementation(() => undefined);
    const raw = shippedApp();
    acknowledge.mockRestore();
    const rawFindings = new Set(
      [raw.data, raw.realtime, raw.batch, raw.guardedBatch].flatMap((stack) =>
        nagViolations(stack).map((violation) => violation.ruleName),
      ),
    );
    // Act
    const acked = new Set(all.flatMap(acknowledgements).map((ack) => ack.id));
    // Assert
    expect([...acked].filter((id) => !rawFindings.has(id))).toEqual([]);
    expect([...rawFindings].filter((id) => !acked.has(id))).toEqual([]);
  });
});

describe('security: each acknowledgement of a wildcard prefix says what the prefix holds', () => {
  /** The IAM5 acknowledgements of object wildcards, as [prefix, reason]. */
  const prefixAcks = (stacks: Stack[]) =>
    stacks.flatMap(acknowledgements).flatMap((ack) => {
      const prefix = /^AwsSolutions-IAM5\[Resource::.*:s3:::.*?\/(.+\/)\*\]$/.exec(ack.id)?.[1];
      return prefix === undefined ? [] : [[prefix, ack.reason] as const];
    });

  it.each([
    ['the shipped app', () => all, ['datasets/', 'executions/', 'incoming/']],
    [
      'a custom workflow stack',
      () => [ordersDagStack()],
      ['orders/executions/', 'orders/ledgers/', 'orders/order-exports/', 'orders/price-lists/'],
    ],
  ])('%s: only executions/ is said to be keyed per execution', (_name, stacks, prefixes) => {
    // Arrange / Act
    const acks = prefixAcks(stacks());
    const perExecution = acks.filter(([, reason]) => /keyed per execution/.test(reason));
    // Assert
    expect([...new Set(acks.map(([prefix]) => prefix))].sort()).toEqual(prefixes);
    expect([...new Set(perExecution.map(([prefix]) => prefix))]).toEqual(
      prefixes.filter((prefix) => prefix.endsWith('executions/')),
    );
  });

  it("incoming/ is acknowledged as ETL's read-only input, the producer's drop zone", () => {
    // Arrange / Act
    const incoming = prefixAcks(all).filter(([prefix]) => prefix === 'incoming/');
    // Assert: one ETL role in each of the three workflows.
    expect(incoming).toHaveLength(3);
    for (const [, reason] of incoming) {
      expect(reason).toMatch(/^Read-only input: .* incoming\/dt=\{logicalDate\}\/.* s3:GetObject/);
    }
  });
});

describe('security: least privilege', () => {
  it('no role anywhere has s3:*, or Resource "*" on an S3, Lambda or Glue action', () => {
    // Arrange
    const offending: string[] = [];
    // Act
    for (const stack of all) {
      for (const [role, statements] of policiesByRole(stack)) {
        for (const statement of statements.filter((s) => s.Effect === 'Allow')) {
          const actions = asArray(statement.Action);
          const resources = asArray(statement.Resource).map(flat);
          if (actions.some((action) => action === '*' || /^(s3|lambda|glue):\*$/.test(action)))
            offending.push(`${role}: ${actions}`);
          if (
            resources.includes('*') &&
            actions.some((action) => /^(s3|lambda|glue):/.test(action))
          ) {
            offending.push(`${role}: ${actions} on *`);
          }
        }
      }
    }
    // Assert
    expect(offending).toEqual([]);
  });

  it.each([
    ['realtime', [], []],
    ['batch', [GLUE_JOB_ARN], [['ListMapParts', 'executions/*']]],
    ['guardedBatch', [], [['PokeSensorPrefixes', 'incoming/dt=*/_SUCCESS']]],
  ] as const)(
    '%s: the state machine invokes only its own functions, runs only its own jobs, lists only what its sensors and maps read',
    (name, jobs, listings) => {
      // Arrange
      const stack = stacks[name];
      const ownFunctions = Object.values(stack.stageFunctions).map((fn) =>
        stack.getLogicalId(fn.function.node.defaultChild as never),
      );
      // Act
      const statements = statementsOf(stack.stateMachine.role);
      const withPrefix = (prefix: string) =>
        statements.filter((s) => asArray(s.Action).some((a) => a.startsWith(prefix)));
      const invoke = withPrefix('lambda:');
      // Assert
      expect(invoke).toHaveLength(1);
      expect(asArray(invoke[0]?.Action)).toEqual(['lambda:InvokeFunction']);
      expect(
        asArray(invoke[0]?.Resource)
          .map((r) => (r as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0])
          .sort(),
      ).toEqual(ownFunctions.sort());
      expect(withPrefix('glue:').flatMap((s) => asArray(s.Resource).map(flat))).toEqual(jobs);
      expect(
        withPrefix('s3:').map((s) => [
          s.Sid,
          asArray(s.Action),
          asArray(s.Resource).map(flat),
          s.Condition,
        ]),
      ).toEqual(
        listings.map(([sid, prefix]) => [
          sid,
          ['s3:ListBucket'],
          [shippedDataBucketArn()],
          { StringLike: { 's3:prefix': [prefix] } },
        ]),
      );
      // Maps are inline: nothing starts executions, and no other service is called.
      expect(withPrefix('states:')).toEqual([]);
    },
  );
});
