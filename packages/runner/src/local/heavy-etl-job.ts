import type { Workflow } from '@ceap/core/workflow';
import {
  assertPythonAvailable,
  createLocalGlueExecutor,
  type HeavyEtlJobArguments,
  PythonNotFoundError,
  pythonCommand,
} from '@ceap/glue-jobs';
import { RunnerUsageError } from '../errors.js';
import type { GlueExecutorFactory } from './local-engine-options.js';

/**
 * The shipped heavy-ETL Glue job, run locally: its pure Python core on python3 (`CEAP_PYTHON`),
 * given the exact arguments the compiled ASL sends. Bind it to a Glue step's job in a project's
 * config: `glueJobs: { HeavyETLStage: localHeavyEtlJob }`.
 */
export const localHeavyEtlJob: GlueExecutorFactory = (deps) => {
  const executor = createLocalGlueExecutor(deps);
  // The ASL sends exactly the job's arguments; the executor checks them itself.
  return {
    run: (args, options) => executor.run(args as unknown as HeavyEtlJobArguments, options),
  };
};

/**
 * Refuses, before a run is reserved, a workflow whose Glue step would run the local heavy-ETL
 * job on a machine without its Python interpreter, naming the workflow and `CEAP_PYTHON`.
 */
export function assertPythonForGlue(workflow: Workflow): void {
  try {
    assertPythonAvailable(pythonCommand());
  } catch (error) {
    if (error instanceof PythonNotFoundError) {
      throw new RunnerUsageError(`workflow "${workflow.name}" has a Glue step: ${error.message}`);
    }
    throw error;
  }
}
