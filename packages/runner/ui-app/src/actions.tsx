import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import type { UiDescription, UiStartRequest } from '../../src/ui/ui-api-types.js';
import { postJson } from './api.js';
import { href } from './format.js';

/** What an action ended with: the run it acted on, or the server's error. */
type Outcome = { run: UiDescription } | { error: string } | undefined;

function OutcomeLine({ outcome, verb }: { outcome: Outcome; verb: string }) {
  if (!outcome) return null;
  if ('error' in outcome)
    return (
      <p class="error" data-testid="action-error">
        {outcome.error}
      </p>
    );
  return (
    <p class="ok" data-testid="action-result">
      {verb} <a href={href.run(outcome.run.executionId)}>{outcome.run.executionId}</a>:{' '}
      {outcome.run.status}
    </p>
  );
}

/**
 * A modal that asks before an action: nothing is sent until "Confirm", and the answer (the
 * run, or the server's error) stays in the dialog.
 */
function ConfirmDialog(props: {
  label: string;
  title: string;
  verb: string;
  children?: ComponentChildren;
  /** The action does not apply now (e.g. Stop on a run that has ended). */
  disabled?: boolean;
  act: () => Promise<UiDescription>;
  onDone?: (run: UiDescription) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [outcome, setOutcome] = useState<Outcome>();
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      const run = await props.act();
      setOutcome({ run });
      props.onDone?.(run);
    } catch (error) {
      setOutcome({ error: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button
        type="button"
        data-action={props.label}
        disabled={props.disabled ?? false}
        onClick={() => dialog.current?.showModal()}
      >
        {props.label}
      </button>
      <dialog ref={dialog} class="confirm" data-testid={`dialog-${props.label}`}>
        <h2>{props.title}</h2>
        {props.children}
        <OutcomeLine outcome={outcome} verb={props.verb} />
        <div class="buttons">
          <button type="button" data-testid="confirm" disabled={busy} onClick={confirm}>
            Confirm
          </button>
          <button
            type="button"
            data-testid="close"
            onClick={() => {
              setOutcome(undefined);
              dialog.current?.close();
            }}
          >
            Close
          </button>
        </div>
      </dialog>
    </>
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
      verb="Started"
      act={act}
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
      verb="Stopped"
      act={() => postJson(path, {})}
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
      verb="Redriven"
      act={() => postJson(path, {})}
      onDone={onDone}
    >
      <p>It resumes at the failed step; the steps that succeeded are not run again.</p>
    </ConfirmDialog>
  );
}
