import type { UiDescription, UiRun } from '../../src/ui/ui-api-types.js';
import { RedriveButton, StopButton } from './actions.js';
import { DagView } from './dag-view.js';
import { formatCount, formatDuration, href, isRunning, statusClass } from './format.js';
import { GanttView } from './gantt-view.js';
import { usePoll, whileRunning } from './use-poll.js';

const REDRIVABLE = ['FAILED', 'TIMED_OUT', 'ABORTED'];

/** A run: what it is, its DAG coloured by state, its Gantt timeline, its steps, its actions. */
export function RunPage({ executionId }: { executionId: string }) {
  const path = `/api/runs/${encodeURIComponent(executionId)}`;
  const { value, error, refresh } = usePoll<UiRun>(path, (v) =>
    whileRunning(isRunning(v?.description.status) || v === undefined),
  );
  if (!value)
    return <section>{error ? <p class="error">{error.message}</p> : <p>Loading…</p>}</section>;
  const run = value.description;
  const statuses = Object.fromEntries(run.stages.map((s) => [s.name, s.status]));
  return (
    <section>
      <h1>
        <a href={href.grid(run.workflow)}>{run.workflow}</a> / {run.executionId}{' '}
        <span class={statusClass(run.status)} data-testid="run-status">
          {run.status}
        </span>
      </h1>
      {error && <p class="error">{error.message}</p>}
      <RunFacts run={run} durationMs={value.durationMs} />
      {value.input && (
        <details class="input">
          <summary>input</summary>
          <pre data-testid="run-input">{JSON.stringify(value.input, null, 2)}</pre>
        </details>
      )}
      <div class="actions">
        <StopButton
          executionId={run.executionId}
          disabled={!isRunning(run.status)}
          onDone={refresh}
        />
        <RedriveButton
          executionId={run.executionId}
          disabled={!REDRIVABLE.includes(run.status)}
          onDone={refresh}
        />
      </div>
      <h2>Graph</h2>
      <DagView dag={value.dag} statuses={statuses} executionId={run.executionId} />
      <h2>Timeline</h2>
      <GanttView timeline={value.timeline} executionId={run.executionId} />
      <h2>Steps</h2>
      <StepsTable run={run} />
    </section>
  );
}

/** What the run is: its logical date, when it started, how long it took, how it failed. */
function RunFacts({ run, durationMs }: { run: UiDescription; durationMs: number }) {
  return (
    <dl class="facts">
      <dt>logical date</dt>
      <dd>{run.logicalDate ?? '-'}</dd>
      <dt>started</dt>
      <dd>{run.startedAt}</dd>
      <dt>duration</dt>
      <dd data-testid="run-duration">{formatDuration(durationMs)}</dd>
      {run.redriveCount !== undefined && (
        <>
          <dt>redriven</dt>
          <dd>{run.redriveCount}×</dd>
        </>
      )}
      {run.error && (
        <>
          <dt>error</dt>
          <dd class="error" data-testid="run-error">
            {run.error}
            {run.failedState && ` at ${run.failedState}`}
          </dd>
          <dt>cause</dt>
          <dd>
            <pre class="cause">{run.cause}</pre>
          </dd>
        </>
      )}
      {run.output && (
        <>
          <dt>output</dt>
          <dd>
            <code>{run.output}</code>
          </dd>
        </>
      )}
    </dl>
  );
}

/** One row per step, as `ceap status` prints them; each opens its step. */
function StepsTable({ run }: { run: UiDescription }) {
  return (
    <table class="steps">
      <thead>
        <tr>
          {[
            'step',
            'status',
            'duration',
            'in',
            'out',
            'rejected',
            'filtered',
            'retries',
            'iterations',
          ].map((h) => (
            <th key={h}>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {run.stages.map((s) => (
          <tr key={s.name}>
            <td>
              <a href={href.step(run.executionId, s.name)}>{s.name}</a>
            </td>
            <td>
              <span class={statusClass(s.status)}>{s.status}</span>
            </td>
            <td>{formatDuration(s.durationMs)}</td>
            <td class="num">{formatCount(s.received)}</td>
            <td class="num">{formatCount(s.records)}</td>
            <td class="num">{formatCount(s.rejected)}</td>
            <td class="num">{formatCount(s.filtered)}</td>
            <td class="num">{s.retries}</td>
            <td class="num">{formatCount(s.iterations)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
