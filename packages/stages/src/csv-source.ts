import { isUtf8 } from 'node:buffer';
import type { JsonRecord, RejectDetail } from '@ceap/core';
import { type Parser, parse } from 'csv-parse';
import { canonicalKey, fieldForKey } from './field-aliases.js';
import { peekBytes } from './input-decoding.js';
import { setOrigin } from './record-origin.js';
import { EtlRejectReason } from './reject-reasons.js';

/** A reject found while reading a CSV object, with where it was found. */
export interface CsvRejectDetail extends RejectDetail {
  readonly source: string;
  readonly line: number;
}

export type CsvRejectSink = (reason: string, detail: CsvRejectDetail) => void;

/**
 * A hard cap on one CSV record. Past it the parser stops (a quote that is never closed would
 * otherwise buffer the rest of the object); smaller oversized rows are ETL's `record-too-large`.
 */
const MAX_CSV_RECORD_BYTES = 8 * 1024 * 1024;
/** How much of a bad row's raw text a reject keeps. */
const MAX_RAW_CHARS = 1024;
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** How much of the object is read before the delimiter is chosen from its header line. */
const HEADER_PEEK_BYTES = 64 * 1024;

interface ParsedRow {
  readonly cells: Buffer[];
  /** The line the row ends on (1-based). */
  readonly line: number;
}

/**
 * Streams the rows of a CSV object with a header row as records keyed by the header's names.
 * It handles a UTF-8 BOM, quoted commas and quoted newlines, and stray quotes inside fields.
 * A row with the wrong number of columns, or a field that is not UTF-8, is rejected with its
 * line; CSV that cannot be parsed (a quote never closed) is rejected once, from the line where
 * the bad row starts, and the rest of that object is not read. Nothing is thrown for bad data.
 *
 * The parser (csv-parse) gets raw bytes and hands back byte fields, so invalid UTF-8 is found
 * per field rather than silently replaced. Its own `bom` option is not used because it switches
 * the parser to decoding strings; the BOM is dropped here instead.
 */
export async function* readCsvRecords(
  bytes: AsyncIterable<Uint8Array>,
  source: string,
  onReject: CsvRejectSink,
): AsyncGenerator<JsonRecord> {
  const peeked = await peekBytes(bytes, HEADER_PEEK_BYTES);
  const rows: ParsedRow[] = [];
  const parser = parse({
    encoding: null,
    delimiter: detectDelimiter(peeked.head),
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_CSV_RECORD_BYTES,
    // Rows are taken here, as they are found, so none is lost if a later row fails to parse.
    on_record: (record: unknown, context) => {
      rows.push({ cells: record as Buffer[], line: context.lines });
      return undefined;
    },
  });
  parser.on('error', () => {
    // Failures reach the write and end callbacks below.
  });
  let header: CsvHeader | undefined;
  let lastLine = 0;
  const drain = function* (): Generator<JsonRecord> {
    for (const row of rows.splice(0)) {
      lastLine = row.line;
      if (header === undefined) {
        header = readHeader(row.cells);
        continue;
      }
      const record = toRecord(header, row.cells, source, row.line, onReject);
      if (record) yield record;
    }
  };
  try {
    let first = true;
    for await (const chunk of peeked.bytes) {
      let buffer = chunk;
      if (first && buffer.subarray(0, 3).equals(UTF8_BOM)) buffer = buffer.subarray(3);
      first = false;
      await write(parser, buffer);
      yield* drain();
    }
    await end(parser);
    yield* drain();
  } catch (error) {
    yield* drain();
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !code.startsWith('CSV_')) throw error;
    const line = lastLine + 1;
    onReject(EtlRejectReason.CsvParseError, {
      source,
      line,
      message: `${source} line ${line}: ${(error as Error).message}; the rest of the object was not read`,
    });
  }
}

/** The delimiters a header may use; the one seen most often outside quotes wins, `,` on a tie. */
const DELIMITERS = [',', ';', '\t'] as const;

/**
 * Finds the delimiter from the header line: `,`, `;` or tab, whichever occurs most often
 * outside quotes (a comma on a tie, and when none occurs).
 */
export function detectDelimiter(head: Buffer): string {
  const newline = head.indexOf(0x0a);
  const line = head.subarray(0, newline === -1 ? head.length : newline).toString('utf8');
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best: string = ',';
  for (const delimiter of DELIMITERS)
    if ((counts.get(delimiter) ?? 0) > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}

interface CsvHeader {
  readonly names: readonly string[];
  /** Field columns named twice once case and punctuation are ignored (`email`, `E-mail`). */
  readonly duplicates: readonly string[];
}

function readHeader(cells: readonly Buffer[]): CsvHeader {
  const names = cells.map((cell) => cell.toString('utf8').trim());
  const seen = new Map<string, string>();
  const duplicates: string[] = [];
  for (const name of names) {
    // Only columns that feed a field can make a value ambiguous; others are dropped anyway.
    if (fieldForKey(name) === undefined) continue;
    const key = canonicalKey(name);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, name);
    else duplicates.push(first === name ? name : `${first}/${name}`);
  }
  return { names, duplicates };
}

function write(parser: Parser, chunk: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    parser.write(chunk, (error) => (error ? reject(error) : resolve()));
  });
}

function end(parser: Parser): Promise<void> {
  return new Promise((resolve, reject) => {
    parser.once('error', reject);
    parser.once('finish', resolve);
    parser.end();
  });
}

function toRecord(
  { names: header, duplicates }: CsvHeader,
  cells: readonly Buffer[],
  source: string,
  line: number,
  onReject: CsvRejectSink,
): JsonRecord | undefined {
  if (duplicates.length > 0) {
    onReject(EtlRejectReason.CsvDuplicateHeader, {
      source,
      line,
      field: duplicates[0] as string,
      record: { raw: rawRow(cells) },
      message: `${source} line ${line}: the header names ${duplicates.map((d) => JSON.stringify(d)).join(', ')} twice, so which value is meant is ambiguous`,
    });
    return undefined;
  }
  if (cells.length !== header.length) {
    onReject(EtlRejectReason.CsvColumnCount, {
      source,
      line,
      record: { raw: rawRow(cells) },
      message: `${source} line ${line}: expected ${header.length} columns as in the header, got ${cells.length}`,
    });
    return undefined;
  }
  const record: JsonRecord = {};
  let bytes = cells.length - 1;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] as Buffer;
    bytes += cell.length;
    const name = header[i] as string;
    if (!isUtf8(cell)) {
      onReject(EtlRejectReason.InvalidUtf8, {
        source,
        line,
        field: name,
        record: { rawBase64: Buffer.concat(cells).toString('base64') },
        message: `${source} line ${line}: column "${name}" is not valid UTF-8`,
      });
      return undefined;
    }
    // defineProperty, so a column named "__proto__" is an own field, not the prototype.
    Object.defineProperty(record, name, {
      value: cell.toString('utf8'),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  setOrigin(record, { source, line, bytes });
  return record;
}

function rawRow(cells: readonly Buffer[]): string {
  const text = cells.map((cell) => cell.toString('utf8')).join(',');
  return text.length > MAX_RAW_CHARS ? `${text.slice(0, MAX_RAW_CHARS)}…` : text;
}
