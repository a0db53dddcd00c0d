/** A duration as people read it: 840ms, 4.2s, 3m 05s, 2h 10m. */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '-';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor(s / 60) % 60).padStart(2, '0')}m`;
}

/** A count with thousands separators, or `-` when the step reported none. */
export function formatCount(value: number | undefined): string {
  return value === undefined ? '-' : value.toLocaleString('en-US');
}

/** The CSS class that colours a run's or a step's status. */
export function statusClass(status: string | undefined): string {
  return `status status-${(status ?? 'PENDING').toLowerCase().replace(/_/g, '-')}`;
}

/** A page's address inside the app (hash routing: the server serves one page). */
export const href = {
  workflows: () => '#/',
  grid: (workflow: string) => `#/workflows/${encodeURIComponent(workflow)}`,
  run: (id: string) => `#/runs/${encodeURIComponent(id)}`,
  step: (id: string, step: string) =>
    `#/runs/${encodeURIComponent(id)}/steps/${encodeURIComponent(step)}`,
};

/** A status a run keeps once it has it. */
export function isRunning(status: string | undefined): boolean {
  return status === 'RUNNING';
}
