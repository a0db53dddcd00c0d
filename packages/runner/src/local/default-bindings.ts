import {
  assertPythonAvailable,
  createLocalGlueExecutor,
  type HeavyEtlJobArguments,
  PythonNotFoundError,
  pythonCommand,
} from '@ceap/glue-jobs';
import { STAGES } from '@ceap/stages';
import { RunnerUsageError } from '../errors.js';
import type { LocalStageBindings } from './local-engine-options.js';

/**
 * The shipped bindings: the stages of @ceap/stages (`STAGES`, by stage name) and the local Glue
 * executor (python3) for every Glue job, the shipped HeavyETLStage among them.
 */
export function defaultLocalBindings(): LocalStageBindings {
  return {
    stages: STAGES,
    createGlueExecutor: (deps) => {
      const executor = createLocalGlueExecutor(deps);
      // The ASL sends exactly the job's arguments; the executor checks them itself.
      return {
        run: (args, options) => executor.run(args as unknown as HeavyEtlJobArguments, options),
      };
    },
    preflight: (workflow) => {
      if (!workflow.steps.some((step) => step.kind === 'glue')) return;
      try {
        assertPythonAvailable(pythonCommand());
      } catch (error) {
        if (error instanceof PythonNotFoundError) {
          throw new RunnerUsageError(
            `workflow "${workflow.name}" has a Glue step: ${error.message}`,
          );
        }
        throw error;
      }
    },
  };
}
