import type { WorkflowStep } from './workflow-model.js';

/** The substitution key of the data bucket, which S3 sensors and Map listings read. */
export const DATA_BUCKET_KEY = 'DataBucketName';

/**
 * The substitution key of the deployment's key prefix (`team-a/`, or empty), which S3 sensors
 * put before their prefix, so that they watch the same folders the stages read.
 */
export const DATA_KEY_PREFIX_KEY = 'DataKeyPrefix';

/**
 * The definition-substitution key for a step's resource: `ETLStageFunctionArn` for a stage run
 * on Lambda (a Lambda or Map step; steps that run one stage share it), `HeavyETLStageJobName`
 * for a Glue step, undefined for steps that call no resource of their own. Infra fills these
 * with `definitionSubstitutions`; the local engine binds tasks by state name instead.
 */
export function substitutionKey(step: WorkflowStep): string | undefined {
  if (step.kind === 'lambda' || step.kind === 'map') return `${step.stage}FunctionArn`;
  if (step.kind === 'glue') return `${step.job}JobName`;
  return undefined;
}

/** `${Key}`, as it appears in the compiled definition. */
export function placeholder(key: string): string {
  return `\${${key}}`;
}

/** Replaces `${Key}` placeholders in a definition string; a key with no value is an error. */
export function substitute(definition: string, values: Readonly<Record<string, string>>): string {
  return definition.replace(/\$\{([A-Za-z0-9_]+)\}/g, (match, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`no substitution given for ${match}`);
    return value;
  });
}
