/**
 * @ceap/core/workflow: the workflow model and the compiler to Amazon States Language. A
 * workflow is data; `compileWorkflow` is the only producer of state machines, for infra and
 * for the local engine alike.
 */
export {
  compileWorkflow,
  FAILED_STATE,
  glueOutputStateName,
  type StateMachineDefinition,
} from './asl-compiler.js';
export { placeholder, substitute, substitutionKey } from './placeholders.js';
export { GLUE_STEP_RETRY, LAMBDA_STAGE_RETRY } from './retry-policies.js';
export type {
  GlueStep,
  LambdaStep,
  RetryPolicy,
  Workflow,
  WorkflowSchedule,
  WorkflowStep,
  WorkflowType,
} from './workflow-model.js';
export { validateWorkflow } from './workflow-validation.js';
