import dagre from '@dagrejs/dagre';
import type { UiDag } from '../../src/ui/ui-api-types.js';

/** The start and end of the run, drawn as circles. */
export const START = '__start';
export const END = '__end';

export interface PlacedNode {
  readonly name: string;
  /** The centre. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  readonly allDone: boolean;
  readonly points: readonly { x: number; y: number }[];
}

export interface DagLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
}

const NODE_HEIGHT = 44;
const CIRCLE = 22;
/** An approximate character width of the node font, to size boxes without measuring text. */
const CHAR_WIDTH = 7.2;

/**
 * Lays the DAG out top to bottom with dagre (a layered, Sugiyama-style layout, as Airflow's
 * graph view has): steps in ranks by dependency, edges routed between them. It runs in the
 * page, so the server only sends the model.
 */
export function layoutDag(dag: UiDag): DagLayout {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', nodesep: 28, ranksep: 42, marginx: 12, marginy: 12 });
  graph.setDefaultEdgeLabel(() => ({}));
  graph.setNode(START, { width: CIRCLE, height: CIRCLE });
  graph.setNode(END, { width: CIRCLE, height: CIRCLE });
  for (const node of dag.nodes) {
    const text = Math.max(node.name.length, (node.details[0] ?? '').length * 0.85);
    // A rhombus holds its text in its middle half; a hexagon loses its two points.
    const widen = node.kind === 'branch' ? 1.7 : node.kind === 's3-sensor' ? 1.15 : 1;
    const width = Math.max(110, text * CHAR_WIDTH + 24) * widen;
    graph.setNode(node.name, { width, height: NODE_HEIGHT });
  }
  for (const root of dag.roots) graph.setEdge(START, root);
  for (const edge of dag.edges) {
    graph.setEdge(
      edge.from,
      edge.to,
      edge.label ? { label: edge.label, width: edge.label.length * 6, height: 14 } : {},
    );
  }
  for (const leaf of dag.leaves) graph.setEdge(leaf, END);
  dagre.layout(graph);
  const byPair = new Map(dag.edges.map((e) => [`${e.from}\u0000${e.to}`, e]));
  const size = graph.graph();
  return {
    width: size.width ?? 0,
    height: size.height ?? 0,
    nodes: graph.nodes().map((name) => {
      const placed = graph.node(name) as { x: number; y: number; width: number; height: number };
      return { name, x: placed.x, y: placed.y, width: placed.width, height: placed.height };
    }),
    edges: graph.edges().map(({ v, w }) => {
      const model = byPair.get(`${v}\u0000${w}`);
      return {
        from: v,
        to: w,
        ...(model?.label !== undefined && { label: model.label }),
        allDone: model?.allDone ?? false,
        points: (graph.edge(v, w) as { points: { x: number; y: number }[] }).points,
      };
    }),
  };
}
