import { isUtf8 } from 'node:buffer';
import type { RawLine } from './line-splitter.js';
import type { JsonRecord, RecordReject } from './record-types.js';

/** Why a line is not a record. Stable strings: they are counted and written to rejects. */
export const LineRejectReason = {
  InvalidUtf8: 'invalid-utf8',
  InvalidJson: 'invalid-json',
  NotAnObject: 'not-an-object',
  TooLong: 'line-too-long',
} as const;

const BOM = '\uFEFF';

/** The outcome of parsing one line: a record, a reject, or nothing for a blank line. */
export type ParsedLine =
  | { readonly kind: 'record'; readonly record: JsonRecord }
  | { readonly kind: 'reject'; readonly reject: RecordReject }
  | { readonly kind: 'blank' };

const BLANK: ParsedLine = { kind: 'blank' };

/**
 * Parses one JSON Lines line. Anything that is not a JSON object becomes a reject carrying the
 * raw line, so it can be inspected and replayed; nothing is thrown and nothing is dropped.
 * Blank lines are not records (a file may end with one).
 */
export function parseJsonLine(line: RawLine, source: string): ParsedLine {
  const at = { source, line: line.number };
  if (line.truncated) {
    return reject(
      at,
      LineRejectReason.TooLong,
      `line is longer than the limit; kept its first ${line.bytes.length} bytes`,
      line.bytes,
    );
  }
  if (!isUtf8(line.bytes)) {
    return reject(at, LineRejectReason.InvalidUtf8, 'line is not valid UTF-8', line.bytes);
  }
  let text = line.bytes.toString('utf8');
  if (line.number === 1 && text.startsWith(BOM)) text = text.slice(1);
  if (text.trim() === '') return BLANK;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return reject(at, LineRejectReason.InvalidJson, (error as Error).message, line.bytes);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    return reject(
      at,
      LineRejectReason.NotAnObject,
      `expected a JSON object, got ${got}`,
      line.bytes,
    );
  }
  return { kind: 'record', record: value as JsonRecord };
}

function reject(
  at: { source: string; line: number },
  reason: string,
  message: string,
  bytes: Buffer,
): ParsedLine {
  const utf8 = isUtf8(bytes);
  return {
    kind: 'reject',
    reject: {
      reason,
      message,
      ...at,
      raw: utf8 ? bytes.toString('utf8') : bytes.toString('base64'),
      rawEncoding: utf8 ? 'utf8' : 'base64',
    },
  };
}
