import {
  DATA_BUCKET_KEY,
  DATA_KEY_PREFIX_KEY,
  placeholder,
  substitutionKey,
  type Workflow,
  type WorkflowStep,
} from '@ceap/core/workflow';
import { InfraPropsError } from '../errors.js';
import { type DefinitionUsage, describeSites, type StateSite } from './definition-usage.js';

/** The values a definition's placeholders are bound to, as `WorkflowStateMachine` receives them. */
export interface DefinitionBindings {
  /** The ARN of the function that runs each stage, by stage name. */
  readonly functionArns: Readonly<Record<string, string>>;
  /** Each Glue job's name, by the job's binding name (`GlueStep.job`). */
  readonly glueJobNames: Readonly<Record<string, string>>;
  /** The data bucket's name. @default none */
  readonly dataBucketName?: string;
  /** The deployment's key prefix (`team-a/`, or empty), put before S3 sensors' prefixes. */
  readonly keyPrefix: string;
}

/**
 * Binds every placeholder the compiled definition holds, and nothing else: `${<stage>FunctionArn}`
 * to the function of the stage that Lambda and Map steps run (steps that run one stage share
 * it), `${<job>JobName}` to the Glue job of a Glue step, `${DataBucketName}` to the data bucket
 * and `${DataKeyPrefix}` to the key prefix.
 * A placeholder with no value is refused, naming the key, the step and the prop to set; so is a
 * function or job that no step runs.
 *
 * @param prop the props' name for messages, e.g. `WorkflowStateMachineProps`
 */
export function bindPlaceholders(
  workflow: Workflow,
  usage: DefinitionUsage,
  bindings: DefinitionBindings,
  prop: string,
): Record<string, string> {
  const substitutions: Record<string, string> = {};
  for (const [key, sites] of usage.placeholders) {
    substitutions[key] = boundValue(workflow, key, sites, bindings, prop);
  }
  refuseUnused(workflow, bindings, prop);
  return substitutions;
}

function boundValue(
  workflow: Workflow,
  key: string,
  sites: readonly StateSite[],
  bindings: DefinitionBindings,
  prop: string,
): string {
  const used = `${placeholder(key)} in ${describeSites(sites)} of workflow "${workflow.name}"`;
  if (key === DATA_KEY_PREFIX_KEY) return bindings.keyPrefix;
  if (key === DATA_BUCKET_KEY) {
    if (bindings.dataBucketName === undefined) {
      throw new InfraPropsError(
        `${prop}.dataBucket is missing: ${used} needs the data bucket's name`,
      );
    }
    return bindings.dataBucketName;
  }
  const step = sites
    .map((s) => workflow.steps.find((candidate) => candidate.name === s.step))
    .find((candidate) => candidate !== undefined && substitutionKey(candidate) === key);
  if (step?.kind === 'lambda' || step?.kind === 'map') {
    const arn = bindings.functionArns[step.stage];
    if (arn === undefined) {
      throw new InfraPropsError(
        `${prop}.functions.${step.stage} is missing: ${used} needs the function that runs stage ${step.stage}`,
      );
    }
    return arn;
  }
  if (step?.kind === 'glue') {
    const jobName = bindings.glueJobNames[step.job];
    if (jobName === undefined) {
      throw new InfraPropsError(
        `${prop}.glueJobNames.${step.job} is missing: ${used} needs the name of Glue job ${step.job}`,
      );
    }
    return jobName;
  }
  throw new InfraPropsError(
    `${prop}.workflow: ${used} is bound by no step (expected a stage's FunctionArn, a Glue job's JobName, ${DATA_BUCKET_KEY} or ${DATA_KEY_PREFIX_KEY})`,
  );
}

/** A function or job given for a stage or job that no step runs is a mistake: refuse it. */
function refuseUnused(workflow: Workflow, bindings: DefinitionBindings, prop: string): void {
  const stages = new Set(workflow.steps.flatMap(stageOf));
  const jobs = new Set(workflow.steps.flatMap((step) => (step.kind === 'glue' ? [step.job] : [])));
  for (const stage of Object.keys(bindings.functionArns)) {
    if (!stages.has(stage))
      throw new InfraPropsError(
        `${prop}.functions.${stage} is not a stage that a Lambda or Map step of workflow "${workflow.name}" runs`,
      );
  }
  for (const job of Object.keys(bindings.glueJobNames)) {
    if (!jobs.has(job))
      throw new InfraPropsError(
        `${prop}.glueJobNames.${job} is not a job that a Glue step of workflow "${workflow.name}" runs`,
      );
  }
}

/** The stage a step runs on Lambda (a Lambda step, or each iteration of a Map step). */
function stageOf(step: WorkflowStep): string[] {
  return step.kind === 'lambda' || step.kind === 'map' ? [step.stage] : [];
}
