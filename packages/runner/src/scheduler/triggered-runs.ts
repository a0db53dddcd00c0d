import { logicalDateOfKey } from '@ceap/core';
import type { Workflow, WorkflowTrigger } from '@ceap/core/workflow';
import type { RunnerClient } from '../client/runner-client.js';
import { ExecutionNotFoundError } from '../errors.js';
import { datedExecutionId } from '../schedule/dated-runs.js';
import type { SchedulerRun } from './scheduler-types.js';

/** A workflow with an `objectCreated` trigger. */
export type TriggeredWorkflow = Workflow & { readonly trigger: WorkflowTrigger };

/** The workflows that declare a trigger. */
export function triggeredWorkflows(workflows: readonly Workflow[]): TriggeredWorkflow[] {
  return workflows.filter((w): w is TriggeredWorkflow => w.trigger !== undefined);
}

/**
 * The runs a workflow's trigger asks for: one per logical date among the keys under its
 * prefix (a key's `dt=YYYY-MM-DD` part; keys without one are not a date's data and start
 * nothing), each with the first such key, for dates whose run `{workflow}-{date}` does not
 * exist yet. `known` holds the ids already seen, so each date is looked up once per process.
 */
export async function triggeredRuns(
  client: RunnerClient,
  workflow: TriggeredWorkflow,
  known: Set<string>,
  now: Date,
): Promise<SchedulerRun[]> {
  const keys = await client.objectKeys(workflow.name, workflow.trigger.objectCreated.prefix);
  const firstKeys = new Map<string, string>();
  for (const key of keys) {
    const date = logicalDateOfKey(key);
    if (date !== undefined && !firstKeys.has(date)) firstKeys.set(date, key);
  }
  const due: SchedulerRun[] = [];
  for (const [logicalDate, objectKey] of [...firstKeys].sort(([a], [b]) => a.localeCompare(b))) {
    const executionId = datedExecutionId(workflow.name, logicalDate);
    if (known.has(executionId)) continue;
    if (await exists(client, executionId)) {
      known.add(executionId);
      continue;
    }
    due.push({
      workflow: workflow.name,
      executionId,
      logicalDate,
      scheduledTime: now.toISOString(),
      objectKey,
    });
  }
  return due;
}

async function exists(client: RunnerClient, executionId: string): Promise<boolean> {
  try {
    await client.describe(executionId);
    return true;
  } catch (error) {
    if (error instanceof ExecutionNotFoundError) return false;
    throw error;
  }
}
