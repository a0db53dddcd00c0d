import { type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { resourcesOf } from './cdk-test-app';

/** One IAM statement as it appears in a synthesized template. */
export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** A value or an array of them, as an array. */
export const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** The statements of every inline policy attached to a role, by the role's logical id. */
export function policiesByRole(stack: Stack): Map<string, Statement[]> {
  const byRole = new Map<string, Statement[]>();
  for (const [, policy] of resourcesOf(Template.fromStack(stack), 'AWS::IAM::Policy')) {
    for (const role of policy.Properties.Roles as { Ref: string }[]) {
      const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
      byRole.set(role.Ref, [...(byRole.get(role.Ref) ?? []), ...statements]);
    }
  }
  return byRole;
}

/** The statements granted to one role construct, read from its stack's synthesized template. */
export function statementsOf(role: IRole): Statement[] {
  const stack = Stack.of(role);
  return policiesByRole(stack).get(stack.getLogicalId(role.node.defaultChild as CfnElement)) ?? [];
}

/** Flattens an ARN built with Fn::Join into `arn:{"Ref":"AWS::Partition"}:s3:::bucket/executions/*`. */
export function flat(resource: unknown): string {
  if (typeof resource === 'string') return resource;
  const join = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join) return join[1].map(flat).join(join[0]);
  return JSON.stringify(resource);
}

/** The flattened ARN of a bucket imported by name, as the workflow stacks import the data bucket. */
export function importedBucketArn(bucketName: string): string {
  return `arn:{"Ref":"AWS::Partition"}:s3:::${bucketName}`;
}

/** The flattened ARN of the shipped app's data bucket, `{prefix}-ceap-data-{account}-{region}`. */
export function shippedDataBucketArn(prefix = 'dev'): string {
  return importedBucketArn(`${prefix}-ceap-data-{"Ref":"AWS::AccountId"}-{"Ref":"AWS::Region"}`);
}

/** What a role may do with one bucket's objects, and with events, as the template grants it. */
export interface DataGrants {
  /** Object patterns below the bucket it may write (and read), e.g. `executions/*`. */
  readonly readWrite: string[];
  /** Object patterns it may only read. */
  readonly readOnly: string[];
  /** The `s3:prefix` patterns it may list. */
  readonly list: string[];
  /** The event buses it may put events on. */
  readonly putEvents: string[];
}

/** Reads a role's grants on a bucket (by flattened ARN) from the synthesized template. */
export function dataGrantsOf(role: IRole, bucketArn: string): DataGrants {
  const statements = statementsOf(role).filter((s) => s.Effect === 'Allow');
  const actionsOf = (s: Statement) => asArray(s.Action);
  const objectPatterns = (keep: (s: Statement) => boolean) =>
    statements
      .filter(keep)
      .flatMap((s) => asArray(s.Resource).map(flat))
      .filter((resource) => resource.startsWith(`${bucketArn}/`))
      .map((resource) => resource.slice(bucketArn.length + 1))
      .sort();
  const isObjectGrant = (s: Statement) => actionsOf(s).some((a) => a === 's3:GetObject');
  const list = statements.filter(
    (s) =>
      actionsOf(s).includes('s3:ListBucket') && asArray(s.Resource).map(flat).includes(bucketArn),
  );
  return {
    readWrite: objectPatterns((s) => actionsOf(s).includes('s3:PutObject')),
    readOnly: objectPatterns((s) => isObjectGrant(s) && !actionsOf(s).includes('s3:PutObject')),
    list: list.flatMap((s) => asArray(s.Condition?.StringLike?.['s3:prefix'] as string[])).sort(),
    putEvents: statements
      .filter((s) => actionsOf(s).includes('events:PutEvents'))
      .flatMap((s) => asArray(s.Resource).map(flat)),
  };
}
