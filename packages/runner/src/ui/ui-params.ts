import { InvalidExecutionIdError, InvalidWorkflowError, parseExecutionId } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import { findWorkflow } from '../client/start-plan.js';
import {
  ExecutionAlreadyExistsError,
  ExecutionNotFoundError,
  RunnerUsageError,
  UnknownWorkflowError,
} from '../errors.js';
import { checkExecutionId, checkLogicalDate } from '../execution-ids.js';
import type { UiStartRequest } from './ui-api-types.js';

/** A request the UI server refuses, with the HTTP status it answers. */
export class UiRequestError extends RunnerUsageError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'UiRequestError';
  }
}

/** The HTTP status of an error: what the CLI calls a usage error is the caller's (4xx). */
export function statusOf(error: unknown): number {
  if (error instanceof UiRequestError) return error.status;
  if (error instanceof ExecutionNotFoundError || error instanceof UnknownWorkflowError) return 404;
  if (error instanceof ExecutionAlreadyExistsError) return 409;
  if (
    error instanceof RunnerUsageError ||
    error instanceof InvalidExecutionIdError ||
    error instanceof InvalidWorkflowError
  ) {
    return 400;
  }
  return 500;
}

/** A path segment, decoded; a malformed escape is the caller's mistake (400), not the server's. */
export function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new UiRequestError(
      400,
      `the path segment ${JSON.stringify(segment)} is not valid URL encoding`,
    );
  }
}

/** An execution id from a URL, checked with core's rule as `--execution-id` is. */
export function executionIdParam(value: string): string {
  return parseExecutionId(decoded(value));
}

/** A workflow the server knows, by name; UnknownWorkflowError (404) lists the known ones. */
export function workflowParam(
  workflows: Readonly<Record<string, Workflow>>,
  name: string,
): Workflow {
  return findWorkflow(workflows, decoded(name));
}

/** A step of the workflow, checked against its steps as `--step` is. */
export function stepParam(workflow: Workflow, value: string): string {
  const step = decoded(value);
  if (workflow.steps.some((s) => s.name === step)) return step;
  throw new UiRequestError(
    404,
    `step ${JSON.stringify(step)} is not a step of ${workflow.name}; expected one of: ${workflow.steps
      .map((s) => s.name)
      .join(', ')}`,
  );
}

/** A start request's body, each field checked as the `start` command checks its flags. */
export function startRequestParam(
  workflows: Readonly<Record<string, Workflow>>,
  body: unknown,
): UiStartRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new UiRequestError(
      400,
      'the request body must be a JSON object { workflow, input?, logicalDate?, executionId? }',
    );
  }
  const { workflow, input, logicalDate, executionId, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new UiRequestError(400, `unknown field(s): ${unknown.join(', ')}`);
  if (typeof workflow !== 'string') throw new UiRequestError(400, 'workflow must be a string');
  findWorkflow(workflows, workflow);
  if (input !== undefined && (typeof input !== 'object' || input === null || Array.isArray(input)))
    throw new UiRequestError(400, 'input must be a JSON object');
  return {
    workflow,
    ...(input !== undefined && { input: input as Record<string, unknown> }),
    ...(logicalDate !== undefined &&
      logicalDate !== '' && { logicalDate: checkLogicalDate(String(logicalDate)) }),
    ...(executionId !== undefined &&
      executionId !== '' && { executionId: checkExecutionId(String(executionId)) }),
  };
}
