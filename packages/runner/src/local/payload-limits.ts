import { StateMachine } from 'aws-local-stepfunctions';
import { MAX_PAYLOAD_BYTES } from '../constants.js';
import { DataLimitExceededError } from '../errors.js';

/** The size Step Functions measures a payload by: the bytes of its JSON, in UTF-8. */
export function payloadBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8');
}

/**
 * Throws {@link DataLimitExceededError} when a task's `payload` (its input after Parameters, or
 * its result) is over the limit.
 */
export function checkPayload(
  value: unknown,
  state: string,
  payload: 'input' | 'result',
  limit: number = MAX_PAYLOAD_BYTES,
): void {
  const bytes = payloadBytes(value);
  if (bytes > limit) throw new DataLimitExceededError(state, payload, bytes, limit);
}

/**
 * The run option that turns the checks on, with the limit in bytes. aws-local-stepfunctions
 * hands a run's options on to the state machines it starts for Parallel branches and Map
 * iterations, so the option reaches those too.
 */
export const PAYLOAD_LIMIT_OPTION = Symbol.for('ceap.payloadLimitBytes');

/** What the library passes its (private) `execute`; only the fields read here are typed. */
interface ExecuteOptions {
  readonly runOptions?: Record<symbol, unknown>;
  readonly eventLogger: StateEventLogger;
}

/** The part of the library's event logger the state loop calls around each state. */
interface StateEventLogger {
  dispatchStateEnteredEvent(name: string, type: string, input: unknown): void;
  dispatchStateExitedEvent(name: string, type: string, input: unknown, output: unknown): void;
  dispatchStateFailedEvent(name: string, type: string, input: unknown, error: Error): void;
}

type Execute = (input: unknown, options: ExecuteOptions, cleanup: () => void) => Promise<unknown>;

let installed = false;

/**
 * Makes aws-local-stepfunctions fail a state with `States.DataLimitExceeded`, as AWS does, when
 * its input or output is over the limit given in the run options under {@link PAYLOAD_LIMIT_OPTION}: a Map
 * iteration's and a Parallel branch's input are their first state's input.
 *
 * The library has no hook for this: its state loop (`StateMachine#execute`) reports each state
 * to an event logger, inside the loop's try, before and after running it. The loop is wrapped
 * once per process, on the prototype because the library builds the state machines of Map
 * iterations and Parallel branches itself; a run without the option is left untouched. A state
 * over the limit is reported failed (so progress shows it FAILED) and the loop's catch ends the
 * execution with the error, which is terminal (no Retry or Catch matches it).
 */
export function enforcePayloadLimits(): void {
  if (installed) return;
  installed = true;
  const prototype = StateMachine.prototype as unknown as { execute: Execute };
  const execute = prototype.execute;
  prototype.execute = function limitedExecute(this: unknown, input, options, cleanup) {
    const limit = options.runOptions?.[PAYLOAD_LIMIT_OPTION];
    if (typeof limit !== 'number') return execute.call(this, input, options, cleanup);
    const eventLogger = checkingLogger(options.eventLogger, limit);
    return execute.call(this, input, { ...options, eventLogger }, cleanup);
  };
}

/** The loop's event logger, checking each state's input on entry and output on exit. */
function checkingLogger(logger: StateEventLogger, limit: number): StateEventLogger {
  const failIfOver = (name: string, type: string, input: unknown, value: unknown, of: string) => {
    const bytes = payloadBytes(value);
    if (bytes <= limit) return;
    const error = new DataLimitExceededError(name, of, bytes, limit);
    logger.dispatchStateFailedEvent(name, type, input, error);
    throw error;
  };
  return new Proxy(logger, {
    get(target, property) {
      if (property === 'dispatchStateEnteredEvent') {
        return (name: string, type: string, input: unknown) => {
          target.dispatchStateEnteredEvent(name, type, input);
          failIfOver(name, type, input, input, 'input');
        };
      }
      if (property === 'dispatchStateExitedEvent') {
        return (name: string, type: string, input: unknown, output: unknown) => {
          failIfOver(name, type, input, output, 'output');
          target.dispatchStateExitedEvent(name, type, input, output);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
