import type { UiJsonObject, UiStep } from '../../src/ui/ui-api-types.js';
import { formatCount, formatDuration, href, isRunning, statusClass } from './format.js';
import { usePoll, whileRunning } from './use-poll.js';

/** A step of a run: its counts, first output records and rejects, log lines, output URI. */
export function StepPage({ executionId, step }: { executionId: string; step: string }) {
  const path = `/api/runs/${encodeURIComponent(executionId)}/steps/${encodeURIComponent(step)}`;
  const { value, error } = usePoll<UiStep>(path, (v) => whileRunning(isRunning(v?.stage.status)));
  if (!value)
    return <section>{error ? <p class="error">{error.message}</p> : <p>Loading…</p>}</section>;
  const { stage } = value;
  return (
    <section>
      <h1>
        <a href={href.run(executionId)}>{executionId}</a> / {stage.name}{' '}
        <span class={statusClass(stage.status)}>{stage.status}</span>
      </h1>
      <dl class="facts counts">
        <dt>duration</dt>
        <dd>{formatDuration(stage.durationMs)}</dd>
        <dt>received</dt>
        <dd data-testid="count-received">{formatCount(stage.received)}</dd>
        <dt>out</dt>
        <dd data-testid="count-records">{formatCount(stage.records)}</dd>
        <dt>rejected</dt>
        <dd data-testid="count-rejected">{formatCount(stage.rejected)}</dd>
        <dt>filtered</dt>
        <dd data-testid="count-filtered">{formatCount(stage.filtered)}</dd>
        <dt>retries</dt>
        <dd>{stage.retries}</dd>
        <dt>output</dt>
        <dd>
          <code data-testid="output-uri">{stage.output ?? '-'}</code>
        </dd>
        {stage.error && (
          <>
            <dt>error</dt>
            <dd class="error">
              {stage.error}: {stage.cause}
            </dd>
          </>
        )}
      </dl>
      <ByReason title="Rejected by reason" counts={value.rejectedBy} id="rejected-by" />
      <ByReason title="Filtered by rule" counts={value.filteredBy} id="filtered-by" />
      {value.notes.map((note) => (
        <p key={note} class="muted note">
          {note}
        </p>
      ))}
      {value.masked && (
        <p class="muted">Emails, phones and names are masked (ceap ui --show-values shows them).</p>
      )}
      <h2>Output records (first {value.records.length})</h2>
      <RecordTable records={value.records} id="records" />
      <h2>Rejects (first {value.rejects.length})</h2>
      <RecordTable records={value.rejects} id="rejects" />
      <h2>Log lines</h2>
      <pre class="logs" data-testid="logs">
        {value.logs.map((line) => JSON.stringify(line)).join('\n')}
      </pre>
    </section>
  );
}

function ByReason({
  title,
  counts,
  id,
}: {
  title: string;
  counts: Readonly<Record<string, number>>;
  id: string;
}) {
  const entries = Object.entries(counts);
  if (entries.length === 0) return null;
  return (
    <>
      <h2>{title}</h2>
      <table class="by-reason" data-testid={id}>
        <tbody>
          {entries.map(([reason, count]) => (
            <tr key={reason} data-reason={reason}>
              <td>{reason}</td>
              <td class="num" data-count={count}>
                {formatCount(count)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Records as a table: one column per field seen in any of them, nested values as JSON. */
function RecordTable({ records, id }: { records: readonly UiJsonObject[]; id: string }) {
  if (records.length === 0) return <p class="muted">None.</p>;
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const cell = (value: unknown) =>
    value === undefined
      ? ''
      : typeof value === 'object' && value !== null
        ? JSON.stringify(value)
        : String(value);
  return (
    <div class="scroll">
      <table class="records" data-testid={id}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {records.map((record, index) => (
            <tr key={index}>
              {columns.map((c) => (
                <td key={c}>{cell(record[c])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
