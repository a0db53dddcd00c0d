import type { StateMachineDefinition } from '@ceap/core/workflow';
import { END_NODE, escapeLabel, MermaidIds, START_NODE } from './mermaid-text.js';

type State = Record<string, unknown>;
type States = Record<string, State>;

/**
 * Draws a compiled definition state by state as a Mermaid flowchart: one node per state,
 * labelled with what runs it; `Next` and a Choice's rules as solid edges, `Catch` and retries
 * as dotted ones. A Parallel state's branches and a Map state's iteration are drawn inside it
 * as subgraphs. `mermaidDag` draws the same workflow step by step.
 *
 * @example
 * mermaidFlowchart(compileWorkflow(batchWorkflow));
 */
export function mermaidFlowchart(definition: StateMachineDefinition): string {
  const ids = new MermaidIds();
  const lines = ['flowchart TD', `  ${START_NODE}((start))`, `  ${END_NODE}((end))`];
  lines.push(`  ${START_NODE} --> ${ids.of(definition.StartAt)}`);
  drawStates(definition.States, END_NODE, ids, lines, '  ');
  return `${lines.join('\n')}\n`;
}

/** Draws `states`; a state with `End` leads to `exit` (nowhere inside a Map's iteration). */
function drawStates(
  states: States,
  exit: string | undefined,
  ids: MermaidIds,
  lines: string[],
  indent: string,
): void {
  for (const [name, state] of Object.entries(states)) {
    const id = ids.of(name);
    lines.push(`${indent}${id}${shape(name, state)}`);
    const next = typeof state.Next === 'string' ? ids.of(state.Next) : exit;
    if (state.Type === 'Parallel') {
      const branches = (state.Branches as { StartAt: string; States: States }[] | undefined) ?? [];
      branches.forEach((branch, index) => {
        const title = `${name} branch ${index + 1}`;
        lines.push(
          `${indent}subgraph ${ids.of(`${name}#branch${index}`)}["${escapeLabel(title)}"]`,
        );
        drawStates(branch.States, next, ids, lines, `${indent}  `);
        lines.push(`${indent}end`);
        lines.push(`${indent}${id} --> ${ids.of(branch.StartAt)}`);
      });
      continue;
    }
    if (state.Type === 'Map') drawIteration(name, state, ids, lines, indent);
    for (const edge of edges(state, ids, id, next)) lines.push(`${indent}${id} ${edge}`);
  }
}

/** A Map state's iteration, as a subgraph the Map enters once per item. */
function drawIteration(
  name: string,
  state: State,
  ids: MermaidIds,
  lines: string[],
  indent: string,
): void {
  const processor = (state.ItemProcessor ?? state.Iterator) as
    | { StartAt: string; States: States }
    | undefined;
  if (!processor) return;
  const group = ids.of(`${name}#each`);
  lines.push(`${indent}subgraph ${group}["${escapeLabel(`${name}: each item`)}"]`);
  drawStates(processor.States, undefined, ids, lines, `${indent}  `);
  lines.push(`${indent}end`);
  lines.push(`${indent}${ids.of(name)} -. "each item" .-> ${ids.of(processor.StartAt)}`);
}

/** The edges out of state `id`: Next (or End), a Choice's rules, Catch, and retries. */
function edges(state: State, ids: MermaidIds, id: string, next: string | undefined): string[] {
  const out: string[] = [];
  if (state.Type === 'Choice') {
    for (const rule of (state.Choices as { Next: string }[] | undefined) ?? []) {
      out.push(`--> ${ids.of(rule.Next)}`);
    }
    if (typeof state.Default === 'string') out.push(`-->|"otherwise"| ${ids.of(state.Default)}`);
  } else if (state.Type !== 'Fail' && state.Type !== 'Succeed' && next !== undefined) {
    out.push(`--> ${next}`);
  }
  for (const catcher of (state.Catch as { ErrorEquals: string[]; Next: string }[] | undefined) ??
    []) {
    out.push(`-. "${escapeLabel(catcher.ErrorEquals.join(', '))}" .-> ${ids.of(catcher.Next)}`);
  }
  const retries = retrySummary(state);
  if (retries) out.push(`-. "${escapeLabel(retries)}" .-> ${id}`);
  return out;
}

function shape(name: string, state: State): string {
  const label = escapeLabel(`${name}<br/>${kindOf(state)}`);
  switch (state.Type) {
    case 'Task':
      return `["${label}"]`;
    case 'Fail':
      return `[["${label}"]]`;
    case 'Choice':
      return `{"${label}"}`;
    default:
      return `("${label}")`;
  }
}

function kindOf(state: State): string {
  const resource = typeof state.Resource === 'string' ? state.Resource : '';
  if (resource.includes(':lambda:')) return 'Lambda';
  if (resource.includes(':glue:')) return `Glue${resource.endsWith('.sync') ? ' (.sync)' : ''}`;
  if (resource.includes(':aws-sdk:s3:')) return `S3 ${resource.split(':').at(-1)}`;
  if (resource) return resource;
  return String(state.Type);
}

function retrySummary(state: State): string | undefined {
  const retry = state.Retry as
    | { MaxAttempts?: number; IntervalSeconds?: number; BackoffRate?: number }[]
    | undefined;
  if (!retry || retry.length === 0) return undefined;
  return retry
    .map(
      (r) => `retry ${r.MaxAttempts ?? 3}x from ${r.IntervalSeconds ?? 1}s, x${r.BackoffRate ?? 2}`,
    )
    .join('; ');
}
