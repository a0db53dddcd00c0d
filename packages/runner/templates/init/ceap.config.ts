import { chain, defineWorkflow, lambda } from '@ceap/core/workflow';
import { defineConfig } from '@ceap/runner';
import { etlStage, filterStage, scoreStage, storeStage } from '@ceap/stages';
import { engagementStage } from './src/engagement-stage';

/**
 * The project's workflows and the stages they run. `ceap` finds this file by walking up from
 * the working directory; `ceap workflows` lists what it declares, `ceap validate` checks it.
 */
export const candidates = defineWorkflow({
  name: 'candidates',
  type: 'EXPRESS',
  description: 'Candidates normalized, tagged by engagement (our stage), filtered, scored, stored',
  steps: chain(
    lambda(etlStage),
    lambda(engagementStage),
    lambda(filterStage),
    lambda(scoreStage),
    lambda(storeStage),
  ),
});

export default defineConfig({
  workflows: [candidates],
  stages: [etlStage, engagementStage, filterStage, scoreStage, storeStage],
});
