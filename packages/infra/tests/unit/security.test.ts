import { type CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { acknowledgements, nagViolations, resourcesOf, shippedApp } from '../helpers/cdk-test-app';

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** The statements of every inline policy attached to a role, by the role's logical id. */
function policiesByRole(stack: Stack): Map<string, Statement[]> {
  const byRole = new Map<string, Statement[]>();
  for (const [, policy] of resourcesOf(Template.fromStack(stack), 'AWS::IAM::Policy')) {
    for (const role of policy.Properties.Roles as { Ref: string }[]) {
      const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
      byRole.set(role.Ref, [...(byRole.get(role.Ref) ?? []), ...statements]);
    }
  }
  return byRole;
}

/** The statements granted to one role construct. */
function statementsOf(role: IRole): Statement[] {
  const stack = Stack.of(role);
  return policiesByRole(stack).get(stack.getLogicalId(role.node.defaultChild as CfnElement)) ?? [];
}

/** Flattens an ARN built with Fn::Join into `arn:${Partition}:s3:::bucket/executions/*`. */
function flat(resource: unknown): string {
  if (typeof resource === 'string') return resource;
  const join = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(flat).join(join[0]);
  return JSON.stringify(resource);
}

describe('security: least privilege and a clean cdk-nag report', () => {
  let stacks: ReturnType<typeof shippedApp>;
  let all: Stack[];
  beforeAll(() => {
    stacks = shippedApp();
    all = [stacks.data, stacks.realtime, stacks.batch];
  });

  it.each(['data', 'realtime', 'batch'] as const)(
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
      [raw.data, raw.realtime, raw.batch].flatMap((stack) =>
        nagViolations(stack).map((violation) => violation.ruleName),
      ),
    );
    // Act
    const acked = new Set(all.flatMap(acknowledgements).map((ack) => ack.id));
    // Assert
    expect([...acked].filter((id) => !rawFindings.has(id))).toEqual([]);
    expect([...rawFindings].filter((id) => !acked.has(id))).toEqual([]);
  });

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
    ['realtime', 'ETLStage', ['executions/'], ['incoming/']],
    ['realtime', 'FilterStage', ['executions/'], []],
    ['realtime', 'ScoreStage', ['executions/'], []],
    ['realtime', 'StoreStage', ['executions/', 'datasets/'], []],
    ['realtime', 'ReactiveStage', ['executions/'], []],
    ['batch', 'ETLStage', ['executions/'], ['incoming/']],
    ['batch', 'StoreStage', ['executions/', 'datasets/'], []],
    ['batch', 'HeavyETLStage', ['executions/'], []],
  ] as const)(
    '%s %s may write only %j and read only %j besides',
    (stackName, stage, readWrite, readOnly) => {
      // Arrange
      const stack = stacks[stackName];
      const bucket =
        'arn:${AWS::Partition}:s3:::dev-ceap-data-${AWS::AccountId}-${AWS::Region}'.replace(
          /\$\{([^}]+)\}/g,
          '{"Ref":"$1"}',
        );
      // Act
      const role =
        stage === 'HeavyETLStage' ? stack.glueJob?.role : stack.stageFunctions[stage]?.role;
      const statements = role ? statementsOf(role) : [];
      const s3 = statements.filter((s) => asArray(s.Action).some((a) => a.startsWith('s3:')));
      const objectGrants = s3.filter((s) =>
        asArray(s.Action).some((a) => a !== 's3:ListBucket' && a !== 's3:GetBucketLocation'),
      );
      const writeResources = objectGrants
        .filter((s) => asArray(s.Action).includes('s3:PutObject'))
        .flatMap((s) => asArray(s.Resource).map(flat))
        .filter((r) => r.startsWith(bucket));
      const readResources = objectGrants
        .filter((s) => !asArray(s.Action).includes('s3:PutObject'))
        .flatMap((s) => asArray(s.Resource).map(flat))
        .filter((r) => r.startsWith(bucket));
      const list = s3.find((s) => asArray(s.Action).includes('s3:ListBucket'));
      // Assert
      expect(writeResources.sort()).toEqual(
        readWrite.map((prefix) => `${bucket}/${prefix}*`).sort(),
      );
      expect(readResources.sort()).toEqual(readOnly.map((prefix) => `${bucket}/${prefix}*`).sort());
      expect(list?.Condition?.StringLike?.['s3:prefix']).toEqual(
        [...readWrite, ...readOnly].map((prefix) => `${prefix}*`),
      );
      expect(asArray(list?.Resource).map(flat)).toEqual([bucket]);
      const s3Actions = s3.flatMap((s) => asArray(s.Action));
      expect(
        s3Actions.every((a) =>
          [
            's3:GetObject',
            's3:PutObject',
            's3:DeleteObject',
            's3:AbortMultipartUpload',
            's3:ListBucket',
            's3:GetBucketLocation',
          ].includes(a),
        ),
      ).toBe(true);
    },
  );

  it.each([
    ['realtime', 'ReactiveStage', true],
    ['realtime', 'ScoreStage', false],
    ['batch', 'ReactiveStage', true],
    ['batch', 'ETLStage', false],
  ] as const)('%s %s may put events: %s', (stackName, stage, allowed) => {
    // Arrange
    const stack = stacks[stackName];
    // Act
    const role = stack.stageFunctions[stage]?.role;
    const statements = role ? statementsOf(role) : [];
    const putEvents = statements.filter((s) => asArray(s.Action).includes('events:PutEvents'));
    // Assert
    expect(putEvents.length > 0).toBe(allowed);
    for (const s of putEvents) expect(flat(asArray(s.Resource)[0])).toMatch(/:event-bus\/default$/);
  });

  it.each(['realtime', 'batch'] as const)(
    '%s: the state machine may invoke only its own functions and run only its own job',
    (name) => {
      // Arrange
      const stack = stacks[name];
      const ownFunctions = Object.values(stack.stageFunctions).map((fn) =>
        stack.getLogicalId(fn.function.node.defaultChild as never),
      );
      // Act
      const statements = statementsOf(stack.stateMachine.role);
      const invoke = statements.filter((s) =>
        asArray(s.Action).some((a) => a.startsWith('lambda:')),
      );
      const glue = statements.filter((s) => asArray(s.Action).some((a) => a.startsWith('glue:')));
      // Assert
      expect(invoke).toHaveLength(1);
      expect(asArray(invoke[0]?.Action)).toEqual(['lambda:InvokeFunction']);
      expect(
        asArray(invoke[0]?.Resource)
          .map((r) => (r as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0])
          .sort(),
      ).toEqual(ownFunctions.sort());
      if (name === 'batch') {
        expect(glue).toHaveLength(1);
        expect(asArray(glue[0]?.Resource).map(flat)).toEqual([
          'arn:{"Ref":"AWS::Partition"}:glue:{"Ref":"AWS::Region"}:{"Ref":"AWS::AccountId"}:job/dev-ceap-workflow-batch-heavy-etl',
        ]);
      } else {
        expect(glue).toHaveLength(0);
      }
    },
  );
});
