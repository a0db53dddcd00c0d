import type { UiBar } from '../../src/ui/ui-api-types.js';
import { formatDuration, href, statusClass } from './format.js';

/**
 * The run's Gantt timeline: one row per bar, each bar's left edge at its offset from the run's
 * start and its width its duration, both as shares of the run's span, so widths compare
 * durations directly. A step's retries and its Map iterations are rows of their own under it.
 */
export function GanttView(props: {
  timeline: { spanMs: number; bars: readonly UiBar[] };
  executionId: string;
}) {
  const { spanMs, bars } = props.timeline;
  if (bars.length === 0) return <p class="muted">No step has started yet.</p>;
  const share = (ms: number) => `${(Math.max(0, ms) / spanMs) * 100}%`;
  return (
    <div class="gantt" data-testid="gantt" data-span-ms={spanMs}>
      {bars.map((bar, index) => (
        <div key={`${bar.step}-${bar.kind}-${index}`} class={`gantt-row gantt-${bar.kind}`}>
          <a class="gantt-label" href={href.step(props.executionId, bar.step)} title={bar.label}>
            {bar.kind === 'step' ? bar.step : `↳ ${bar.label}`}
          </a>
          <div class="gantt-track" data-testid="gantt-track">
            <div
              class={`gantt-bar ${statusClass(bar.status)}`}
              style={{ left: share(bar.offsetMs), width: share(bar.durationMs) }}
              title={`${bar.label}: ${formatDuration(bar.durationMs)}`}
              data-testid="gantt-bar"
              data-step={bar.step}
              data-kind={bar.kind}
              data-duration-ms={bar.durationMs}
            />
          </div>
          <span class="gantt-duration">{formatDuration(bar.durationMs)}</span>
        </div>
      ))}
    </div>
  );
}
