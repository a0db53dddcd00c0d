import * as z from 'zod';
import { GlueJobSpecError } from './errors.js';
import { GlueJobType, GlueWorkerType } from './glue-presets.js';
import type { GlueJobSpec } from './job-spec.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;
const PREFIX = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;
const SECURITY_CONFIGURATION = /^[A-Za-z0-9_.-]{1,255}$/;
const SPARK_GLUE_VERSIONS = ['4.0', '5.0'];
const PYTHON_SHELL_GLUE_VERSIONS = ['3.0'];
const PYTHON_SHELL_CAPACITIES = [0.0625, 1];
const WORKER_TYPES = Object.values(GlueWorkerType);
const JOB_TYPES = Object.values(GlueJobType);
const BOOKMARK_OPTIONS = ['job-bookmark-enable', 'job-bookmark-disable', 'job-bookmark-pause'];
const SPARK_ONLY_ARGUMENTS = [
  '--enable-auto-scaling',
  '--enable-spark-ui',
  '--enable-continuous-cloudwatch-log',
];
/** Glue's own limit on a job run's timeout: 48 hours. */
const MAX_TIMEOUT_MINUTES = 2880;

const quoted = (value: unknown) => JSON.stringify(value);

/** A whole number in a range; the message shows the value and the range (or `expected`). */
const wholeNumber = (min: number, max: number, expected?: string) =>
  z.number().refine((value) => Number.isInteger(value) && value >= min && value <= max, {
    error: (issue) =>
      `${issue.input} must be ${expected ?? `a whole number from ${min} to ${max}`}`,
  });

const prefixSchema = z.string().regex(PREFIX, {
  error: (issue) =>
    `${quoted(issue.input)} must be 1-63 characters of A-Z a-z 0-9 - starting with a letter or digit`,
});

/** The fields one at a time; the rules between fields are in {@link checkJobType}. */
const specSchema = z
  .object({
    name: z.string().regex(NAME, {
      error: (issue) => `${quoted(issue.input)} must be 1-255 characters of A-Z a-z 0-9 _ . -`,
    }),
    description: z.string().optional(),
    jobType: z.enum(JOB_TYPES, {
      error: (issue) => `${quoted(issue.input)} must be one of ${JOB_TYPES.join(', ')}`,
    }),
    glueVersion: z.string(),
    pythonVersion: z.enum(['3', '3.9'], {
      error: (issue) => `${quoted(issue.input)} must be "3" (Spark) or "3.9" (pythonshell)`,
    }),
    scriptLocation: z.string().min(1, { error: 'is required' }),
    workerType: z
      .enum(WORKER_TYPES, {
        error: (issue) =>
          `${quoted(issue.input)} is not a Glue worker type (${WORKER_TYPES.join(', ')})`,
      })
      .optional(),
    numberOfWorkers: z.number().optional(),
    maxCapacity: z.number().optional(),
    timeoutMinutes: wholeNumber(1, MAX_TIMEOUT_MINUTES).optional(),
    maxRetries: wholeNumber(0, 10),
    maxConcurrentRuns: wholeNumber(1, 1000),
    defaultArguments: z.record(z.string(), z.string({ error: 'must be a string' })),
    securityConfiguration: z
      .string()
      .regex(SECURITY_CONFIGURATION, {
        error: (issue) => `${quoted(issue.input)} must name a Glue security configuration`,
      })
      .optional(),
    assets: z
      .object({
        script: z.string().min(1, { error: 'is required' }),
        pythonModules: z.string().optional(),
        extraFiles: z.array(z.string()).optional(),
      })
      .optional(),
  })
  .superRefine((spec, ctx) => {
    const fail = (field: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [field], message });
    checkJobType(spec as GlueJobSpec, fail);
    checkDefaultArguments(spec as GlueJobSpec, fail);
  });

type Fail = (field: string, message: string) => void;

/**
 * Refuses a job spec that AWS would refuse or that cannot work, with a {@link GlueJobSpecError}
 * naming the field (e.g. `workerType: G.025X is only for gluestreaming jobs`); returns the spec
 * unchanged otherwise. Infra calls it on every job it synthesizes.
 */
export function validateGlueJobSpec(spec: GlueJobSpec, prefix?: string): GlueJobSpec {
  if (prefix !== undefined) firstIssue(prefixSchema.safeParse(prefix), 'prefix');
  firstIssue(specSchema.safeParse(spec, { error: describeIssue }), 'spec');
  return spec;
}

