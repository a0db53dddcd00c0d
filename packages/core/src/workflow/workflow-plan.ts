import type { WorkflowGraph } from './workflow-graph.js';

/** How the steps of a DAG nest into sequences and Parallel states. */
export type PlanBlock =
  | { readonly kind: 'step'; readonly name: string }
  | { readonly kind: 'sequence'; readonly blocks: readonly PlanBlock[] }
  | { readonly kind: 'parallel'; readonly branches: readonly PlanBlock[] };

/**
 * Where the compiler made steps wait for more than they depend on, because that part of the
 * graph is not series-parallel: every step in `before` ends before any step in `after` starts.
 */
export interface PlanBarrier {
  readonly before: readonly string[];
  readonly after: readonly string[];
}

/** The nesting of a workflow's steps, and the barriers it needed. */
export interface WorkflowPlan {
  readonly root: PlanBlock;
  readonly barriers: readonly PlanBarrier[];
}

interface Candidate {
  readonly block: PlanBlock;
  readonly barriers: readonly PlanBarrier[];
}

/** Beyond this many steps in one non-series-parallel part, the first split is taken as is. */
const EXHAUSTIVE_SEARCH_LIMIT = 16;

/**
 * Nests a DAG into sequences and Parallel states. Series-parallel parts nest exactly: a step
 * that every other step of the part either needs or depends on splits it into before and
 * after; independent parts run side by side. Anything else is cut into an ancestor-closed
 * first half and the rest, with a barrier between them, choosing the cut that needs the
 * fewest barriers in all.
 */
export function planWorkflow(graph: WorkflowGraph): WorkflowPlan {
  const memo = new Map<string, Candidate>();
  const { block, barriers } = decompose(graph, [...graph.steps.keys()], memo);
  return { root: block, barriers };
}

function decompose(graph: WorkflowGraph, nodes: readonly string[], memo: Map<string, Candidate>) {
  const key = [...nodes].sort().join('\u0000');
  let found = memo.get(key);
  if (!found) {
    found = decomposeUncached(graph, nodes, memo);
    memo.set(key, found);
  }
  return found;
}

function decomposeUncached(
  graph: WorkflowGraph,
  nodes: readonly string[],
  memo: Map<string, Candidate>,
): Candidate {
  if (nodes.length === 1)
    return { block: { kind: 'step', name: nodes[0] as string }, barriers: [] };
  const inSet = new Set(nodes);
  const order = topologicalOrder(graph, nodes);
  for (const pivot of order) {
    const ancestors = [...graph.ancestorsOf(pivot)].filter((n) => inSet.has(n));
    const descendants = [...graph.descendantsOf(pivot)].filter((n) => inSet.has(n));
    if (ancestors.length + descendants.length + 1 !== nodes.length) continue;
    const parts: Candidate[] = [];
    if (ancestors.length > 0) parts.push(decompose(graph, inOrder(order, ancestors), memo));
    parts.push({ block: { kind: 'step', name: pivot }, barriers: [] });
    if (descendants.length > 0) parts.push(decompose(graph, inOrder(order, descendants), memo));
    return sequenceOf(parts);
  }
  const components = connectedComponents(graph, order);
  if (components.length > 1) {
    const branches = components.map((component) => decompose(graph, component, memo));
    return {
      block: { kind: 'parallel', branches: branches.map((b) => b.block) },
      barriers: branches.flatMap((b) => b.barriers),
    };
  }
  return bestCut(graph, order, memo);
}

/** Cuts a part that is not series-parallel at the depth that leaves the fewest barriers. */
function bestCut(
  graph: WorkflowGraph,
  order: readonly string[],
  memo: Map<string, Candidate>,
): Candidate {
  const depth = depthsWithin(graph, order);
  const maxDepth = Math.max(...depth.values());
  let best: Candidate | undefined;
  for (let cut = 0; cut < maxDepth; cut++) {
    const before = order.filter((n) => (depth.get(n) as number) <= cut);
    const after = order.filter((n) => (depth.get(n) as number) > cut);
    const candidate = sequenceOf([decompose(graph, before, memo), decompose(graph, after, memo)]);
    const withBarrier = { ...candidate, barriers: [{ before, after }, ...candidate.barriers] };
    if (!best || withBarrier.barriers.length < best.barriers.length) best = withBarrier;
    if (order.length > EXHAUSTIVE_SEARCH_LIMIT) break;
  }
  return best as Candidate;
}

function sequenceOf(parts: readonly Candidate[]): Candidate {
  const blocks = parts.flatMap((part) =>
    part.block.kind === 'sequence' ? part.block.blocks : [part.block],
  );
  return {
    block: blocks.length === 1 ? (blocks[0] as PlanBlock) : { kind: 'sequence', blocks },
    barriers: parts.flatMap((part) => part.barriers),
  };
}

/** Kahn's order, ties broken by declaration order, so the output is stable. */
function topologicalOrder(graph: WorkflowGraph, nodes: readonly string[]): string[] {
  const inSet = new Set(nodes);
  const declared = [...graph.steps.keys()].filter((n) => inSet.has(n));
  const waiting = new Map(
    declared.map((n) => [n, graph.upstreamOf(n).filter((u) => inSet.has(u)).length]),
  );
  const order: string[] = [];
  while (order.length < declared.length) {
    const ready = declared.find((n) => waiting.get(n) === 0 && !order.includes(n));
    if (ready === undefined) throw new Error('the workflow graph has a cycle');
    order.push(ready);
    for (const next of graph.downstreamOf(ready)) {
      if (inSet.has(next)) waiting.set(next, (waiting.get(next) as number) - 1);
    }
  }
  return order;
}

function inOrder(order: readonly string[], subset: readonly string[]): string[] {
  const members = new Set(subset);
  return order.filter((n) => members.has(n));
}

function connectedComponents(graph: WorkflowGraph, order: readonly string[]): string[][] {
  const inSet = new Set(order);
  const seen = new Set<string>();
  const components: string[][] = [];
  for (const start of order) {
    if (seen.has(start)) continue;
    const members: string[] = [];
    const stack = [start];
    while (stack.length > 0) {
      const node = stack.pop() as string;
      if (seen.has(node)) continue;
      seen.add(node);
      members.push(node);
      const neighbours = [...graph.upstreamOf(node), ...graph.downstreamOf(node)];
      stack.push(...neighbours.filter((n) => inSet.has(n) && !seen.has(n)));
    }
    components.push(inOrder(order, members));
  }
  return components;
}

/** The longest path from a root to each step, counting only edges inside the part. */
function depthsWithin(graph: WorkflowGraph, order: readonly string[]): Map<string, number> {
  const inSet = new Set(order);
  const depth = new Map<string, number>();
  for (const node of order) {
    const upstream = graph.upstreamOf(node).filter((u) => inSet.has(u));
    depth.set(
      node,
      upstream.length === 0 ? 0 : Math.max(...upstream.map((u) => depth.get(u) as number)) + 1,
    );
  }
  return depth;
}
