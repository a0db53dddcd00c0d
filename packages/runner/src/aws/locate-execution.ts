import type { Workflow } from '@ceap/core/workflow';
import { ExecutionNotFoundError, StateMachineNotFoundError } from '../errors.js';
import { executionArnOf } from './aws-descriptions.js';
import type { StandardExecution } from './standard-execution.js';

/** How to reach each Standard workflow's executions. */
export interface StandardWorkflows {
  readonly workflows: readonly Workflow[];
  stateMachineArn(workflow: string): Promise<string>;
  execution(workflow: Workflow, executionId: string, arn: string): StandardExecution;
}

/**
 * Runs `use` on the execution in the first Standard state machine that has this id; a
 * workflow that is not deployed (no stack) is passed over.
 */
export async function locateExecution<T>(
  standard: StandardWorkflows,
  executionId: string,
  use: (execution: StandardExecution) => Promise<T>,
): Promise<T> {
  for (const workflow of standard.workflows) {
    try {
      const arn = executionArnOf(await standard.stateMachineArn(workflow.name), executionId);
      return await use(standard.execution(workflow, executionId, arn));
    } catch (error) {
      const elsewhere =
        error instanceof ExecutionNotFoundError || error instanceof StateMachineNotFoundError;
      if (!elsewhere) throw error;
    }
  }
  const names = standard.workflows.map((w) => w.name).join(', ');
  throw new ExecutionNotFoundError(
    executionId,
    `on AWS in the ${names} state machines (EXPRESS executions are not kept by DescribeExecution, and AWS cannot redrive them)`,
  );
}