/** Throws the first issue as a GlueJobSpecError naming its field. */
function firstIssue(parsed: z.ZodSafeParseResult<unknown>, root: string): void {
  const issue = parsed.error?.issues[0];
  if (issue === undefined) return;
  const field = issue.path.length === 0 ? root : issue.path.map(String).join('.');
  throw new GlueJobSpecError(field, issue.message);
}

/** zod's messages for the issues without one of their own: a missing or mistyped field. */
function describeIssue(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  if (issue.input === undefined) return 'is required';
  return `must be a ${issue.expected}, got ${quoted(issue.input)}`;
}

function checkJobType(spec: GlueJobSpec, fail: Fail): void {
  if (spec.jobType === GlueJobType.PythonShell) checkPythonShell(spec, fail);
  else checkSpark(spec, fail);
  if (spec.jobType === GlueJobType.Streaming && spec.timeoutMinutes !== undefined)
    fail('timeoutMinutes', 'a gluestreaming job runs until stopped; leave the timeout unset');
}

function checkSpark(spec: GlueJobSpec, fail: Fail): void {
  if (!SPARK_GLUE_VERSIONS.includes(spec.glueVersion)) {
    fail(
      'glueVersion',
      `${quoted(spec.glueVersion)} must be 4.0 or later (${SPARK_GLUE_VERSIONS.join(', ')}) for ${spec.jobType}`,
    );
  }
  if (spec.maxCapacity !== undefined)
    fail(
      'maxCapacity',
      `is for pythonshell jobs; ${spec.jobType} takes workerType and numberOfWorkers`,
    );
  if (spec.workerType === undefined) fail('workerType', `is required for ${spec.jobType}`);
  else if (spec.workerType === GlueWorkerType.G_025X && spec.jobType !== GlueJobType.Streaming)
    fail('workerType', 'G.025X is only for gluestreaming jobs');
  const workers = spec.numberOfWorkers;
  if (workers === undefined) fail('numberOfWorkers', `is required for ${spec.jobType}`);
  else if (!Number.isInteger(workers) || workers < 2 || workers > 1000)
    fail('numberOfWorkers', `${workers} must be at least 2 for ${spec.workerType}`);
}

function checkPythonShell(spec: GlueJobSpec, fail: Fail): void {
  if (spec.workerType !== undefined)
    fail('workerType', 'pythonshell jobs take maxCapacity (0.0625 or 1), not workers');
  if (spec.numberOfWorkers !== undefined)
    fail('numberOfWorkers', 'pythonshell jobs take maxCapacity (0.0625 or 1), not workers');
  if (spec.maxCapacity !== undefined && !PYTHON_SHELL_CAPACITIES.includes(spec.maxCapacity))
    fail('maxCapacity', `${spec.maxCapacity} must be 0.0625 or 1 DPU for pythonshell`);
  if (!PYTHON_SHELL_GLUE_VERSIONS.includes(spec.glueVersion) || spec.pythonVersion !== '3.9') {
    fail(
      'glueVersion',
      `pythonshell runs on Glue 3.0 with pythonVersion 3.9, got ${spec.glueVersion} / ${spec.pythonVersion}`,
    );
  }
}

function checkDefaultArguments(spec: GlueJobSpec, fail: Fail): void {
  const args = spec.defaultArguments;
  for (const key of Object.keys(args)) {
    if (!key.startsWith('--')) fail(`defaultArguments.${key}`, 'must start with "--"');
  }
  const bookmark = args['--job-bookmark-option'];
  if (bookmark !== undefined && !BOOKMARK_OPTIONS.includes(bookmark)) {
    fail(
      'defaultArguments.--job-bookmark-option',
      `${quoted(bookmark)} must be one of ${BOOKMARK_OPTIONS.join(', ')}`,
    );
  }
  if (spec.jobType === GlueJobType.PythonShell) {
    for (const key of SPARK_ONLY_ARGUMENTS) {
      if (args[key] !== undefined)
        fail(`defaultArguments.${key}`, 'is for Spark jobs, not pythonshell');
    }
  }
  const path = args['--spark-event-logs-path'];
  if (args['--enable-spark-ui'] === 'true' && (path === undefined || !path.startsWith('s3://'))) {
    fail(
      'defaultArguments.--spark-event-logs-path',
      'must be an s3:// path when --enable-spark-ui is true',
    );
  }
}
