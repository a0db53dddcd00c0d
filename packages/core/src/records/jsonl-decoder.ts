import { isUtf8 } from 'node:buffer';
import { type ParsedLine, parseJsonLine, parseJsonText } from './line-parser.js';
import { LineSplitter, type RawLine } from './line-splitter.js';
import type { JsonRecord, RecordSizeSink, RejectSink } from './record-types.js';

const LF = 0x0a;
const CR = '\r';
const OPEN_BRACE = 0x7b;

/**
 * Turns the byte chunks of one JSON Lines object into records and rejects. The whole lines
 * inside a chunk are decoded with one UTF-8 check and one decode, then split as a string;
 * only the lines that straddle chunks, or a region that is not valid UTF-8, go line by line
 * through {@link LineSplitter}. Both paths give the same records, rejects and line numbers.
 */
export class JsonLinesDecoder {
  private readonly splitter: LineSplitter;

  constructor(
    private readonly source: string,
    private readonly maxLineBytes: number,
    private readonly onReject: RejectSink,
    private readonly onRecordSize?: RecordSizeSink,
  ) {
    this.splitter = new LineSplitter(maxLineBytes);
  }

  /** Decodes a chunk; the records it completes are appended to `records`. */
  push(chunk: Uint8Array, records: JsonRecord[]): void {
    const buffer = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const first = buffer.indexOf(LF);
    if (first === -1) {
      this.bySplitter(buffer, records);
      return;
    }
    // The first line may finish a line that began in an earlier chunk.
    this.bySplitter(buffer.subarray(0, first + 1), records);
    const last = buffer.lastIndexOf(LF);
    if (last > first) {
      const region = buffer.subarray(first + 1, last);
      if (isUtf8(region)) this.byText(region.toString('utf8'), records);
      else this.bySplitter(buffer.subarray(first + 1, last + 1), records);
    }
    this.bySplitter(buffer.subarray(last + 1), records);
  }

  /** Decodes a last line that has no line end. */
  end(records: JsonRecord[]): void {
    for (const line of this.splitter.end()) this.takeLine(line.bytes.length, line, records);
  }

  private bySplitter(bytes: Buffer, records: JsonRecord[]): void {
    for (const line of this.splitter.push(bytes)) this.takeLine(line.bytes.length, line, records);
  }

  private byText(text: string, records: JsonRecord[]): void {
    const lines = text.split('\n');
    let number = this.splitter.claimLineNumbers(lines.length);
    for (let line of lines) {
      if (line.endsWith(CR)) line = line.slice(0, -1);
      // UTF-8 takes at most 3 bytes per UTF-16 unit, so only a long string needs measuring.
      if (line.length * 3 > this.maxLineBytes && Buffer.byteLength(line) > this.maxLineBytes) {
        this.take(this.tooLong(line, number), records);
      } else if (line.charCodeAt(0) === OPEN_BRACE && !this.onRecordSize) {
        // A line that starts with { and parses is an object: the common case needs no checks.
        let record: JsonRecord | undefined;
        try {
          record = JSON.parse(line) as JsonRecord;
        } catch {
          this.take(parseJsonText(line, number, this.source), records);
        }
        if (record !== undefined) records.push(record);
      } else {
        const parsed = parseJsonText(line, number, this.source);
        if (this.onRecordSize && parsed.kind === 'record')
          this.onRecordSize(parsed.record, Buffer.byteLength(line));
        this.take(parsed, records);
      }
      number++;
    }
  }

  private tooLong(line: string, number: number): ParsedLine {
    const kept = Buffer.from(line, 'utf8').subarray(0, this.maxLineBytes);
    return parseJsonLine({ bytes: kept, number, truncated: true }, this.source);
  }

  private takeLine(bytes: number, line: RawLine, records: JsonRecord[]): void {
    const parsed = parseJsonLine(line, this.source);
    if (this.onRecordSize && parsed.kind === 'record') this.onRecordSize(parsed.record, bytes);
    this.take(parsed, records);
  }

  private take(parsed: ParsedLine, records: JsonRecord[]): void {
    if (parsed.kind === 'record') records.push(parsed.record);
    else if (parsed.kind === 'reject') this.onReject(parsed.reject);
  }
}
