/**
 * Where Glue writes a job's logs, which infra creates (with a retention and a key) before the
 * first run and the runner reads (`ceap logs --target aws`): one definition for both.
 */

/** Glue names every job log group below this folder, the only one a job's role may write. */
export const GLUE_LOG_ROOT = '/aws-glue/';

/** The job arguments that name a job's log groups. */
export const GlueLogArgument = {
  /** On/off for continuous logging (Glue 4.0 and earlier). */
  ContinuousLogging: '--enable-continuous-cloudwatch-log',
  /** The continuous log group (Glue 4.0 and earlier), suffixed with the security configuration. */
  ContinuousLogGroup: '--continuous-log-logGroup',
  /** The folder of the `output` and `error` log groups (Glue 5.0 and later). */
  LogGroupPrefix: '--custom-logGroup-prefix',
} as const;

/** A job run's two driver log groups, below the job's log folder; each run's stream is its id. */
export const GlueLogGroup = { Output: 'output', Error: 'error' } as const;

/** What a job's log folder depends on: its settings, as Glue's GetJob returns them. */
export interface GlueJobLogSettings {
  readonly glueVersion?: string;
  readonly defaultArguments?: Readonly<Record<string, string>>;
  readonly securityConfiguration?: string;
  /** The job role's name (not its ARN). */
  readonly roleName?: string;
}

/** `/aws-glue/jobs/{securityConfiguration}-role/{roleName}`: Glue 4.0 and earlier, encrypted. */
export function glueDriverLogFolder(securityConfiguration: string, roleName: string): string {
  return `${GLUE_LOG_ROOT}jobs/${securityConfiguration}-role/${roleName}`;
}

/**
 * The folder of a job's `output` and `error` log groups: Glue 5.0 and later use the job's
 * `--custom-logGroup-prefix` (else `/aws-glue/jobs`); earlier versions with a security
 * configuration {@link glueDriverLogFolder}, else `/aws-glue/jobs`.
 */
export function glueJobLogFolder(job: GlueJobLogSettings): string {
  const jobs = `${GLUE_LOG_ROOT}jobs`;
  if (Number.parseFloat(job.glueVersion ?? '0') >= 5) {
    return (job.defaultArguments?.[GlueLogArgument.LogGroupPrefix] ?? jobs).replace(/\/+$/, '');
  }
  if (!job.securityConfiguration) return jobs;
  return glueDriverLogFolder(job.securityConfiguration, job.roleName ?? '');
}
