/**
 * @ceap/runner/local: the embedded engine and the local target, for programs that run
 * compiled workflows in-process with their own stages. `createRunnerClient` loads this module
 * only when its target is local, so a client for AWS never loads aws-local-stepfunctions,
 * the embedded S3 server, the stages or the Glue executor.
 */
export { resolveCeapHome } from './ceap-home.js';
export { defaultLocalBindings } from './default-bindings.js';
export { localHeavyEtlJob } from './heavy-etl-job.js';
export {
  createLocalEngine,
  type LocalEngine,
  type LocalOutcome,
  type LocalRun,
  type LocalRunRequest,
} from './local-engine.js';
export type {
  GlueExecutorDependencies,
  GlueExecutorFactory,
  LocalEngineOptions,
  LocalGlueArguments,
  LocalGlueExecutor,
  LocalJobRunLike,
  LocalStageBindings,
} from './local-engine-options.js';
export { LocalTarget } from './local-target.js';
export type { DetachedWorkerCommand, LocalTargetOptions } from './local-target-options.js';
