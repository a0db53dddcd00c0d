import type { z } from 'zod';
import { InvalidWorkflowError } from '../errors.js';
import { WorkflowGraph } from './workflow-graph.js';
import type { RetryPolicy, Workflow, WorkflowStep } from './workflow-model.js';
import { EXPRESS_MAX_SECONDS, workflowSchema } from './workflow-schema.js';
import { worstCase } from './worst-case-duration.js';

/**
 * At most this many steps: every step's result travels in the execution's state, which Step
 * Functions caps at 256 KiB, and a result takes up to about 1 KiB.
 */
export const MAX_STEPS = 100;

/**
 * Refuses a workflow that cannot compile or deploy, before anything runs: a malformed field,
 * duplicate names, an unknown or cyclic dependency, a Glue step in an EXPRESS workflow, a Map
 * over a step that produces no list, a branch route to a step that does not follow it. Each
 * message names the workflow, the step and the field.
 */
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
  if (workflow.steps.length > MAX_STEPS) {
    throw new InvalidWorkflowError(`${where}: steps must be at most ${MAX_STEPS}`);
  }
  const names = new Set<string>();
  workflow.steps.forEach((step, index) => {
    if (names.has(step.name)) {
      throw new InvalidWorkflowError(`${where}: steps[${index}].name "${step.name}" appears twice`);
    }
    names.add(step.name);
  });
  workflow.steps.forEach((step, index) => {
    checkDependencies(`${where}: step "${step.name}" (steps[${index}])`, step, names);
  });
  const graph = new WorkflowGraph(workflow);
  const cycle = graph.findCycle();
  if (cycle) throw new InvalidWorkflowError(`${where}: steps form a cycle: ${cycle.join(' -> ')}`);
  workflow.steps.forEach((step, index) => {
    const at = `${where}: step "${step.name}" (steps[${index}])`;
    checkStep(at, workflow, graph, step);
    checkFitsWorkflowTimeout(at, workflow, step);
  });
}

/**
 * A long task whose own attempts can outlast the workflow is cut off by the workflow's timeout
 * mid-retry, hours in: its Retry rules promise what the execution cannot keep. Lambda steps
 * (minutes at most) are left to their defaults: their worst case is a Lambda's timeout.
 */
function checkFitsWorkflowTimeout(at: string, workflow: Workflow, step: WorkflowStep): void {
  const rules = retryRulesOf(step);
  if (rules === undefined) return;
  const timeout = step.timeoutSeconds ?? workflow.defaultTaskTimeoutSeconds;
  const worst = worstCase(timeout, rules);
  if (worst.totalSeconds > workflow.timeoutSeconds) {
    throw new InvalidWorkflowError(
      `${at}: its attempts can outlast the workflow: ${worst.attempts} attempts × ${timeout} s timeoutSeconds + ${worst.backoffSeconds} s of retry backoff = ${worst.totalSeconds} s, more than the workflow's timeoutSeconds ${workflow.timeoutSeconds}; lower the step's timeoutSeconds or retries, or raise the workflow's`,
    );
  }
}

/** The Retry rules of a long-running step (Glue, a sensor); undefined for other steps. */
function retryRulesOf(step: WorkflowStep): readonly RetryPolicy[] | undefined {
  switch (step.kind) {
    case 'glue':
      return step.retry ?? [];
    case 's3-sensor':
      return [];
    default:
      return undefined;
  }
}

function checkDependencies(at: string, step: WorkflowStep, names: ReadonlySet<string>): void {
  const after = step.after ?? [];
  for (const upstream of after) {
    if (upstream === step.name) throw new InvalidWorkflowError(`${at}.after names the step itself`);
    if (!names.has(upstream)) {
      throw new InvalidWorkflowError(`${at}.after names "${upstream}", which is not a step`);
    }
  }
  if (new Set(after).size !== after.length) {
    throw new InvalidWorkflowError(`${at}.after names a step twice`);
  }
}

function checkStep(at: string, workflow: Workflow, graph: WorkflowGraph, step: WorkflowStep): void {
  switch (step.kind) {
    case 'glue':
      if (workflow.type === 'EXPRESS') {
        throw new InvalidWorkflowError(
          `${at}: a glue step needs .sync, which EXPRESS workflows do not support`,
        );
      }
      if (graph.dataInputsOf(step.name).length !== 1) {
        throw new InvalidWorkflowError(
          `${at}: a glue step reads exactly one upstream step's output; it has ${graph.dataInputsOf(step.name).length}`,
        );
      }
      return;
    case 'map':
      checkMap(at, graph, step);
      return;
    case 'branch':
      checkBranch(at, graph, step);
      return;
    case 'wait':
      if ((step.seconds === undefined) === (step.untilInputField === undefined)) {
        throw new InvalidWorkflowError(`${at}: give exactly one of seconds and untilInputField`);
      }
      return;
    case 's3-sensor': {
      const timeout = step.timeoutSeconds ?? workflow.defaultTaskTimeoutSeconds;
      if (step.intervalSeconds > timeout) {
        throw new InvalidWorkflowError(
          `${at}.intervalSeconds ${step.intervalSeconds} must not exceed its timeout of ${timeout} s`,
        );
      }
      return;
    }
    case 'lambda':
      return;
  }
}

function checkMap(at: string, graph: WorkflowGraph, step: Extract<WorkflowStep, { kind: 'map' }>) {
  if (!(step.after ?? []).includes(step.over)) {
    throw new InvalidWorkflowError(`${at}.over "${step.over}" must also be in its after`);
  }
  const over = graph.step(step.over);
  const listsParts =
    over.kind === 'glue' ||
    over.kind === 'map' ||
    (over.kind === 'lambda' && over.outputLayout === 'parts');
  if (!listsParts) {
    throw new InvalidWorkflowError(
      `${at}.over "${step.over}" produces no list: map over a glue step, a map step or a stage with outputLayout 'parts'`,
    );
  }
}

function checkBranch(
  at: string,
  graph: WorkflowGraph,
  step: Extract<WorkflowStep, { kind: 'branch' }>,
): void {
  const routed = [...step.routes.flatMap((r) => r.follow), ...(step.otherwise ?? [])];
  for (const target of routed) {
    if (!graph.steps.has(target)) {
      throw new InvalidWorkflowError(`${at} routes to "${target}", which is not a step`);
    }
    if (!graph.upstreamOf(target).includes(step.name)) {
      throw new InvalidWorkflowError(
        `${at} routes to "${target}", whose after must name "${step.name}"`,
      );
    }
  }
  const ancestors = graph.ancestorsOf(step.name);
  step.routes.forEach((route, index) => {
    const tested = route.when.step;
    if (!ancestors.has(tested) || !graph.producesData(tested)) {
      throw new InvalidWorkflowError(
        `${at}.routes[${index}].when.step "${tested}" must be an upstream stage, Glue or Map step`,
      );
    }
  });
}

/** `workflow "x": steps[0].retry[1].errors must not be empty`, from a zod issue. */
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
