/** A line split from a byte stream, without its line end. */
export interface RawLine {
  readonly bytes: Buffer;
  /** 1-based. */
  readonly number: number;
  /** The line was longer than the limit; `bytes` holds only its start. */
  readonly truncated: boolean;
}

const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);

/**
 * Splits a byte stream into lines on LF, dropping a trailing CR. It works on bytes, so a UTF-8
 * character split across chunks is reassembled intact (0x0A never occurs inside a multi-byte
 * UTF-8 sequence). A line longer than `maxLineBytes` is cut off and flagged rather than
 * buffered, so one bad line cannot exhaust memory.
 *
 * It is synchronous per chunk: readers loop over a chunk's lines without an await per line,
 * which is most of the cost of reading records.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private truncated = false;
  private lineNumber = 0;

  constructor(private readonly maxLineBytes: number) {}

  /** The lines a chunk completes, in order. */
  *push(chunk: Uint8Array): Generator<RawLine> {
    const buffer = Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    let end = buffer.indexOf(LF, start);
    while (end !== -1) {
      const tail = buffer.subarray(start, end);
      if (this.pending.length === 0 && !this.truncated && tail.length <= this.maxLineBytes) {
        yield this.line(tail);
      } else {
        this.keep(tail);
        yield this.line(EMPTY);
      }
      start = end + 1;
      end = buffer.indexOf(LF, start);
    }
    if (start < buffer.length) this.keep(buffer.subarray(start));
  }

  /**
   * Takes `count` line numbers for lines a caller split itself between two of this splitter's
   * lines (no line may be pending); returns the first.
   */
  claimLineNumbers(count: number): number {
    if (this.pending.length > 0 || this.truncated) {
      throw new Error('LineSplitter: cannot claim line numbers while a line is pending');
    }
    const first = this.lineNumber + 1;
    this.lineNumber += count;
    return first;
  }

  /** The last line, when the stream does not end with a line end. */
  *end(): Generator<RawLine> {
    if (this.pendingBytes > 0 || this.truncated) yield this.line(EMPTY);
  }

  private line(tail: Buffer): RawLine {
    let bytes = tail;
    if (this.pending.length > 0) {
      this.pending.push(tail);
      bytes = Buffer.concat(this.pending);
    }
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, -1);
    const line = { bytes, number: ++this.lineNumber, truncated: this.truncated };
    this.pending = [];
    this.pendingBytes = 0;
    this.truncated = false;
    return line;
  }

  private keep(part: Buffer): void {
    if (this.truncated) return;
    let kept = part;
    const room = this.maxLineBytes - this.pendingBytes;
    if (kept.length > room) {
      this.truncated = true;
      kept = kept.subarray(0, Math.max(room, 0));
    }
    // Copy, so a small kept slice does not pin the whole network chunk in memory.
    this.pending.push(Buffer.from(kept));
    this.pendingBytes += kept.length;
  }
}

/** {@link LineSplitter} over a whole stream. */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array>,
  maxLineBytes: number,
): AsyncGenerator<RawLine> {
  const splitter = new LineSplitter(maxLineBytes);
  for await (const chunk of chunks) yield* splitter.push(chunk);
  yield* splitter.end();
}
