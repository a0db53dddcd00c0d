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

/**
 * Splits a byte stream into lines on LF, dropping a trailing CR. It works on bytes, so a UTF-8
 * character split across chunks is reassembled intact (0x0A never occurs inside a multi-byte
 * UTF-8 sequence). A line longer than `maxLineBytes` is cut off and flagged rather than
 * buffered, so one bad line cannot exhaust memory.
 */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array>,
  maxLineBytes: number,
): AsyncGenerator<RawLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let truncated = false;
  let lineNumber = 0;

  const takeLine = (tail: Buffer): RawLine => {
    let bytes: Buffer;
    if (pending.length === 0) {
      bytes = tail;
    } else {
      pending.push(tail);
      bytes = Buffer.concat(pending);
    }
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, -1);
    const line = { bytes, number: ++lineNumber, truncated };
    pending = [];
    pendingBytes = 0;
    truncated = false;
    return line;
  };

  const keep = (part: Buffer) => {
    if (truncated) return;
    const room = maxLineBytes - pendingBytes;
    if (part.length > room) {
      truncated = true;
      part = part.subarray(0, Math.max(room, 0));
    }
    // Copy, so a small kept slice does not pin the whole network chunk in memory.
    pending.push(Buffer.from(part));
    pendingBytes += part.length;
  };

  for await (const chunk of chunks) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    let start = 0;
    let end = buffer.indexOf(LF, start);
    while (end !== -1) {
      const tail = buffer.subarray(start, end);
      if (truncated || pendingBytes + tail.length > maxLineBytes) {
        keep(tail);
        yield takeLine(Buffer.alloc(0));
      } else {
        yield takeLine(tail);
      }
      start = end + 1;
      end = buffer.indexOf(LF, start);
    }
    if (start < buffer.length) keep(buffer.subarray(start));
  }
  if (pendingBytes > 0 || truncated) yield takeLine(Buffer.alloc(0));
}
