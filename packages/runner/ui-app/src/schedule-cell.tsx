import type { UiSchedule } from '../../src/ui/ui-api-types.js';
import { postJson } from './api.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { href, statusClass } from './format.js';

/**
 * A workflow's schedule as `ceap schedule show` reports it: expression and zone, state, the
 * next run on the zone's clock and as an instant, the last run; and Pause or Resume.
 */
export function ScheduleCell(props: {
  workflow: string;
  schedule: UiSchedule | null;
  onDone: () => void;
}) {
  const { schedule } = props;
  if (!schedule) return <span class="muted">none</span>;
  const paused = schedule.state === 'PAUSED';
  return (
    <div class="schedule" data-testid="schedule" data-state={schedule.state}>
      <code>{schedule.expression}</code> {schedule.timeZone}{' '}
      <span class={`badge schedule-${schedule.state.toLowerCase()}`}>{schedule.state}</span>
      {schedule.note && <div class="error">{schedule.note}</div>}
      {schedule.nextRunAt && (
        <div class="muted" data-testid="next-run" title={schedule.nextRunAt}>
          next{paused && ' (once resumed)'}: {schedule.nextRunLocal} ({schedule.nextRunAt}), logical
          date {schedule.nextLogicalDate}
        </div>
      )}
      <div class="muted">
        last:{' '}
        {schedule.lastRun ? (
          <a href={href.run(schedule.lastRun.executionId)}>
            {schedule.lastRun.executionId}{' '}
            <span class={statusClass(schedule.lastRun.status)}>{schedule.lastRun.status}</span>
          </a>
        ) : (
          'none'
        )}
      </div>
      {schedule.state !== 'UNKNOWN' && (
        <ConfirmDialog
          label={paused ? 'Resume' : 'Pause'}
          title={`${paused ? 'Resume' : 'Pause'} the schedule of ${props.workflow}?`}
          act={() =>
            postJson<UiSchedule>(
              `/api/workflows/${encodeURIComponent(props.workflow)}/schedule/${paused ? 'resume' : 'pause'}`,
              {},
            )
          }
          describe={(now) => (
            <p>
              The schedule of {props.workflow} is {now.state}.
            </p>
          )}
          onDone={props.onDone}
        >
          <p>
            {paused
              ? 'The scheduler starts its runs again from the next run time.'
              : 'No run starts on schedule until it is resumed; runs under way go on.'}
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
