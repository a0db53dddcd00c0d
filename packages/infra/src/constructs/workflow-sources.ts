import { existsSync } from 'node:fs';
import type { StageDefinition } from '@ceap/core';
import type { GlueStep, LambdaStep, MapStep, Workflow } from '@ceap/core/workflow';
import type { GlueJobSpec } from '@ceap/glue-jobs';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { InfraPropsError } from '../errors.js';

/**
 * What infra reads from a stage's definition (`defineStage` from @ceap/core): its name and
 * its `access` declaration. Any stage object fits, e.g. `STAGES.ETLStage` from @ceap/stages.
 */
export type DeclaredStage = Pick<StageDefinition<unknown>, 'name' | 'access'>;

/** A Glue job's spec (its files are in `spec.assets`) and what to leave out of the Python zip. */
export interface GlueJobSource {
  readonly spec: GlueJobSpec;
  /** @default [] */
  readonly pythonExclude?: readonly string[];
}

/**
 * A Lambda stage to build: its definition (for `name` and `access`) and the file of its
 * handler (`export const handler = createStageHandler(myStage)`), bundled by esbuild.
 */
export interface StageSource {
  /** The stage object, e.g. `myStage` or `STAGES.FilterStage`. Its role follows its `access`. */
  readonly stage: DeclaredStage;
  /** The handler file, e.g. `src/handlers/my-stage.ts` or `HANDLER_ENTRIES.FilterStage`. */
  readonly entry: string;
}

/** A stage to build from its source, or a function you built yourself (its role is yours). */
export type WorkflowStageSource = StageSource | IFunction;

/** A Glue job to build from its spec, or the name of a job that already exists. */
export type WorkflowGlueJobSource = GlueJobSource | string;

/** The Lambda and Map steps of a workflow, by the stage they run. */
export function stepsByStage(workflow: Workflow): Map<string, (LambdaStep | MapStep)[]> {
  const byStage = new Map<string, (LambdaStep | MapStep)[]>();
  for (const step of workflow.steps) {
    if (step.kind !== 'lambda' && step.kind !== 'map') continue;
    byStage.set(step.stage, [...(byStage.get(step.stage) ?? []), step]);
  }
  return byStage;
}

/** The Glue steps of a workflow, by the job's binding name (`GlueStep.job`). */
export function stepsByJob(workflow: Workflow): Map<string, GlueStep[]> {
  const byJob = new Map<string, GlueStep[]>();
  for (const step of workflow.steps) {
    if (step.kind !== 'glue') continue;
    byJob.set(step.job, [...(byJob.get(step.job) ?? []), step]);
  }
  return byJob;
}

/** `step "Score"`, or `steps "Score", "ScoreParts"`. */
export function stepList(steps: readonly { readonly name: string }[]): string {
  const names = steps.map((step) => `"${step.name}"`).join(', ');
  return steps.length === 1 ? `step ${names}` : `steps ${names}`;
}

/** A prebuilt function, as opposed to a {@link StageSource}. */
export function isFunction(source: WorkflowStageSource): source is IFunction {
  return typeof (source as IFunction).functionArn === 'string';
}

/**
 * Checks `stages` against the stages the workflow's Lambda and Map steps run: each is given,
 * under its own name, with a handler file that exists; none is given that no step runs.
 * @param prop the prop's name in messages, e.g. `CeapWorkflowProps.stages`
 */
export function checkStageSources(
  workflow: Workflow,
  stages: Readonly<Record<string, WorkflowStageSource>>,
  prop: string,
): void {
  const used = stepsByStage(workflow);
  for (const [stage, steps] of used) {
    const runs = `workflow "${workflow.name}" runs it on Lambda in ${stepList(steps)}`;
    const source = stages[stage];
    if (source === undefined || source === null)
      throw new InfraPropsError(
        `${prop}.${stage} is missing: ${runs}; give { stage, entry } or a function`,
      );
    if (isFunction(source)) continue;
    if (source.stage?.name !== stage)
      throw new InfraPropsError(
        `${prop}.${stage}.stage is the stage "${source.stage?.name}": each stage must be keyed by its own name`,
      );
    if (typeof source.entry !== 'string' || source.entry === '' || !existsSync(source.entry))
      throw new InfraPropsError(
        `${prop}.${stage}.entry ${JSON.stringify(source.entry)} does not exist: ${runs}, and its function is bundled from that handler file`,
      );
  }
  refuseUnused(
    Object.keys(stages),
    used,
    prop,
    `workflow "${workflow.name}" runs no Lambda or Map step of it`,
  );
}

/**
 * Checks `glueJobs` against the jobs the workflow's Glue steps run: each is given (a spec or
 * an existing job's name), and none is given that no step runs.
 */
export function checkGlueJobSources(
  workflow: Workflow,
  glueJobs: Readonly<Record<string, WorkflowGlueJobSource>>,
  prop: string,
): void {
  const used = stepsByJob(workflow);
  for (const [job, steps] of used) {
    const source = glueJobs[job];
    const runs = `workflow "${workflow.name}" runs it on Glue in ${stepList(steps)}`;
    if (source === undefined || source === null || source === '')
      throw new InfraPropsError(
        `${prop}.${job} is missing: ${runs}; give { spec } or an existing job's name`,
      );
  }
  refuseUnused(
    Object.keys(glueJobs),
    used,
    prop,
    `workflow "${workflow.name}" has no Glue step that runs it`,
  );
}

function refuseUnused(
  given: readonly string[],
  used: ReadonlyMap<string, unknown>,
  prop: string,
  why: string,
): void {
  const unused = given.filter((name) => !used.has(name));
  if (unused.length > 0)
    throw new InfraPropsError(
      `${prop}.${unused[0]} is given, but ${why}: deploy only what the workflow runs (used: ${[...used.keys()].join(', ') || 'none'})`,
    );
}
