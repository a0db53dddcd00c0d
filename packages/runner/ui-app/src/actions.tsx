import { useState } from 'preact/hooks';
import type { UiDescription, UiStartRequest } from '../../src/ui/ui-api-types.js';
import { postJson } from './api.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { href } from './format.js';

/** An action's answer: the run it acted on and its status. */
function ranLine(verb: string) {
  return (run: UiDescription) => (
    <p>
      {verb} <a href={href.run(run.executionId)}>{run.executionId}</a>: {run.status}
    </p>
  );
}

/** Trigger a run: a workflow, an input (JSON, or the shipped sample), a logical date. */
export function TriggerButton({
  workflows,
  workflow,
  onDone,
}: {
  workflows: readonly string[];
  workflow: string;
  onDone?: () => void;
}) {
  const [chosen, setChosen] = useState(workflow);
  const [input, setInput] = useState('');
  const [logicalDate, setLogicalDate] = useState('');
  const act = () => {
    const request: UiStartRequest = {
      workflow: chosen,
      ...(input.trim() !== '' && { input: parseInput(input) }),
      ...(logicalDate !== '' && { logicalDate }),
    };
    return postJson<UiDescription>('/api/runs', request);
  };
  return (
    <ConfirmDialog
      label="Trigger"
      title={`Trigger a run of ${chosen}`}
      act={act}
      describe={ranLine('Started')}
      {...(onDone && { onDone })}
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
        logical date (YYYY-MM-DD, empty: the default)
        <input
          name="logicalDate"
          value={logicalDate}
          onInput={(e) => setLogicalDate(e.currentTarget.value)}
        />
      </label>
      <label>
        input (a JSON object; empty: the workflow's sample)
        <textarea
          name="input"
          rows={6}
          value={input}
          onInput={(e) => setInput(e.currentTarget.value)}
        />
      </label>
    </ConfirmDialog>
  );
}

function parseInput(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`the input is not JSON: ${(error as Error).message}`);
  }
}

/** What Stop and Redrive take: the run, whether the action applies now, what to do after. */
interface RunActionProps {
  executionId: string;
  disabled: boolean;
  onDone: () => void;
}

/** Stop a running run (it ends ABORTED), after confirmation. */
export function StopButton({ executionId, disabled, onDone }: RunActionProps) {
  const path = `/api/runs/${encodeURIComponent(executionId)}/stop`;
  return (
    <ConfirmDialog
      disabled={disabled}
      label="Stop"
      title={`Stop ${executionId}?`}
      act={() => postJson<UiDescription>(path, {})}
      describe={ranLine('Stopped')}
      onDone={onDone}
    >
      <p>The run ends ABORTED, and so does the step it is running. Redrive resumes it.</p>
    </ConfirmDialog>
  );
}

/** Redrive a failed, timed-out or aborted run from the step that failed, after confirmation. */
export function RedriveButton({ executionId, disabled, onDone }: RunActionProps) {
  const path = `/api/runs/${encodeURIComponent(executionId)}/redrive`;
  return (
    <ConfirmDialog
      disabled={disabled}
      label="Redrive"
      title={`Redrive ${executionId}?`}
      act={() => postJson<UiDescription>(path, {})}
      describe={ranLine('Redriven')}
      onDone={onDone}
    >
      <p>It resumes at the failed step; the steps that succeeded are not run again.</p>
    </ConfirmDialog>
  );
}
