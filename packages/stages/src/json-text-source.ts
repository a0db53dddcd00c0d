import { isUtf8 } from 'node:buffer';
import { decodeJsonLines, type JsonRecord, type RejectDetail } from '@ceap/core';
import { setOrigin } from './record-origin.js';
import { EtlRejectReason } from './reject-reasons.js';

/** A reject found while reading a JSON object, with where it was found. */
export type JsonRejectSink = (reason: string, detail: RejectDetail) => void;

/**
 * The most decoded bytes a gzip, UTF-16 or JSON-array object may hold. These are read whole
 * (a JSON array cannot be split without parsing it); past this the object is rejected once.
 */
export const MAX_BUFFERED_JSON_BYTES = 64 * 1024 * 1024;

/**
 * Reads a decoded JSON object (gunzipped, or turned from UTF-16 into UTF-8) whole. If the text is
 * one JSON array (a pretty-printed `[ {...}, {...} ]` file), each element is a record and an
 * element that is not an object is rejected as `not-an-object` with its 1-based index as
 * `line`. Otherwise the text is JSON Lines, with the same reasons as `@ceap/core`'s reader:
 * `invalid-json`, `not-an-object`, `invalid-utf8`, `line-too-long`. Duplicate keys in an object
 * follow JSON.parse: the last one wins.
 */
export async function* readJsonTextRecords(
  bytes: AsyncIterable<Buffer>,
  source: string,
  onReject: JsonRejectSink,
): AsyncGenerator<JsonRecord> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of bytes) {
    size += chunk.length;
    if (size > MAX_BUFFERED_JSON_BYTES) {
      onReject(EtlRejectReason.ObjectTooLarge, {
        source,
        message: `${source} decodes to more than ${MAX_BUFFERED_JSON_BYTES} bytes, the most a gzip, UTF-16 or JSON-array object may hold; store it as plain JSON Lines (or split it); it was not read`,
      });
      return;
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks);
  const array = asJsonArray(text);
  if (array !== undefined) {
    yield* arrayRecords(array, source, onReject);
    return;
  }
  yield* lineRecords(text, source, onReject);
}

function asJsonArray(text: Buffer): unknown[] | undefined {
  const start = text.findIndex((byte) => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d);
  if (start === -1 || text[start] !== 0x5b || !isUtf8(text)) return undefined;
  try {
    const value: unknown = JSON.parse(text.toString('utf8'));
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function* arrayRecords(
  items: readonly unknown[],
  source: string,
  onReject: JsonRejectSink,
): Generator<JsonRecord> {
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      onReject(EtlRejectReason.NotAnObject, {
        record: item ?? null,
        source,
        line: index + 1,
        message: `${source} array element ${index} must be an object, got ${item === null ? 'null' : Array.isArray(item) ? 'an array' : typeof item}`,
      });
      continue;
    }
    setOrigin(item as JsonRecord, { source, line: index + 1 });
    yield item as JsonRecord;
  }
}

/** JSON Lines, decoded by core's reader: the same rejects and line numbers as any object. */
async function* lineRecords(
  text: Buffer,
  source: string,
  onReject: JsonRejectSink,
): AsyncGenerator<JsonRecord> {
  const records = decodeJsonLines(oneChunk(text), {
    source,
    onReject: ({ reason, ...detail }) => onReject(reason, detail),
    // As for plain JSON Lines objects: rejects of a record later name its object.
    onRecordSize: (record, bytes) => setOrigin(record, { source, bytes }),
  });
  yield* records;
}

async function* oneChunk(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}
