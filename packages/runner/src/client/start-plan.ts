import type { ExecutionId, JsonRecord } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import { UnknownWorkflowError } from '../errors.js';
import {
  checkExecutionId,
  checkLogicalDate,
  defaultLogicalDate,
  newExecutionId,
} from '../execution-ids.js';
import type { StartRequest } from '../execution-types.js';

/** A start request with every default applied and every value checked. */
export interface StartPlan {
  readonly workflow: Workflow;
  readonly executionId: ExecutionId;
  readonly logicalDate: string;
  /** True when the date came from the request or its input, not from the default. */
  readonly logicalDateGiven: boolean;
  /**
   * The input given, with the logical date merged in; undefined means "use the sample". A
   * pipe's array of messages is kept as it is (see {@link StartRequest.input}): the index and
   * the engine store and pass it as the JSON it is.
   */
  readonly input?: JsonRecord;
}

/** Looks up a workflow by name; the message lists the known ones. */
export function findWorkflow(
  workflows: Readonly<Record<string, Workflow>>,
  name: string,
): Workflow {
  const workflow = Object.hasOwn(workflows, name) ? workflows[name] : undefined;
  if (!workflow) throw new UnknownWorkflowError(name, Object.keys(workflows));
  return workflow;
}

/**
 * Checks a start request before anything touches S3 or AWS: the workflow, the execution id
 * (core's rule), the logical date. `--logical-date` wins over the input's; with neither, the
 * default is yesterday (UTC) for STANDARD workflows and today for EXPRESS ones.
 */
export function planStart(
  workflows: Readonly<Record<string, Workflow>>,
  request: StartRequest,
  now: Date = new Date(),
): StartPlan {
  const workflow = findWorkflow(workflows, request.workflow);
  const executionId =
    request.executionId !== undefined
      ? checkExecutionId(request.executionId)
      : newExecutionId(workflow.name, now);
  const given = request.logicalDate ?? inputLogicalDate(request.input);
  const logicalDate =
    given !== undefined ? checkLogicalDate(String(given)) : defaultLogicalDate(workflow.type, now);
  const input = Array.isArray(request.input)
    ? (request.input as unknown as JsonRecord)
    : request.input && { ...request.input, logicalDate };
  return { workflow, executionId, logicalDate, logicalDateGiven: given !== undefined, input };
}

/** The logical date an input carries: its own, or the first pipe message's. */
function inputLogicalDate(input: StartRequest['input']): unknown {
  const carrier: unknown = Array.isArray(input) ? input[0] : input;
  return typeof carrier === 'object' && carrier !== null
    ? (carrier as { logicalDate?: unknown }).logicalDate
    : undefined;
}
