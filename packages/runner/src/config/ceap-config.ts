import type { StageDefinition } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import type { GlueExecutorFactory } from '../local/local-engine-options.js';

/**
 * What a project's `ceap.config.ts` exports (as its default export): its workflows, and the
 * code each of their steps runs. A step's `stage` is bound by stage name to one of `stages`;
 * a Glue step's `job` to one of `glueJobs`. Only the workflows listed here are known to the
 * CLI run in that project: add `...Object.values(SHIPPED_WORKFLOWS)` to keep the shipped ones.
 */
export interface CeapConfig {
  /** The project's workflows, built with `defineWorkflow`; their names are unique. */
  readonly workflows: readonly Workflow[];
  /**
   * The stages the workflows' steps run, bound by their `name`: shipped ones from
   * `@ceap/stages` and the project's own `defineStage` stages.
   * @default none
   */
  // biome-ignore lint/suspicious/noExplicitAny: stages have different config types
  readonly stages?: readonly StageDefinition<any>[];
  /**
   * The local executor of each Glue job, by job name (a Glue step's `job`), e.g.
   * `{ HeavyETLStage: localHeavyEtlJob }` from `@ceap/runner/local`.
   * @default none
   */
  readonly glueJobs?: Readonly<Record<string, GlueExecutorFactory>>;
}

/**
 * Types a project's config; it returns its argument unchanged. The CLI checks the config when
 * it loads it (`ceap validate` reports every problem).
 *
 * @example
 * // ceap.config.ts
 * import { defineConfig } from '@ceap/runner';
 * import { chain, defineWorkflow, lambda } from '@ceap/core/workflow';
 * import { filterStage, scoreStage } from '@ceap/stages';
 * import { enrichStage } from './src/enrich-stage';
 *
 * export default defineConfig({
 *   workflows: [
 *     defineWorkflow({
 *       name: 'enriched',
 *       type: 'EXPRESS',
 *       steps: chain(lambda(enrichStage), lambda(filterStage), lambda(scoreStage)),
 *     }),
 *   ],
 *   stages: [enrichStage, filterStage, scoreStage],
 * });
 */
export function defineConfig(config: CeapConfig): CeapConfig {
  return config;
}
