import { InvalidWorkflowError } from '../errors.js';
import { assertStageName } from '../s3-keys.js';
import type { RetryPolicy, Workflow } from './workflow-model.js';

const WORKFLOW_NAME_PATTERN = /^[a-z][a-z0-9-]{0,63}$/;
const EXPRESS_MAX_SECONDS = 300;

/** Refuses a workflow that cannot compile or deploy, naming the field at fault. */
export function validateWorkflow(workflow: Workflow): void {
  const where = `workflow "${workflow.name}"`;
  if (!WORKFLOW_NAME_PATTERN.test(workflow.name)) {
    throw new InvalidWorkflowError(
      `workflow.name ${JSON.stringify(workflow.name)} must be 1-64 characters of a-z 0-9 - starting with a letter`,
    );
  }
  if (workflow.type !== 'EXPRESS' && workflow.type !== 'STANDARD') {
    throw new InvalidWorkflowError(
      `${where}: type must be EXPRESS or STANDARD, got ${JSON.stringify(workflow.type)}`,
    );
  }
  if (workflow.steps.length === 0)
    throw new InvalidWorkflowError(`${where}: steps must not be empty`);
  assertPositiveInteger(workflow.timeoutSeconds, `${where}: timeoutSeconds`);
  assertPositiveInteger(workflow.defaultTaskTimeoutSeconds, `${where}: defaultTaskTimeoutSeconds`);
  if (workflow.type === 'EXPRESS' && workflow.timeoutSeconds > EXPRESS_MAX_SECONDS) {
    throw new InvalidWorkflowError(
      `${where}: timeoutSeconds must be at most ${EXPRESS_MAX_SECONDS} for EXPRESS`,
    );
  }
  const seen = new Set<string>();
  workflow.steps.forEach((step, index) => {
    const at = `${where}: steps[${index}]`;
    try {
      assertStageName(step.stage);
    } catch (error) {
      throw new InvalidWorkflowError(`${at}.stage: ${(error as Error).message}`);
    }
    if (seen.has(step.stage))
      throw new InvalidWorkflowError(`${at}.stage "${step.stage}" appears twice`);
    seen.add(step.stage);
    if (step.kind !== 'lambda' && step.kind !== 'glue') {
      throw new InvalidWorkflowError(`${at}.kind must be lambda or glue`);
    }
    if (step.kind === 'glue' && workflow.type === 'EXPRESS') {
      throw new InvalidWorkflowError(
        `${at}: a glue step needs .sync, which EXPRESS workflows do not support`,
      );
    }
    if (step.timeoutSeconds !== undefined)
      assertPositiveInteger(step.timeoutSeconds, `${at}.timeoutSeconds`);
    step.retry?.forEach((policy, r) => {
      validateRetry(policy, `${at}.retry[${r}]`);
    });
  });
}

function validateRetry(policy: RetryPolicy, at: string): void {
  if (policy.errors.length === 0) throw new InvalidWorkflowError(`${at}.errors must not be empty`);
  if (!(policy.intervalSeconds >= 1))
    throw new InvalidWorkflowError(`${at}.intervalSeconds must be at least 1`);
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 0) {
    throw new InvalidWorkflowError(`${at}.maxAttempts must be a whole number of at least 0`);
  }
  if (!(policy.backoffRate >= 1))
    throw new InvalidWorkflowError(`${at}.backoffRate must be at least 1`);
}

function assertPositiveInteger(value: number, field: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidWorkflowError(`${field} must be a whole number of at least 1, got ${value}`);
  }
}
