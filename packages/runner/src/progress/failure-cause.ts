/**
 * A failure's Cause as text people read. Step Functions passes a task's failure on as the
 * service reported it: a Lambda function's error arrives as JSON
 * `{ "errorType", "errorMessage", "trace" }`, a failed Glue job run as its JobRun JSON with an
 * `ErrorMessage`; the local engine hands over a string or an Error. The message is kept and the
 * envelope dropped, so a row shows the same cause on both targets.
 *
 * @example
 * describeCause('{"errorType":"RetryableStageError","errorMessage":"S3 slow","trace":[]}'); // 'S3 slow'
 */
export function describeCause(cause: unknown): string | undefined {
  if (cause === undefined || cause === null) return undefined;
  if (cause instanceof Error) return cause.message;
  if (typeof cause !== 'string') return JSON.stringify(cause);
  return envelopedMessage(cause) ?? cause;
}

/** The message inside a Lambda error or Glue job run JSON, or undefined for any other text. */
function envelopedMessage(text: string): string | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const envelope = parsed as { errorMessage?: unknown; ErrorMessage?: unknown } | null;
  if (typeof envelope?.errorMessage === 'string') return envelope.errorMessage;
  if (typeof envelope?.ErrorMessage === 'string') return envelope.ErrorMessage;
  return undefined;
}
