import type { UiGrid } from '../../src/ui/ui-api-types.js';
import { TriggerButton } from './actions.js';
import { BackfillButton } from './backfill-action.js';
import { href, isRunning, statusClass } from './format.js';
import { usePoll, whileRunning } from './use-poll.js';

/**
 * One workflow's runs (columns, by logical date) × its steps (rows), each cell coloured by the
 * step's state in that run. It polls, so cells change colour as runs progress.
 */
export function GridPage({ workflow }: { workflow: string }) {
  const path = `/api/workflows/${encodeURIComponent(workflow)}/grid`;
  const { value, error, refresh } = usePoll<UiGrid>(path, (v) =>
    whileRunning(v?.runs.some((run) => isRunning(run.status)) ?? true),
  );
  return (
    <section>
      <h1>
        {workflow} <span class="muted">grid</span>
      </h1>
      <TriggerButton workflows={[workflow]} workflow={workflow} onDone={refresh} />{' '}
      <BackfillButton
        workflows={[workflow]}
        workflow={workflow}
        disabled={value?.logicalDates === false}
        onDone={refresh}
      />
      {error && <p class="error">{error.message}</p>}
      {value && value.runs.length === 0 && <p class="muted">No runs yet.</p>}
      {value && value.runs.length > 0 && (
        <table class="grid">
          <thead>
            <tr>
              <th />
              {value.runs.map((run) => (
                <th key={run.executionId} class="run-head">
                  <a
                    href={href.run(run.executionId)}
                    class={statusClass(run.status)}
                    title={run.executionId}
                    data-testid="grid-run"
                    data-run={run.executionId}
                    data-status={run.status}
                  >
                    {run.logicalDate ?? run.startedAt.slice(0, 10)}
                  </a>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {value.steps.map((step) => (
              <tr key={step}>
                <th class="step-name">{step}</th>
                {value.runs.map((run) => {
                  const status = run.cells[step] ?? 'PENDING';
                  return (
                    <td key={run.executionId}>
                      <a
                        href={href.step(run.executionId, step)}
                        class={`cell ${statusClass(status)}`}
                        title={`${step} ${status} (${run.executionId})`}
                        data-testid="grid-cell"
                        data-run={run.executionId}
                        data-step={step}
                        data-status={status}
                      >
                        <span class="sr-only">{`${step} ${status}`}</span>
                      </a>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
