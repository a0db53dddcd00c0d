import { useState } from 'preact/hooks';
import type { UiBackfill, UiBackfillDate, UiBackfillRequest } from '../../src/ui/ui-api-types.js';
import { postJson } from './api.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { href } from './format.js';

/** What each action means, as `ceap backfill` prints it. */
const ACTION_WORDS: Readonly<Record<UiBackfillDate['action'], string>> = {
  start: 'started',
  redrive: 'redriven',
  skip: 'skipped',
};

/**
 * Backfill a workflow, `ceap backfill` from the page: one run per logical date from `from` to
 * `to` under the date's own id. The server answers once every date is planned and runs them
 * in its background, so the grid shows them as they go.
 */
export function BackfillButton({
  workflows,
  workflow,
  disabled,
  onDone,
}: {
  workflows: readonly string[];
  workflow: string;
  /** The workflow has no logical dates (EXPRESS without a schedule). */
  disabled?: boolean;
  onDone?: () => void;
}) {
  const [chosen, setChosen] = useState(workflow);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [maxActive, setMaxActive] = useState('1');
  const [rerun, setRerun] = useState<NonNullable<UiBackfillRequest['rerun']>>('none');
  const act = () => {
    // A max-active that is not a number goes as typed, for the server to refuse by name.
    const active = /^\d+$/.test(maxActive.trim()) ? Number(maxActive) : maxActive;
    return postJson<UiBackfill>('/api/backfills', {
      workflow: chosen,
      from,
      to,
      maxActive: active,
      rerun,
    });
  };
  return (
    <ConfirmDialog
      label="Backfill"
      disabled={disabled ?? false}
      {...(disabled && {
        hint: 'EXPRESS with no schedule: it runs once per message and has no logical dates',
      })}
      title={`Backfill ${chosen}: one run per logical date`}
      act={act}
      describe={(backfill) => <BackfillPlan backfill={backfill} />}
      {...(onDone && { onDone: () => onDone() })}
    >
      <label>
        workflow{' '}
        <select value={chosen} onChange={(e) => setChosen(e.currentTarget.value)} name="workflow">
          {workflows.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
      </label>
      <label>
        from (YYYY-MM-DD)
        <input name="from" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
      </label>
      <label>
        to (YYYY-MM-DD, included; at most 366 days)
        <input name="to" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
      </label>
      <label>
        max active (runs at once)
        <input
          name="maxActive"
          value={maxActive}
          onInput={(e) => setMaxActive(e.currentTarget.value)}
        />
      </label>
      <label>
        a date that already ran{' '}
        <select
          name="rerun"
          value={rerun}
          onChange={(e) => setRerun(e.currentTarget.value as typeof rerun)}
        >
          <option value="none">skip it (none)</option>
          <option value="failed">redrive it if it failed (failed)</option>
          <option value="all">run it again (all)</option>
        </select>
      </label>
    </ConfirmDialog>
  );
}

/** Each date and what the backfill does with it. */
function BackfillPlan({ backfill }: { backfill: UiBackfill }) {
  return (
    <>
      <p>
        Backfill {backfill.workflow} {backfill.from}..{backfill.to}:{' '}
        {(['start', 'redrive', 'skip'] as const)
          .map((a) => `${backfill.dates.filter((d) => d.action === a).length} ${ACTION_WORDS[a]}`)
          .join(', ')}
      </p>
      <ul class="backfill-dates">
        {backfill.dates.map((date) => (
          <li key={date.logicalDate} data-date={date.logicalDate} data-action={date.action}>
            {date.logicalDate} {ACTION_WORDS[date.action]}{' '}
            <a href={href.run(date.executionId)}>{date.executionId}</a>
            {date.previousStatus && ` (was ${date.previousStatus})`}
          </li>
        ))}
      </ul>
    </>
  );
}
