import { z } from 'zod';
import { STAGE_NAME_PATTERN, STAGE_NAME_RULE } from '../s3-keys.js';

const WORKFLOW_NAME_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;
/** Express executions last at most 5 minutes. */
export const EXPRESS_MAX_SECONDS = 300;

const positiveInteger = z
  .number({ error: 'must be a number' })
  .int('must be a whole number of at least 1')
  .min(1, 'must be a whole number of at least 1');
const stepName = z.string({ error: 'must be a string' }).regex(STAGE_NAME_PATTERN, STAGE_NAME_RULE);

const retryPolicySchema = z.object({
  errors: z.array(z.string().min(1)).min(1, 'must not be empty'),
  intervalSeconds: z.number().min(1, 'must be at least 1'),
  maxAttempts: z.number().int('must be a whole number').min(0, 'must be at least 0'),
  backoffRate: z.number().min(1, 'must be at least 1'),
  maxDelaySeconds: positiveInteger.optional(),
  jitter: z.enum(['FULL', 'NONE']).optional(),
});

const common = {
  name: stepName,
  after: z.array(stepName).optional(),
  triggerRule: z.enum(['all_success', 'all_done']).optional(),
  timeoutSeconds: positiveInteger.optional(),
  retry: z.array(retryPolicySchema).optional(),
};

const conditionSchema = z.object({
  step: stepName,
  field: z.string().regex(/^(records|rejected|filtered|received|bytes|metrics\.[A-Za-z0-9_.-]+)$/, {
    error: 'must be records, rejected, filtered, received, bytes or metrics.NAME',
  }),
  op: z.enum(['==', '!=', '>', '>=', '<', '<=']),
  value: z.union([z.number(), z.string(), z.boolean()]),
});

const stepSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({
      ...common,
      kind: z.literal('lambda'),
      stage: stepName,
      outputLayout: z.enum(['object', 'parts']).optional(),
    }),
    z.object({ ...common, kind: z.literal('glue'), job: stepName }),
    z.object({
      ...common,
      kind: z.literal('map'),
      stage: stepName,
      over: stepName,
      maxConcurrency: positiveInteger.max(1000, 'must be at most 1000').optional(),
      toleratedFailureCount: z.number().int().min(0, 'must be at least 0').optional(),
    }),
    z.object({
      ...common,
      kind: z.literal('branch'),
      routes: z
        .array(z.object({ when: conditionSchema, follow: z.array(stepName).min(1) }))
        .min(1, 'must have at least one route'),
      otherwise: z.array(stepName).optional(),
    }),
    z.object({
      ...common,
      kind: z.literal('wait'),
      seconds: z.number().int().min(0).max(31_536_000).optional(),
      untilInputField: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
        .optional(),
    }),
    z.object({
      ...common,
      kind: z.literal('s3-sensor'),
      prefix: z
        .string()
        .min(1, 'must not be empty')
        .regex(/^[^*?]*$/, 'must be a plain prefix'),
      intervalSeconds: positiveInteger,
      softFail: z.boolean().optional(),
    }),
  ],
  { error: 'must be lambda, glue, map, branch, wait or s3-sensor' },
);

/** The shape of a workflow, field by field; rules across fields live in workflow-validation. */
export const workflowSchema = z.object({
  name: z
    .string()
    .regex(WORKFLOW_NAME_PATTERN, 'must be 1-64 characters of a-z 0-9 - starting with a letter'),
  type: z.enum(['EXPRESS', 'STANDARD'], { error: 'must be EXPRESS or STANDARD' }),
  description: z.string().optional(),
  steps: z.array(stepSchema).min(1, 'must not be empty'),
  timeoutSeconds: positiveInteger,
  defaultTaskTimeoutSeconds: positiveInteger,
  schedule: z.object({ expression: z.string().min(1), timeZone: z.string().min(1) }).optional(),
  trigger: z
    .object({
      objectCreated: z.object({
        prefix: z
          .string()
          .min(1, 'must not be empty')
          .max(1024)
          .regex(/^[^/*?]/, 'must not start with / * or ?')
          .regex(/^[^*?]*$/, 'is a prefix, not a pattern: no * or ?')
          .refine((p) => !p.startsWith('executions/'), {
            message:
              'must not be under executions/, where the runs write (each run would trigger another)',
          }),
      }),
    })
    .optional(),
});
