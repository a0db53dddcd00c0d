import type { WorkflowStep } from './workflow-model.js';

/**
 * The definition-substitution key for a step's resource: `ETLStageFunctionArn` for a Lambda
 * step, `HeavyETLStageJobName` for a Glue step. Infra fills these with
 * `definitionSubstitutions`; the local engine binds tasks by state name instead.
 */
export function substitutionKey(step: WorkflowStep): string {
  return step.kind === 'lambda' ? `${step.stage}FunctionArn` : `${step.stage}JobName`;
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
