/**
 * @ceap/glue-jobs: the heavy-ETL AWS Glue job. Its PySpark script and pure-Python core (as file
 * paths, for infra to upload), its typed job spec with presets, and the local executor that
 * runs the same Python core with python3.
 */
export {
  GLUE_JOB_FAILED,
  GlueJobArgumentError,
  GlueJobRunError,
  GlueJobSpecError,
  PythonFailedError,
  PythonNotFoundError,
  PythonSummaryError,
} from './errors.js';
export {
  type DefaultArgumentsOptions,
  defaultArgumentsFor,
  GlueJobType,
  GlueWorkerType,
  WORKER_PRESETS,
  type WorkerPreset,
  type WorkloadPreset,
} from './glue-presets.js';
export {
  GLUE_STEP_TIMEOUT_MARGIN_SECONDS,
  glueStepTimeoutSeconds,
  HEAVY_ETL_STEP_TIMEOUT_SECONDS,
  HEAVY_ETL_TIMEOUT_MINUTES,
} from './glue-timeouts.js';
export {
  type CheckedJobArguments,
  checkJobArguments,
  type HeavyEtlJobArguments,
  RUN_KEY_ARGUMENT,
} from './job-arguments.js';
export {
  type GlueJobAssets,
  type GlueJobSpec,
  HEAVY_ETL_JOB_ARGUMENTS,
  HEAVY_ETL_JOB_NAME,
  type HeavyEtlJobSpecOptions,
  heavyEtlJobSpec,
} from './job-spec.js';
export { validateGlueJobSpec } from './job-spec-validation.js';
export {
  createLocalGlueExecutor,
  LOCAL_RECORDS_PER_PART,
  type LocalGlueExecutor,
  type LocalGlueExecutorDependencies,
  type LocalGlueRunOptions,
  type LocalJobRun,
} from './local-glue-executor.js';
export {
  HEAVY_ETL_PYTHON_ASSET_EXCLUDE,
  HEAVY_ETL_PYTHON_DIR,
  HEAVY_ETL_SCRIPT_PATH,
  HEAVY_ETL_SEGMENTS_PATH,
} from './paths.js';
export { assertPythonAvailable, PYTHON_ENV, pythonCommand } from './python-command.js';
export { PYTHON_TERMINATE_GRACE_MS, type PythonExit } from './python-process.js';
