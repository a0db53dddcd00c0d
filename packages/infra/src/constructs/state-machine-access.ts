import { LOGICAL_DATE_TOKEN, type Workflow } from '@ceap/core/workflow';
import { type IRole, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { InfraPropsError } from '../errors.js';
import { EXECUTIONS_FOLDER } from './data-access.js';
import {
  type DefinitionUsage,
  describeSite,
  type StateSite,
  TaskResource,
} from './definition-usage.js';

/** The Glue actions a `glue:startJobRun.sync` task needs, granted only on the workflow's own jobs. */
export const GLUE_SYNC_ACTIONS = [
  'glue:StartJobRun',
  'glue:GetJobRun',
  'glue:GetJobRuns',
  'glue:BatchStopJobRun',
] as const;

/** What a state machine's role may be granted, and what the definition asks for. */
export interface StateMachineAccess {
  readonly workflow: Workflow;
  readonly usage: DefinitionUsage;
  /** The functions the definition invokes, exactly. */
  readonly functionArns: readonly string[];
  /** The Glue jobs the definition runs, exactly. */
  readonly glueJobArns: readonly string[];
  /** The bucket S3 sensors poke and Map steps list. */
  readonly dataBucket?: IBucket;
  /** The deployment's key prefix: Map steps list part files below `{keyPrefix}executions/`. */
  readonly keyPrefix: string;
  /** The props' name for messages, e.g. `WorkflowStateMachineProps`. */
  readonly prop: string;
}

/**
 * Grants a state machine's role what the Task states of its definition call, and only that:
 * `lambda:InvokeFunction` on its own functions, the Glue `.sync` actions on its own jobs, and
 * `s3:ListBucket` on the data bucket, conditioned on the prefixes its sensors poke and its Map
 * steps list. Maps are inline (Distributed Maps are refused before this), so no
 * `states:StartExecution` is needed: inline iterations run inside the execution itself.
 */
export function grantStatesAccess(role: IRole, access: StateMachineAccess): void {
  const { usage } = access;
  if (usage.taskResources.has(TaskResource.LambdaInvoke) && access.functionArns.length > 0) {
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'InvokeOwnStages',
        actions: ['lambda:InvokeFunction'],
        resources: [...access.functionArns],
      }),
    );
  }
  if (usage.taskResources.has(TaskResource.GlueStartJobRunSync) && access.glueJobArns.length > 0) {
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'RunOwnGlueJobs',
        actions: [...GLUE_SYNC_ACTIONS],
        resources: [...access.glueJobArns],
      }),
    );
  }
  const listings = usage.taskResources.get(TaskResource.S3ListObjectsV2) ?? [];
  if (listings.length > 0) grantListings(role, access, listings);
}

/**
 * ListObjectsV2 needs `s3:ListBucket` on the bucket. A sensor's prefix is known up to
 * `{logicalDate}`, which becomes `*`; a Map step lists its upstream's part files, which the
 * Map reads from the upstream's pointer at run time and which lie below `{keyPrefix}executions/`
 * of the data bucket (a pointer to another bucket is denied).
 */
function grantListings(role: IRole, access: StateMachineAccess, listings: readonly StateSite[]) {
  const { workflow, dataBucket, prop } = access;
  const sensors = new Set<string>();
  const maps = new Set<string>();
  for (const site of listings) {
    const step = workflow.steps.find((candidate) => candidate.name === site.step);
    if (dataBucket === undefined) {
      throw new InfraPropsError(
        `${prop}.dataBucket is missing: ${describeSite(site)} of workflow "${workflow.name}" lists objects in the data bucket`,
      );
    }
    if (step?.kind === 's3-sensor')
      sensors.add(`${access.keyPrefix}${sensorPrefixPattern(step.prefix)}`);
    else if (step?.kind === 'map') maps.add(`${access.keyPrefix}${EXECUTIONS_FOLDER}*`);
    else
      throw new InfraPropsError(
        `${prop}.workflow: ${describeSite(site)} of workflow "${workflow.name}" lists objects, but is neither an S3 sensor nor a Map step`,
      );
  }
  const listStatement = (sid: string, prefixes: ReadonlySet<string>) =>
    new PolicyStatement({
      sid,
      actions: ['s3:ListBucket'],
      resources: [(dataBucket as IBucket).bucketArn],
      conditions: { StringLike: { 's3:prefix': [...prefixes].sort() } },
    });
  if (sensors.size > 0) role.addToPrincipalPolicy(listStatement('PokeSensorPrefixes', sensors));
  if (maps.size > 0) role.addToPrincipalPolicy(listStatement('ListMapParts', maps));
}

/**
 * A sensor's prefix as an `s3:prefix` StringLike pattern: `{logicalDate}` becomes `*`, so
 * `incoming/dt={logicalDate}/_SUCCESS` allows `incoming/dt=` + any date + `/_SUCCESS`. A
 * literal `$` is written as IAM's escape for it (core refuses `*` and `?` in sensor prefixes).
 */
export function sensorPrefixPattern(prefix: string): string {
  return prefix
    .split(LOGICAL_DATE_TOKEN)
    .map((literal) => literal.replace(/\$/g, () => '${$}'))
    .join('*');
}
