/**
 * The ARNs the local engine makes up. A module of its own, so what names executions (the
 * reservation, the CLI) does not load the engine and aws-local-stepfunctions with it.
 */

/** The local account and region in ARNs the engine makes up. */
export const LOCAL_ARN_PREFIX = 'arn:aws:states:local:000000000000';

/** The execution ARN the local engine gives an execution (its `$$.Execution.Id`). */
export function localExecutionArn(workflow: string, executionId: string): string {
  return `${LOCAL_ARN_PREFIX}:execution:${workflow}:${executionId}`;
}
