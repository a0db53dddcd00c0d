import type { BranchCondition, BranchStep, Workflow, WorkflowStep } from '@ceap/core/workflow';
import { END_NODE, escapeLabel, MermaidIds, START_NODE } from './mermaid-text.js';

/**
 * Draws a workflow's DAG as a Mermaid flowchart, from the workflow model: one node per step,
 * an edge for each `after` dependency. Each kind has its shape: a stage on Lambda a box, a
 * Glue job a parallelogram, a Map a double box saying what it maps over, a branch a rhombus
 * whose edges carry the routes' conditions, a wait a stadium and an S3 sensor a hexagon. The
 * steps of an `all_done` trigger rule are reached by dotted edges.
 *
 * @example
 * mermaidDag(guardedBatchWorkflow);
 * // flowchart TD
 * //   InputReady{{"InputReady<br/>S3 sensor: incoming/dt={logicalDate}/_SUCCESS<br/>…"}}
 * //   HasCandidates -->|"ETLStage.records #gt; 0"| FilterStage
 */
export function mermaidDag(workflow: Workflow): string {
  const ids = new MermaidIds();
  const byName = new Map(workflow.steps.map((step) => [step.name, step]));
  const lines = ['flowchart TD', `  ${START_NODE}((start))`, `  ${END_NODE}((end))`];
  for (const step of workflow.steps) {
    lines.push(`  ${ids.of(step.name)}${shapeOf(step, workflow)}`);
  }
  const needed = new Set(workflow.steps.flatMap((step) => step.after ?? []));
  for (const step of workflow.steps) {
    const to = ids.of(step.name);
    const upstream = step.after ?? [];
    if (upstream.length === 0) lines.push(`  ${START_NODE} --> ${to}`);
    for (const name of upstream) {
      const label = edgeLabel(byName.get(name), step);
      const arrow = step.triggerRule === 'all_done' ? '-.->' : '-->';
      const labelled = label === undefined ? arrow : `${arrow}|"${escapeLabel(label)}"|`;
      lines.push(`  ${ids.of(name)} ${labelled} ${to}`);
    }
    if (!needed.has(step.name)) lines.push(`  ${to} --> ${END_NODE}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The node's shape and label: its name, then what it runs. */
function shapeOf(step: WorkflowStep, workflow: Workflow): string {
  const label = (...details: string[]) =>
    escapeLabel([step.name, ...details].filter((d) => d !== '').join('<br/>'));
  const rule = step.triggerRule === 'all_done' ? 'runs when all upstreams are done' : '';
  switch (step.kind) {
    case 'lambda':
      return `["${label(step.stage === step.name ? 'Lambda' : `Lambda: ${step.stage}`, rule)}"]`;
    case 'glue':
      return `[/"${label(`Glue job: ${step.job}`, rule)}"/]`;
    case 'map': {
      const tolerated = step.toleratedFailureCount ?? 0;
      const limits = `up to ${step.maxConcurrency ?? 10} at once${tolerated > 0 ? `, tolerates ${tolerated} failed` : ''}`;
      return `[["${label(`map ${step.stage} over each part of ${step.over}`, limits, rule)}"]]`;
    }
    case 'branch':
      return `{"${label('branch', rule)}"}`;
    case 'wait': {
      const until =
        step.untilInputField !== undefined
          ? `wait until input.${step.untilInputField}`
          : `wait ${step.seconds ?? 0} s`;
      return `(["${label(until, rule)}"])`;
    }
    case 's3-sensor': {
      const timeout = step.timeoutSeconds ?? workflow.defaultTaskTimeoutSeconds;
      const poll = `every ${step.intervalSeconds} s, for up to ${timeout} s${step.softFail ? ', then skips' : ''}`;
      return `{{"${label(`S3 sensor: ${step.prefix}`, poll, rule)}"}}`;
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
