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
  return parseJsonText(line.bytes.toString('utf8'), line.number, source);
}

/** {@link parseJsonLine} for a line already decoded from valid UTF-8. */
export function parseJsonText(raw: string, number: number, source: string): ParsedLine {
  const text = number === 1 && raw.startsWith(BOM) ? raw.slice(1) : raw;
  if (text.trim() === '') return BLANK;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return textReject(
      { source, line: number },
      LineRejectReason.InvalidJson,
      (error as Error).message,
      raw,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
    return textReject(
      { source, line: number },
      LineRejectReason.NotAnObject,
      `expected a JSON object, got ${got}`,
      raw,
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

function textReject(
  at: { source: string; line: number },
  reason: string,
  message: string,
  raw: string,
): ParsedLine {
  return { kind: 'reject', reject: { reason, message, ...at, raw, rawEncoding: 'utf8' } };
}
