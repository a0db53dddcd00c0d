import type { z } from 'zod';
import { InvalidWorkflowError } from '../errors.js';
import type { Workflow } from './workflow-model.js';
import { EXPRESS_MAX_SECONDS, workflowSchema } from './workflow-schema.js';

/** Refuses a workflow that cannot compile or deploy, naming the field at fault. */
export function validateWorkflow(workflow: Workflow): void {
  const parsed = workflowSchema.safeParse(workflow);
  const where = `workflow "${typeof workflow?.name === 'string' ? workflow.name : '?'}"`;
  if (!parsed.success) {
    throw new InvalidWorkflowError(describeIssue(where, workflow, parsed.error.issues[0]));
  }
  if (workflow.type === 'EXPRESS' && workflow.timeoutSeconds > EXPRESS_MAX_SECONDS) {
    throw new InvalidWorkflowError(
      `${where}: timeoutSeconds must be at most ${EXPRESS_MAX_SECONDS} for EXPRESS`,
    );
  }
  const seen = new Set<string>();
  workflow.steps.forEach((step, index) => {
    const at = `${where}: steps[${index}]`;
    if (seen.has(step.stage)) {
      throw new InvalidWorkflowError(`${at}.stage "${step.stage}" appears twice`);
    }
    seen.add(step.stage);
    if (step.kind === 'glue' && workflow.type === 'EXPRESS') {
      throw new InvalidWorkflowError(
        `${at}: a glue step needs .sync, which EXPRESS workflows do not support`,
      );
    }
  });
}

/** `workflow "x": steps[0].retry[1].errors must not be empty (got [])`, from a zod issue. */
function describeIssue(
  where: string,
  workflow: unknown,
  issue: z.core.$ZodIssue | undefined,
): string {
  if (!issue) return `${where} is not a valid workflow`;
  const path = issue.path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`,
    )
    .join('');
  const got = valueAt(workflow, issue.path);
  const field = path === 'name' ? `workflow.name ${JSON.stringify(got)}` : `${where}: ${path}`;
  const shown = path === 'name' || got === undefined ? '' : `, got ${brief(got)}`;
  return `${field} ${issue.message}${shown}`;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

function brief(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
