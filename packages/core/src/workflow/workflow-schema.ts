import { z } from 'zod';
import { STAGE_NAME_PATTERN, STAGE_NAME_RULE } from '../s3-keys.js';

const WORKFLOW_NAME_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;
/** Express executions last at most 5 minutes. */
export const EXPRESS_MAX_SECONDS = 300;

const positiveInteger = z
  .number({ error: 'must be a number' })
  .int('must be a whole number of at least 1')
  .min(1, 'must be a whole number of at least 1');

const retryPolicySchema = z.object({
  errors: z.array(z.string().min(1)).min(1, 'must not be empty'),
  intervalSeconds: z.number().min(1, 'must be at least 1'),
  maxAttempts: z.number().int('must be a whole number').min(0, 'must be at least 0'),
  backoffRate: z.number().min(1, 'must be at least 1'),
  maxDelaySeconds: positiveInteger.optional(),
  jitter: z.enum(['FULL', 'NONE']).optional(),
});

const stepSchema = z.object({
  kind: z.enum(['lambda', 'glue'], { error: 'must be lambda or glue' }),
  stage: z.string().regex(STAGE_NAME_PATTERN, STAGE_NAME_RULE),
  timeoutSeconds: positiveInteger.optional(),
  retry: z.array(retryPolicySchema).optional(),
});

/** The shape of a workflow, field by field; cross-field rules live in workflow-validation. */
export const workflowSchema = z.object({
  name: z
    .string()
    .regex(WORKFLOW_NAME_PATTERN, 'must be 1-64 characters of a-z 0-9 - starting with a letter'),
  type: z.enum(['EXPRESS', 'STANDARD'], { error: 'must be EXPRESS or STANDARD' }),
  description: z.string().optional(),
  steps: z.array(stepSchema).min(1, 'must not be empty'),
  timeoutSeconds: positiveInteger,
  defaultTaskTimeoutSeconds: positiveInteger,
  catchToFailState: z.boolean().optional(),
  schedule: z.object({ expression: z.string().min(1), timeZone: z.string().min(1) }).optional(),
});
