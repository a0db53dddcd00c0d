import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** cdk-nag's pack prefix for the AWS Solutions rules. */
const PACK = 'AwsSolutions';

/**
 * Acknowledges one cdk-nag finding on a construct and everything below it. `rule` is the rule
 * id without the pack (`IAM5`, `L1`); `finding` narrows it to one finding (`Resource::*`).
 * The reason is mandatory: it says why the finding is acceptable here.
 */
export function acknowledgeNag(
  scope: IConstruct,
  rule: string,
  reason: string,
  finding?: string,
): void {
  const id = finding === undefined ? `${PACK}-${rule}` : `${PACK}-${rule}[${finding}]`;
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * The finding id cdk-nag's IAM5 rule reports for a wildcard resource: `Resource::` and the
 * resource with its CloudFormation references flattened (`<Bucket.Arn>/executions/*`), the
 * way cdk-nag flattens them.
 */
export function wildcardResourceFinding(scope: IConstruct, resource: string): string {
  return `Resource::${flattenReference(Stack.of(scope).resolve(resource))}`;
}

function flattenReference(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const object = node as Record<string, unknown>;
  if (object['Fn::Join']) {
    const [delimiter, items] = object['Fn::Join'] as [string, unknown[]];
    return items.map(flattenReference).join(delimiter);
  }
  if (object['Fn::Sub']) return flattenReference(object['Fn::Sub']);
  if (object['Fn::GetAtt']) {
    const [resource, attribute] = object['Fn::GetAtt'] as [unknown, unknown];
    return `<${flattenReference(resource)}.${flattenReference(attribute)}>`;
  }
  if (object['Fn::ImportValue']) return flattenReference(object['Fn::ImportValue']);
  if (object.Ref) return `<${flattenReference(object.Ref)}>`;
  return JSON.stringify(node);
}
