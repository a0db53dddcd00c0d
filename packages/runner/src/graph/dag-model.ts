import type { BranchCondition, BranchStep, Workflow, WorkflowStep } from '@ceap/core/workflow';

/** One step of the drawn DAG: its name, its kind and what it runs, one line each. */
export interface DagNode {
  readonly name: string;
  readonly kind: WorkflowStep['kind'];
  /** What the step runs and its limits, e.g. `Lambda`, `Glue job: HeavyETLStage`. */
  readonly details: readonly string[];
}

/** A dependency: `to` runs after `from`. */
export interface DagEdge {
  readonly from: string;
  readonly to: string;
  /** A branch route's condition, `otherwise`, or `each part` into a Map. */
  readonly label?: string;
  /** `to` runs when its upstreams are done whatever their outcome (`all_done`). */
  readonly allDone: boolean;
}

/**
 * A workflow's DAG of steps as data: what `ceap graph` draws in Mermaid and `ceap ui` lays out
 * and colours by state. `roots` start the run; `leaves` end it.
 */
export interface DagModel {
  readonly workflow: string;
  readonly nodes: readonly DagNode[];
  readonly edges: readonly DagEdge[];
  readonly roots: readonly string[];
  readonly leaves: readonly string[];
}

/** The DAG of a workflow's steps, from the workflow model (one node per step, one edge per `after`). */
export function dagModel(workflow: Workflow): DagModel {
  const byName = new Map(workflow.steps.map((step) => [step.name, step]));
  const needed = new Set(workflow.steps.flatMap((step) => step.after ?? []));
  const edges = workflow.steps.flatMap((step) =>
    (step.after ?? []).map((from) => {
      const label = edgeLabel(byName.get(from), step);
      return {
        from,
        to: step.name,
        ...(label !== undefined && { label }),
        allDone: step.triggerRule === 'all_done',
      };
    }),
  );
  return {
    workflow: workflow.name,
    nodes: workflow.steps.map((step) => ({
      name: step.name,
      kind: step.kind,
      details: detailsOf(step, workflow),
    })),
    edges,
    roots: workflow.steps.filter((step) => (step.after ?? []).length === 0).map((s) => s.name),
    leaves: workflow.steps.filter((step) => !needed.has(step.name)).map((s) => s.name),
  };
}

/** What a step runs, and its limits; the trigger rule when it is not the default. */
function detailsOf(step: WorkflowStep, workflow: Workflow): string[] {
  const rule = step.triggerRule === 'all_done' ? ['runs when all upstreams are done'] : [];
  switch (step.kind) {
    case 'lambda':
      return [step.stage === step.name ? 'Lambda' : `Lambda: ${step.stage}`, ...rule];
    case 'glue':
      return [`Glue job: ${step.job}`, ...rule];
    case 'map': {
      const tolerated = step.toleratedFailureCount ?? 0;
      const limits = `up to ${step.maxConcurrency ?? 10} at once${tolerated > 0 ? `, tolerates ${tolerated} failed` : ''}`;
      return [`map ${step.stage} over each part of ${step.over}`, limits, ...rule];
    }
    case 'branch':
      return ['branch', ...rule];
    case 'wait':
      return [
        step.untilInputField !== undefined
          ? `wait until input.${step.untilInputField}`
          : `wait ${step.seconds ?? 0} s`,
        ...rule,
      ];
    case 's3-sensor': {
      const timeout = step.timeoutSeconds ?? workflow.defaultTaskTimeoutSeconds;
      const poll = `every ${step.intervalSeconds} s, for up to ${timeout} s${step.softFail ? ', then skips' : ''}`;
      return [`S3 sensor: ${step.prefix}`, poll, ...rule];
    }
  }
}

/** A branch's edges carry the conditions of the routes that follow the step; a Map's, "each part". */
function edgeLabel(from: WorkflowStep | undefined, to: WorkflowStep): string | undefined {
  if (to.kind === 'map' && from?.name === to.over) return 'each part';
  if (from?.kind !== 'branch') return undefined;
  const labels = routesTo(from, to.name);
  return labels.length > 0 ? labels.join(' or ') : undefined;
}

function routesTo(branch: BranchStep, step: string): string[] {
  const labels = branch.routes
    .filter((route) => route.follow.includes(step))
    .map((route) => conditionText(route.when));
  if (branch.otherwise?.includes(step)) labels.push('otherwise');
  return labels;
}

function conditionText(condition: BranchCondition): string {
  return `${condition.step}.${condition.field} ${condition.op} ${JSON.stringify(condition.value)}`;
}
