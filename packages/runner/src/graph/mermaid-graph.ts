import type { StateMachineDefinition } from '@ceap/core/workflow';

const START = '__start';
const END = '__end';

/**
 * Draws a compiled definition as a Mermaid flowchart: one node per state, labelled with what
 * runs it, `Next` as solid edges and `Catch` as dashed ones.
 *
 * @example
 * mermaidFlowchart(compileWorkflow(batchWorkflow));
 */
export function mermaidFlowchart(definition: StateMachineDefinition): string {
  const lines = ['flowchart TD', `  ${START}((start))`, `  ${END}((end))`];
  for (const [name, state] of Object.entries(definition.States)) {
    lines.push(`  ${nodeId(name)}${shape(name, state)}`);
  }
  lines.push(`  ${START} --> ${nodeId(definition.StartAt)}`);
  for (const [name, state] of Object.entries(definition.States)) {
    const retries = retrySummary(state);
    if (typeof state.Next === 'string') {
      lines.push(`  ${nodeId(name)} --> ${nodeId(state.Next)}`);
    }
    if (state.End === true) lines.push(`  ${nodeId(name)} --> ${END}`);
    for (const catcher of (state.Catch as { ErrorEquals: string[]; Next: string }[] | undefined) ??
      []) {
      lines.push(
        `  ${nodeId(name)} -. "${escapeLabel(catcher.ErrorEquals.join(', '))}" .-> ${nodeId(catcher.Next)}`,
      );
    }
    if (retries) lines.push(`  ${nodeId(name)} -. "${escapeLabel(retries)}" .-> ${nodeId(name)}`);
  }
  return `${lines.join('\n')}\n`;
}

function shape(name: string, state: Record<string, unknown>): string {
  const label = escapeLabel(`${name}<br/>${kindOf(state)}`);
  switch (state.Type) {
    case 'Task':
      return `["${label}"]`;
    case 'Fail':
      return `[["${label}"]]`;
    default:
      return `("${label}")`;
  }
}

function kindOf(state: Record<string, unknown>): string {
  const resource = typeof state.Resource === 'string' ? state.Resource : '';
  if (resource.includes(':lambda:')) return 'Lambda';
  if (resource.includes(':glue:')) return `Glue${resource.endsWith('.sync') ? ' (.sync)' : ''}`;
  if (resource) return resource;
  return String(state.Type);
}

function retrySummary(state: Record<string, unknown>): string | undefined {
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

function nodeId(stateName: string): string {
  return stateName.replace(/[^A-Za-z0-9_]/g, '_');
}

function escapeLabel(text: string): string {
  return text.replace(/"/g, '#quot;');
}
