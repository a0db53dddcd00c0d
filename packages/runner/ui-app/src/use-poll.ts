import { useEffect, useRef, useState } from 'preact/hooks';
import { getJson } from './api.js';

/** What a polled resource holds: its last value, or the error of its last poll. */
export interface Polled<T> {
  readonly value?: T;
  readonly error?: Error;
  /** Polls now, e.g. right after an action changed what is shown. */
  readonly refresh: () => void;
}

/**
 * Polls a JSON resource with its ETag: the server answers 304 (no body) while nothing changed,
 * so the page updates live without a reload and without redrawing what did not change.
 * `intervalMs` is asked again after each answer (fast while a run is going, slower after).
 */
export function usePoll<T>(path: string, intervalMs: (value?: T) => number): Polled<T> {
  const [state, setState] = useState<Omit<Polled<T>, 'refresh'>>({});
  const kick = useRef<() => void>(() => undefined);
  useEffect(() => {
    let etag: string | undefined;
    let last: T | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    setState({});
    const poll = async () => {
      try {
        const answer = await getJson<T>(path, etag);
        etag = answer.etag;
        if (answer.value !== undefined && !stopped) {
          last = answer.value;
          setState({ value: answer.value });
        }
      } catch (error) {
        if (!stopped)
          setState({ ...(last !== undefined && { value: last }), error: error as Error });
      }
      if (!stopped) timer = setTimeout(poll, intervalMs(last));
    };
    kick.current = () => {
      clearTimeout(timer);
      void poll();
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [path]);
  return { ...state, refresh: () => kick.current() };
}

/**
 * Poll every second while anything shown is running; every 3 seconds otherwise, to notice runs
 * started elsewhere (the CLI, a schedule) soon enough.
 */
export function whileRunning(running: boolean): number {
  return running ? 1000 : 3000;
}
