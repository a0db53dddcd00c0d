import { STAGES } from '@ceap/stages';
import { assertPythonForGlue, localHeavyEtlJob } from './heavy-etl-job.js';
import type { LocalStageBindings } from './local-engine-options.js';

/**
 * The shipped bindings: the stages of @ceap/stages (`STAGES`, by stage name) and the local Glue
 * executor (python3) for every Glue job, the shipped HeavyETLStage among them.
 */
export function defaultLocalBindings(): LocalStageBindings {
  return {
    stages: STAGES,
    createGlueExecutor: localHeavyEtlJob,
    preflight: (workflow) => {
      if (workflow.steps.some((step) => step.kind === 'glue')) assertPythonForGlue(workflow);
    },
  };
}
