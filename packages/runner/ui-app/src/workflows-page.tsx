import type { UiWorkflows } from '../../src/ui/ui-api-types.js';
import { TriggerButton } from './actions.js';
import { BackfillButton } from './backfill-action.js';
import { href, isRunning, statusClass } from './format.js';
import { ScheduleCell } from './schedule-cell.js';
import { usePoll, whileRunning } from './use-poll.js';

/** Each workflow: its type, its schedule and the state of its last 10 runs. */
export function WorkflowsPage() {
  const { value, error, refresh } = usePoll<UiWorkflows>('/api/workflows', (v) =>
    whileRunning(v?.workflows.some((w) => w.lastRuns.some((r) => isRunning(r.status))) ?? false),
  );
  return (
    <section>
      <h1>Workflows</h1>
      {error && <p class="error">{error.message}</p>}
      <table class="workflows">
        <thead>
          <tr>
            <th>workflow</th>
            <th>type</th>
            <th>schedule</th>
            <th>last runs</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {value?.workflows.map((workflow) => (
            <tr key={workflow.name} data-workflow={workflow.name}>
              <td>
                <a href={href.grid(workflow.name)}>{workflow.name}</a>
                {workflow.description && <div class="muted">{workflow.description}</div>}
              </td>
              <td>{workflow.type}</td>
              <td>
                <ScheduleCell
                  workflow={workflow.name}
                  schedule={workflow.schedule}
                  onDone={refresh}
                />
              </td>
              <td class="last-runs">
                {workflow.note && <span class="muted">{workflow.note}</span>}
                {[...workflow.lastRuns].reverse().map((run) => (
                  <a
                    key={run.executionId}
                    href={href.run(run.executionId)}
                    class={`dot ${statusClass(run.status)}`}
                    title={`${run.executionId} ${run.status} ${run.logicalDate ?? ''}`}
                    data-status={run.status}
                  >
                    <span class="sr-only">{`${run.executionId} ${run.status}`}</span>
                  </a>
                ))}
              </td>
              <td>
                <TriggerButton
                  workflows={value.workflows.map((w) => w.name)}
                  workflow={workflow.name}
                  onDone={refresh}
                />{' '}
                <BackfillButton
                  workflows={value.workflows.filter((w) => w.logicalDates).map((w) => w.name)}
                  workflow={workflow.name}
                  disabled={!workflow.logicalDates}
                  onDone={refresh}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
