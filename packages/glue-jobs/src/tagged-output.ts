import { CeapError, type JsonRecord, type RecordReject } from '@ceap/core';

/** The counts local_runner.py prints last: received = records + rejected + sum(filtered). */
export interface PythonSummary {
  readonly received: number;
  readonly records: number;
  readonly rejected: number;
  readonly filtered: Readonly<Record<string, number>>;
  readonly metrics: Readonly<Record<string, number | string>>;
}

/** One line of local_runner.py's stdout: a record, a reject, or the summary. */
export type Tagged =
  | { readonly tag: 'r'; readonly value: JsonRecord }
  | { readonly tag: 'x'; readonly value: RecordReject }
  | { readonly tag: 's'; readonly value: PythonSummary };

/**
 * A tagged line holds one record or one reject, which embeds its record or raw line (at most
 * core's 8 MiB input line, and JSON escapes can make that six times longer); a longer one means
 * the Python core is broken, and the run fails rather than buffer it.
 */
export const MAX_TAGGED_LINE_BYTES = 64 * 1024 * 1024;

const LF = 0x0a;

/**
 * Splits local_runner.py's stdout into tagged lines, `{tag}{json}` with tag `r`, `x` or `s`,
 * and parses them, yielding each chunk's lines together: one await per pipe read rather than
 * per record. The text of a chunk's complete lines is decoded and split at once; a line cut by
 * the chunk's end waits as bytes for the rest (LF never occurs inside a UTF-8 sequence, so
 * cutting at one never splits a character). Blank lines are skipped.
 */
export async function* readTaggedLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<Tagged[]> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineNumber = 0;
  for await (const chunk of chunks) {
    const lastLf = chunk.lastIndexOf(LF);
    if (lastLf === -1) {
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes > MAX_TAGGED_LINE_BYTES) throw tooLong(lineNumber + 1);
      continue;
    }
    const complete = chunk.subarray(0, lastLf);
    const text = (pending.length === 0 ? complete : Buffer.concat([...pending, complete])).toString(
      'utf8',
    );
    pending = lastLf + 1 < chunk.length ? [chunk.subarray(lastLf + 1)] : [];
    pendingBytes = chunk.length - lastLf - 1;
    const batch: Tagged[] = [];
    for (const line of text.split('\n')) {
      lineNumber++;
      if (line !== '') batch.push(parseTaggedLine(line, lineNumber));
    }
    if (batch.length > 0) yield batch;
  }
  if (pendingBytes > 0) {
    const line = Buffer.concat(pending).toString('utf8');
    yield [parseTaggedLine(line, lineNumber + 1)];
  }
}

/** One `{tag}{json}` line, whose JSON must be an object. */
export function parseTaggedLine(line: string, lineNumber: number): Tagged {
  if (line.length > MAX_TAGGED_LINE_BYTES) throw tooLong(lineNumber);
  const tag = line[0];
  if (tag !== 'r' && tag !== 'x' && tag !== 's') {
    throw unexpectedLine(lineNumber, `expected r, x or s and JSON, got ${line.slice(0, 80)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(line.slice(1));
  } catch (error) {
    throw unexpectedLine(lineNumber, (error as Error).message);
  }
  if (typeof value !== 'object' || value === null) {
    throw unexpectedLine(lineNumber, `expected ${tag}{...}, got ${line.slice(0, 80)}`);
  }
  return { tag, value } as Tagged;
}

function tooLong(lineNumber: number): CeapError {
  return unexpectedLine(lineNumber, `longer than ${MAX_TAGGED_LINE_BYTES} bytes`);
}

function unexpectedLine(lineNumber: number, what: string): CeapError {
  return new CeapError(`the Python core wrote an unexpected line ${lineNumber} on stdout: ${what}`);
}
