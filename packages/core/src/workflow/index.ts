/**
 * @ceap/core/workflow: authoring workflows as DAGs of steps, and the compiler to Amazon States
 * Language. A workflow is data; `compileWorkflow` is the only producer of state machines, for
 * infra and for the local engine alike.
 */
export {
  type CompiledWorkflow,
  compileWorkflow,
  compileWorkflowWithReport,
  type StateMachineDefinition,
} from './asl-compiler.js';
export { LOGICAL_DATE_TOKEN, SENSOR_TIMED_OUT } from './control-states.js';
export { MAP_MAX_PARTS, MAP_TOLERANCE_EXCEEDED, MAP_TOO_MANY_PARTS } from './map-states.js';
export {
  DATA_BUCKET_KEY,
  DATA_KEY_PREFIX_KEY,
  placeholder,
  substitute,
  substitutionKey,
} from './placeholders.js';
export {
  GLUE_STEP_RETRY,
  LAMBDA_STAGE_RETRIES,
  LAMBDA_STAGE_RETRY,
  LAMBDA_TIMEOUT_RETRY,
  S3_READ_RETRY,
} from './retry-policies.js';
export {
  glueOutputStateName,
  parallelStateName,
  StateSuffix,
  stepOfState,
  stepStateName,
  WorkflowState,
} from './state-names.js';
export { StepStatus } from './step-status.js';
export {
  branch,
  chain,
  defineWorkflow,
  glue,
  lambda,
  map,
  type StageRef,
  type StepOptions,
  type StepRef,
  s3Sensor,
  shortCircuit,
  type WorkflowOptions,
  wait,
} from './workflow-builder.js';
export { WorkflowGraph } from './workflow-graph.js';
export type {
  BranchCondition,
  BranchRoute,
  BranchStep,
  GlueStep,
  LambdaStep,
  MapStep,
  RetryPolicy,
  S3SensorStep,
  StepCommon,
  TriggerRule,
  WaitStep,
  Workflow,
  WorkflowSchedule,
  WorkflowStep,
  WorkflowTrigger,
  WorkflowType,
} from './workflow-model.js';
export type { PlanBarrier, PlanBlock, WorkflowPlan } from './workflow-plan.js';
export { planWorkflow } from './workflow-plan.js';
export { MAX_STEPS, validateWorkflow } from './workflow-validation.js';
