import { useMemo } from 'preact/hooks';
import type { UiDag, UiDagNode } from '../../src/ui/ui-api-types.js';
import { END, layoutDag, type PlacedNode, START } from './dag-layout.js';
import { href, statusClass } from './format.js';

/** The run's DAG of steps, each node coloured by the step's state; a click opens the step. */
export function DagView(props: {
  dag: UiDag;
  statuses: Readonly<Record<string, string>>;
  executionId: string;
}) {
  const layout = useMemo(() => layoutDag(props.dag), [props.dag]);
  const kinds = new Map(props.dag.nodes.map((n) => [n.name, n]));
  return (
    <svg
      class="dag"
      width={layout.width}
      height={layout.height}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      data-testid="dag"
    >
      <title>the steps of {props.executionId}, coloured by state</title>
      <defs>
        <marker
          id="arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto"
        >
          <path d="M0,0 L10,5 L0,10 z" class="arrow" />
        </marker>
      </defs>
      {layout.edges.map((edge) => {
        const d = edge.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
        const middle = edge.points[Math.floor(edge.points.length / 2)];
        return (
          <g key={`${edge.from}>${edge.to}`} class="dag-edge">
            <path d={d} class={edge.allDone ? 'edge dotted' : 'edge'} marker-end="url(#arrow)" />
            {edge.label && middle && (
              <text x={middle.x + 4} y={middle.y} class="edge-label">
                {edge.label}
              </text>
            )}
          </g>
        );
      })}
      {layout.nodes.map((node) => {
        if (node.name === START || node.name === END)
          return (
            <circle key={node.name} cx={node.x} cy={node.y} r={node.width / 2} class="terminal" />
          );
        const model = kinds.get(node.name);
        const status = props.statuses[node.name] ?? 'PENDING';
        return (
          <a key={node.name} href={href.step(props.executionId, node.name)}>
            <g class={`dag-node ${statusClass(status)}`} data-step={node.name} data-status={status}>
              <title>{[node.name, status, ...(model?.details ?? [])].join('\n')}</title>
              <Shape node={node} kind={model?.kind ?? 'lambda'} />
              <text x={node.x} y={node.y - 4} class="node-name">
                {node.name}
              </text>
              <text x={node.x} y={node.y + 12} class="node-detail">
                {detailOf(model)}
              </text>
            </g>
          </a>
        );
      })}
    </svg>
  );
}

function detailOf(model: UiDagNode | undefined): string {
  const first = model?.details[0] ?? '';
  return first.length > 34 ? `${first.slice(0, 33)}…` : first;
}

/** Each kind's outline: a branch a rhombus, a sensor a hexagon, a Map a double box, … */
function Shape({ node, kind }: { node: PlacedNode; kind: string }) {
  const { x, y, width: w, height: h } = node;
  const left = x - w / 2;
  const top = y - h / 2;
  if (kind === 'branch')
    return (
      <polygon class="shape" points={`${x},${top} ${left + w},${y} ${x},${top + h} ${left},${y}`} />
    );
  if (kind === 's3-sensor') {
    const c = 12;
    return (
      <polygon
        class="shape"
        points={`${left + c},${top} ${left + w - c},${top} ${left + w},${y} ${left + w - c},${top + h} ${left + c},${top + h} ${left},${y}`}
      />
    );
  }
  const rx = kind === 'wait' ? h / 2 : 4;
  return (
    <>
      {kind === 'map' && (
        <rect class="shape shadow" x={left + 4} y={top + 4} width={w} height={h} rx={rx} />
      )}
      <rect
        class={kind === 'glue' ? 'shape glue' : 'shape'}
        x={left}
        y={top}
        width={w}
        height={h}
        rx={rx}
      />
    </>
  );
}
