/**
 * Names that infra gives a deployment and the runner looks up. Both import them from here, so
 * a deployed stack is always found under the name the runner expects.
 */

/** The deployment prefix when none is given (`--context prefix=…`, `--prefix`). */
export const DEFAULT_DEPLOYMENT_PREFIX = 'dev';

/** CloudFormation output keys of a workflow stack. */
export const WorkflowStackOutput = {
  StateMachineArn: 'StateMachineArn',
  QueueUrl: 'QueueUrl',
  DeadLetterQueueUrl: 'DeadLetterQueueUrl',
  DataBucketName: 'DataBucketName',
  GlueJobName: 'GlueJobName',
  ScheduleName: 'ScheduleName',
  ScheduleDeadLetterQueueUrl: 'ScheduleDeadLetterQueueUrl',
  /** The queue that receives the state machine's execution status changes (EventBridge). */
  ExecutionEventsQueueUrl: 'ExecutionEventsQueueUrl',
} as const;

/**
 * `{prefix}-ceap-{workflow}`: the workflow's stack, and the base name of its state machine,
 * queue, pipe, functions and alarms.
 */
export function workflowStackName(prefix: string, workflow: string): string {
  return `${prefix}-ceap-${workflow}`;
}

/** `{prefix}-ceap-data`: the stack that holds the data bucket the workflows share. */
export function dataStackName(prefix: string): string {
  return `${prefix}-ceap-data`;
}
