import type { Workflow } from '@ceap/core/workflow';
import { type DagNode, dagModel } from './dag-model.js';
import { END_NODE, escapeLabel, MermaidIds, START_NODE } from './mermaid-text.js';

/** Each step kind's Mermaid shape, as the opening and closing of its node. */
const SHAPES: Readonly<Record<DagNode['kind'], readonly [string, string]>> = {
  lambda: ['["', '"]'],
  glue: ['[/"', '"/]'],
  map: ['[["', '"]]'],
  branch: ['{"', '"}'],
  wait: ['(["', '"])'],
  's3-sensor': ['{{"', '"}}'],
};

/**
 * Draws a workflow's DAG as a Mermaid flowchart, from its {@link dagModel}: one node per step,
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
  const model = dagModel(workflow);
  const ids = new MermaidIds();
  const lines = ['flowchart TD', `  ${START_NODE}((start))`, `  ${END_NODE}((end))`];
  for (const node of model.nodes) {
    const [open, close] = SHAPES[node.kind];
    const label = escapeLabel([node.name, ...node.details].join('<br/>'));
    lines.push(`  ${ids.of(node.name)}${open}${label}${close}`);
  }
  for (const node of model.nodes) {
    const to = ids.of(node.name);
    if (model.roots.includes(node.name)) lines.push(`  ${START_NODE} --> ${to}`);
    for (const edge of model.edges.filter((e) => e.to === node.name)) {
      const arrow = edge.allDone ? '-.->' : '-->';
      const labelled = edge.label === undefined ? arrow : `${arrow}|"${escapeLabel(edge.label)}"|`;
      lines.push(`  ${ids.of(edge.from)} ${labelled} ${to}`);
    }
    if (model.leaves.includes(node.name)) lines.push(`  ${to} --> ${END_NODE}`);
  }
  return `${lines.join('\n')}\n`;
}
