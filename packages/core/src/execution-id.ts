import { InvalidExecutionIdError } from './errors.js';

/** A string that has been checked to be a valid Step Functions execution name. */
export type ExecutionId = string & { readonly __brand: 'ExecutionId' };

/** The rule AWS applies to execution names, narrowed to the characters safe in an S3 key. */
const EXECUTION_ID_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;

/** Explains the rule in one phrase, for error messages and CLI help. */
export const EXECUTION_ID_RULE = 'must be 1-80 characters of A-Z a-z 0-9 _ -';

/**
 * Checks an executionId where it enters the system, so that it can never reach outside its
 * own S3 prefix (`../x`, `a/b`) or be refused later by Step Functions.
 *
 * @example
 * const id = parseExecutionId(event.executionId); // throws InvalidExecutionIdError
 */
export function parseExecutionId(value: unknown): ExecutionId {
  if (typeof value !== 'string' || !EXECUTION_ID_PATTERN.test(value)) {
    throw new InvalidExecutionIdError(value, EXECUTION_ID_RULE);
  }
  return value as ExecutionId;
}

/** True when `value` is a valid executionId. */
export function isExecutionId(value: unknown): value is ExecutionId {
  return typeof value === 'string' && EXECUTION_ID_PATTERN.test(value);
}
