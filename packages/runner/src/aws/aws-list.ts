import { ListExecutionsCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { Workflow } from '@ceap/core/workflow';
import { ExecutionStatus, Target } from '../constants.js';
import type { ExecutionDescription, ExecutionFilter } from '../execution-types.js';
import { callAws } from './aws-errors.js';

/**
 * The newest executions of the given Standard workflows, newest first: one ListExecutions page
 * per state machine (AWS lists no Express executions). The rows carry no steps; describe one
 * for those.
 */
export async function listStandardExecutions(
  sfn: SFNClient,
  stateMachineArn: (workflow: string) => Promise<string>,
  workflows: readonly Workflow[],
  filter: ExecutionFilter,
): Promise<ExecutionDescription[]> {
  const limit = filter.limit ?? 100;
  const all: ExecutionDescription[] = [];
  for (const workflow of workflows) {
    const arn = await stateMachineArn(workflow.name);
    const page = await callAws({ operation: 'ListExecutions', resource: arn }, () =>
      sfn.send(
        new ListExecutionsCommand({
          stateMachineArn: arn,
          statusFilter: filter.status,
          maxResults: Math.min(limit, 1000),
        }),
      ),
    );
    for (const item of page.executions ?? []) {
      all.push({
        executionId: item.name ?? '',
        workflow: workflow.name,
        target: Target.Aws,
        status: (item.status ?? ExecutionStatus.Running) as ExecutionDescription['status'],
        startedAt: (item.startDate ?? new Date(0)).toISOString(),
        ...(item.stopDate && { stoppedAt: item.stopDate.toISOString() }),
        ...(item.executionArn && { executionArn: item.executionArn }),
        stages: [],
      });
    }
  }
  return all.sort((a, b) => b.startedAt.localeCompare(a.startedAt)).slice(0, limit);
}
