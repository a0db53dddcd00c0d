import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputDecodingError } from './errors.js';

/** How an input object's bytes were stored, as read from its first bytes. */
export type InputEncoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be' | 'gzip';

/** An object's bytes with what its first bytes say about them; `bytes` still holds the head. */
export interface SniffedBytes {
  readonly encoding: InputEncoding;
  /** The first non-blank byte of the (decoded) content, e.g. `[` for a JSON array file. */
  readonly head: Buffer;
  readonly bytes: AsyncIterable<Buffer>;
  /** Lets the object's stream go without reading the rest. */
  close(): Promise<void>;
}

const GZIP_MAGIC = [0x1f, 0x8b] as const;
const HEAD_BYTES = 512;

/**
 * Reads the first bytes of a stream without losing them: returns them and a stream that still
 * yields every byte from the start.
 */
export async function peekBytes(
  bytes: AsyncIterable<Uint8Array>,
  want = HEAD_BYTES,
): Promise<{ head: Buffer; bytes: AsyncIterable<Buffer> }> {
  const iterator = bytes[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < want) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = toBuffer(next.value);
    taken.push(chunk);
    size += chunk.length;
  }
  async function* replay(): AsyncGenerator<Buffer> {
    yield* taken;
    if (done) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next())
      yield toBuffer(next.value);
  }
  return { head: Buffer.concat(taken), bytes: replay() };
}

/**
 * Decodes what an object's first bytes say it is: gzip (magic `1f 8b`, whatever the name) is
 * decompressed, UTF-16 with a byte-order mark is turned into UTF-8, a UTF-8 BOM is dropped.
 * Anything else is passed on as UTF-8; bytes that are not UTF-8 (Latin-1, say) stay as they are,
 * so the format's reader rejects them line by line as `invalid-utf8`.
 */
export async function decodeInputBytes(bytes: AsyncIterable<Uint8Array>): Promise<SniffedBytes> {
  const close = async () => {
    (bytes as { destroy?: () => void }).destroy?.();
  };
  const peeked = await peekBytes(bytes);
  const encoding = encodingOf(peeked.head);
  if (encoding === 'gzip') {
    const inner = await decodeInputBytes(gunzip(peeked.bytes));
    return { ...inner, encoding, close };
  }
  let decoded = peeked.bytes;
  if (encoding === 'utf16le' || encoding === 'utf16be') decoded = transcodeUtf16(decoded, encoding);
  else if (encoding === 'utf8-bom') decoded = dropBytes(decoded, 3);
  const head = await peekBytes(decoded, HEAD_BYTES);
  return { encoding, head: firstNonBlank(head.head), bytes: head.bytes, close };
}

function encodingOf(head: Buffer): InputEncoding {
  if (head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]) return 'gzip';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf16be';
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf8-bom';
  return 'utf8';
}

async function* gunzip(bytes: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const stream = Readable.from(bytes).pipe(createGunzip());
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    throw new InputDecodingError(`gzip data is corrupt: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

async function* transcodeUtf16(
  bytes: AsyncIterable<Buffer>,
  encoding: 'utf16le' | 'utf16be',
): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder(encoding === 'utf16le' ? 'utf-16le' : 'utf-16be', {
    fatal: true,
    ignoreBOM: false,
  });
  try {
    for await (const chunk of bytes) yield Buffer.from(decoder.decode(chunk, { stream: true }));
    yield Buffer.from(decoder.decode());
  } catch (error) {
    throw new InputDecodingError(`the ${encoding} text is not valid UTF-16`, { cause: error });
  }
}

async function* dropBytes(bytes: AsyncIterable<Buffer>, count: number): AsyncGenerator<Buffer> {
  let left = count;
  for await (const chunk of bytes) {
    if (left > 0) {
      const rest = chunk.subarray(Math.min(left, chunk.length));
      left -= chunk.length - rest.length;
      if (rest.length > 0) yield rest;
      continue;
    }
    yield chunk;
  }
}

function firstNonBlank(head: Buffer): Buffer {
  for (let i = 0; i < head.length; i++) {
    const byte = head[i] as number;
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d)
      return head.subarray(i, i + 1);
  }
  return Buffer.alloc(0);
}

function toBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk)
    ? chunk
    : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
