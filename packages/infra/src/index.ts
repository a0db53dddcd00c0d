/**
 * @ceap/infra: CDK constructs that deploy ceap workflows (stage functions, the Glue job, state
 * machines compiled by @ceap/core, queues with pipes, the nightly schedule, alarms), and the
 * app that puts them together. Other CDK apps import the constructs for their own stages.
 */
export { type CeapAppContext, CONTEXT_KEYS, readAppContext } from './app/app-context.js';
export { addCeapStacks, type CeapAppSources, type CeapStacks } from './app/ceap-app.js';
export { CeapDataStack, type CeapDataStackProps, dataBucketName } from './app/data-stack.js';
export { CeapWorkflowStack, type CeapWorkflowStackProps } from './app/workflow-stack.js';
export { CeapWorkflow, type CeapWorkflowProps } from './constructs/ceap-workflow.js';
export { EXECUTIONS_FOLDER, OBJECT_READ_WRITE_ACTIONS } from './constructs/data-access.js';
export { DataBucket, type DataBucketProps } from './constructs/data-bucket.js';
export {
  type DefinitionUsage,
  readDefinitionUsage,
  type StateSite,
  TaskResource,
} from './constructs/definition-usage.js';
export {
  EXECUTION_STATUS_CHANGE,
  ExecutionEventsQueue,
  type ExecutionEventsQueueProps,
} from './constructs/execution-events-queue.js';
export { HeavyEtlGlueJob, type HeavyEtlGlueJobProps } from './constructs/heavy-etl-glue-job.js';
export {
  NightlySchedule,
  type NightlyScheduleProps,
  scheduledRunInput,
} from './constructs/nightly-schedule.js';
export {
  ObjectCreatedTrigger,
  type ObjectCreatedTriggerProps,
} from './constructs/object-created-trigger.js';
export { StageFunction, type StageFunctionProps } from './constructs/stage-function.js';
export {
  GLUE_SYNC_ACTIONS,
  sensorPrefixPattern,
} from './constructs/state-machine-access.js';
export { WorkflowAlarms, type WorkflowAlarmsProps } from './constructs/workflow-alarms.js';
export {
  PIPE_INPUT_TEMPLATE,
  PIPE_INVOCATION_TYPE,
  WorkflowQueue,
  type WorkflowQueueProps,
} from './constructs/workflow-queue.js';
export type {
  DeclaredStage,
  GlueJobSource,
  StageSource,
  WorkflowGlueJobSource,
  WorkflowStageSource,
} from './constructs/workflow-sources.js';
export {
  WorkflowStateMachine,
  type WorkflowStateMachineProps,
} from './constructs/workflow-state-machine.js';
export { INFRA_DEFAULTS } from './defaults.js';
export { InfraPropsError } from './errors.js';
export { acknowledgeNag, wildcardResourceFinding } from './nag-acknowledgements.js';
