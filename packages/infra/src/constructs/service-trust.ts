import { ArnFormat, Stack } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/** The services whose roles ceap's constructs create, and how each names its source. */
export const TrustedService = {
  /** Step Functions: the source is the state machine. */
  States: 'states.amazonaws.com',
  /** EventBridge Pipes: the source is the pipe. */
  Pipes: 'pipes.amazonaws.com',
  /** EventBridge Scheduler: the source is the schedule group. */
  Scheduler: 'scheduler.amazonaws.com',
  /** Lambda, assuming a function's execution role. */
  Lambda: 'lambda.amazonaws.com',
  /** Glue, assuming a job's role. */
  Glue: 'glue.amazonaws.com',
} as const;

/** One of the {@link TrustedService} principals. */
export type TrustedService = (typeof TrustedService)[keyof typeof TrustedService];

/**
 * Services that do not document sending `aws:SourceAccount` or `aws:SourceArn` when they assume
 * an execution role. A condition on a key the request lacks is false, so a strict condition
 * could refuse the role to the service itself (a function that cannot be created, a job that
 * cannot start). Their trust uses the `…IfExists` operators instead: the account is enforced
 * whenever the service supplies it.
 */
const UNDOCUMENTED_SOURCE_KEYS: ReadonlySet<TrustedService> = new Set([
  TrustedService.Lambda,
  TrustedService.Glue,
]);

/**
 * The principal for a role's trust policy that only `service`, acting for a resource of this
 * stack's account, may assume: `aws:SourceAccount` is always the stack's account, and
 * `aws:SourceArn` (an `ArnLike` pattern) is added when the caller knows the source resource's
 * ARN without a reference back to it, which would make a cycle (the resource needs the role's
 * ARN first). This is AWS's cross-service confused-deputy protection.
 */
export function sourceBoundService(
  scope: IConstruct,
  service: TrustedService,
  sourceArn?: string,
): ServicePrincipal {
  const lenient = UNDOCUMENTED_SOURCE_KEYS.has(service);
  const account = { 'aws:SourceAccount': Stack.of(scope).account };
  const conditions: Record<string, Record<string, string>> = lenient
    ? { StringEqualsIfExists: account }
    : { StringEquals: account };
  if (sourceArn !== undefined) {
    conditions[lenient ? 'ArnLikeIfExists' : 'ArnLike'] = { 'aws:SourceArn': sourceArn };
  }
  return new ServicePrincipal(service, { conditions });
}

/**
 * The ARN of a resource in this stack's account and region, for `aws:SourceArn`: by `name`
 * when it is known before the resource exists, otherwise any resource of that type (`*`).
 */
export function sourceArnOf(
  scope: IConstruct,
  service: 'states' | 'pipes' | 'scheduler',
  resource: string,
  name: string | undefined,
): string {
  return Stack.of(scope).formatArn({
    service,
    resource,
    resourceName: name ?? '*',
    arnFormat: service === 'states' ? ArnFormat.COLON_RESOURCE_NAME : ArnFormat.SLASH_RESOURCE_NAME,
  });
}
