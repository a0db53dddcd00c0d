import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';

/** What an action ended with: the server's answer, or its error. */
type Outcome<T> = { value: T } | { error: string } | undefined;

/**
 * A modal that asks before an action: nothing is sent until "Confirm", and the answer
 * (`describe`d) or the server's error stays in the dialog until it is closed.
 */
export function ConfirmDialog<T>(props: {
  label: string;
  title: string;
  children?: ComponentChildren;
  /** The action does not apply now (e.g. Stop on a run that has ended). */
  disabled?: boolean;
  /** The button's tooltip (e.g. why it is disabled). */
  hint?: string;
  act: () => Promise<T>;
  /** The answer as the dialog shows it. */
  describe: (value: T) => ComponentChildren;
  /**
   * Called when the dialog closes after the action succeeded: the page refreshes then, so what
   * the dialog was opened from (a Pause button that becomes Resume) stays put while it shows.
   */
  onDone?: (value: T) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [outcome, setOutcome] = useState<Outcome<T>>();
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    try {
      const value = await props.act();
      setOutcome({ value });
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
        {...(props.hint !== undefined && { title: props.hint })}
        onClick={() => dialog.current?.showModal()}
      >
        {props.label}
      </button>
      <dialog
        ref={dialog}
        class="confirm"
        data-testid={`dialog-${props.label}`}
        onClose={() => {
          if (outcome && 'value' in outcome) props.onDone?.(outcome.value);
          setOutcome(undefined);
        }}
      >
        <h2>{props.title}</h2>
        {props.children}
        {outcome && 'error' in outcome && (
          <p class="error" data-testid="action-error">
            {outcome.error}
          </p>
        )}
        {outcome && 'value' in outcome && (
          <div class="ok" data-testid="action-result">
            {props.describe(outcome.value)}
          </div>
        )}
        <div class="buttons">
          <button type="button" data-testid="confirm" disabled={busy} onClick={confirm}>
            Confirm
          </button>
          <button type="button" data-testid="close" onClick={() => dialog.current?.close()}>
            Close
          </button>
        </div>
      </dialog>
    </>
  );
}
