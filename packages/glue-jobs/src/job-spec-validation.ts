import { GlueJobSpecError } from './errors.js';
import { GlueJobType, GlueWorkerType } from './glue-presets.js';
import type { GlueJobSpec } from './job-spec.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;
const PREFIX = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;
const SECURITY_CONFIGURATION = /^[A-Za-z0-9_.-]{1,255}$/;
const SPARK_GLUE_VERSIONS = new Set(['4.0', '5.0']);
const PYTHON_SHELL_GLUE_VERSIONS = new Set(['3.0']);
const PYTHON_SHELL_CAPACITIES = new Set([0.0625, 1]);
const WORKER_TYPES = new Set<string>(Object.values(GlueWorkerType));
const JOB_TYPES = new Set<string>(Object.values(GlueJobType));
const BOOKMARK_OPTIONS = new Set([
  'job-bookmark-enable',
  'job-bookmark-disable',
  'job-bookmark-pause',
]);
const SPARK_ONLY_ARGUMENTS = [
  '--enable-auto-scaling',
  '--enable-spark-ui',
  '--enable-continuous-cloudwatch-log',
];
/** Glue's own limit on a job run's timeout: 48 hours. */
const MAX_TIMEOUT_MINUTES = 2880;

/**
 * Refuses a job spec that AWS would refuse or that cannot work, with a {@link GlueJobSpecError}
 * naming the field; returns the spec unchanged otherwise.
 */
export function validateGlueJobSpec(spec: GlueJobSpec, prefix?: string): GlueJobSpec {
  if (prefix !== undefined && !PREFIX.test(prefix)) {
    fail(
      'prefix',
      `${JSON.stringify(prefix)} must be 1-63 characters of A-Z a-z 0-9 - starting with a letter or digit`,
    );
  }
  if (!NAME.test(spec.name))
    fail('name', `${JSON.stringify(spec.name)} must be 1-255 characters of A-Z a-z 0-9 _ . -`);
  if (!JOB_TYPES.has(spec.jobType))
    fail('jobType', `${JSON.stringify(spec.jobType)} must be one of ${[...JOB_TYPES].join(', ')}`);
  if (!spec.scriptLocation) fail('scriptLocation', 'is required');
  if (spec.jobType === GlueJobType.PythonShell) checkPythonShell(spec);
  else checkSpark(spec);
  checkTimeout(spec);
  checkInteger('maxRetries', spec.maxRetries, 0, 10);
  checkInteger('maxConcurrentRuns', spec.maxConcurrentRuns, 1, 1000);
  checkDefaultArguments(spec);
  if (
    spec.securityConfiguration !== undefined &&
    !SECURITY_CONFIGURATION.test(spec.securityConfiguration)
  ) {
    fail(
      'securityConfiguration',
      `${JSON.stringify(spec.securityConfiguration)} must name a Glue security configuration`,
    );
  }
  return spec;
}

function checkSpark(spec: GlueJobSpec): void {
  if (!SPARK_GLUE_VERSIONS.has(spec.glueVersion)) {
    fail(
      'glueVersion',
      `${JSON.stringify(spec.glueVersion)} must be 4.0 or later (${[...SPARK_GLUE_VERSIONS].join(', ')}) for ${spec.jobType}`,
    );
  }
  if (spec.maxCapacity !== undefined)
    fail(
      'maxCapacity',
      `is for pythonshell jobs; ${spec.jobType} takes workerType and numberOfWorkers`,
    );
  if (spec.workerType === undefined) fail('workerType', `is required for ${spec.jobType}`);
  if (!WORKER_TYPES.has(spec.workerType)) {
    fail(
      'workerType',
      `${JSON.stringify(spec.workerType)} is not a Glue worker type (${[...WORKER_TYPES].join(', ')})`,
    );
  }
  if (spec.workerType === GlueWorkerType.G_025X && spec.jobType !== GlueJobType.Streaming) {
    fail('workerType', 'G.025X is only for gluestreaming jobs');
  }
  if (spec.numberOfWorkers === undefined)
    fail('numberOfWorkers', `is required for ${spec.jobType}`);
  checkInteger(
    'numberOfWorkers',
    spec.numberOfWorkers,
    2,
    1000,
    `at least 2 for ${spec.workerType}`,
  );
}

function checkPythonShell(spec: GlueJobSpec): void {
  if (spec.workerType !== undefined)
    fail('workerType', 'pythonshell jobs take maxCapacity (0.0625 or 1), not workers');
  if (spec.numberOfWorkers !== undefined)
    fail('numberOfWorkers', 'pythonshell jobs take maxCapacity (0.0625 or 1), not workers');
  if (spec.maxCapacity !== undefined && !PYTHON_SHELL_CAPACITIES.has(spec.maxCapacity)) {
    fail('maxCapacity', `${spec.maxCapacity} must be 0.0625 or 1 DPU for pythonshell`);
  }
  if (!PYTHON_SHELL_GLUE_VERSIONS.has(spec.glueVersion) || spec.pythonVersion !== '3.9') {
    fail(
      'glueVersion',
      `pythonshell runs on Glue 3.0 with pythonVersion 3.9, got ${spec.glueVersion} / ${spec.pythonVersion}`,
    );
  }
}

function checkTimeout(spec: GlueJobSpec): void {
  if (spec.jobType === GlueJobType.Streaming) {
    if (spec.timeoutMinutes !== undefined)
      fail('timeoutMinutes', 'a gluestreaming job runs until stopped; leave the timeout unset');
    return;
  }
  if (spec.timeoutMinutes !== undefined)
    checkInteger('timeoutMinutes', spec.timeoutMinutes, 1, MAX_TIMEOUT_MINUTES);
}

function checkDefaultArguments(spec: GlueJobSpec): void {
  const args = spec.defaultArguments;
  for (const [key, value] of Object.entries(args)) {
    if (!key.startsWith('--')) fail(`defaultArguments.${key}`, 'must start with "--"');
    if (typeof value !== 'string') fail(`defaultArguments.${key}`, 'must be a string');
  }
  const bookmark = args['--job-bookmark-option'];
  if (bookmark !== undefined && !BOOKMARK_OPTIONS.has(bookmark)) {
    fail(
      'defaultArguments.--job-bookmark-option',
      `${JSON.stringify(bookmark)} must be one of ${[...BOOKMARK_OPTIONS].join(', ')}`,
    );
  }
  if (spec.jobType === GlueJobType.PythonShell) {
    for (const key of SPARK_ONLY_ARGUMENTS) {
      if (args[key] !== undefined)
        fail(`defaultArguments.${key}`, 'is for Spark jobs, not pythonshell');
    }
  }
  if (args['--enable-spark-ui'] === 'true') {
    const path = args['--spark-event-logs-path'];
    if (path === undefined || !path.startsWith('s3://')) {
      fail(
        'defaultArguments.--spark-event-logs-path',
        'must be an s3:// path when --enable-spark-ui is true',
      );
    }
  }
}

function checkInteger(
  field: string,
  value: number,
  min: number,
  max: number,
  expected?: string,
): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(field, `${value} must be ${expected ?? `a whole number from ${min} to ${max}`}`);
  }
}

function fail(field: string, message: string): never {
  throw new GlueJobSpecError(field, message);
}
