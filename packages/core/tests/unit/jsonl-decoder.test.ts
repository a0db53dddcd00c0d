import type { JsonRecord, RecordReject } from '../../src/index.js';
import { JsonLinesDecoder } from '../../src/records/jsonl-decoder.js';
import { parseJsonLine } from '../../src/records/line-parser.js';
import { splitLines } from '../../src/records/line-splitter.js';

/** A small seeded generator, so every chunking below is the same on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

const TRICKY = Buffer.concat([
  Buffer.from('\uFEFF{"first":"with a BOM"}\r\n'),
  Buffer.from('{"name":"Zoë 🚀 naïve"}\n\n   \n'),
  Buffer.from('{"broken":\n[1,2]\nnull\n"text"\n'),
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xff, 0x7d, 0x0a]),
  Buffer.from(`{"long":"${'x'.repeat(300)}"}\n`),
  Buffer.from(`{"longUnicode":"${'é'.repeat(120)}"}\r\n`),
  Buffer.from('{"__proto__":{"polluted":true},"ok":1}\n'),
  Buffer.from('{"last":"no final newline"}'),
]);

const MAX_LINE_BYTES = 200;

type Outcome = { records: JsonRecord[]; rejects: RecordReject[] };

function chunk(bytes: Buffer, random: () => number): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  while (at < bytes.length) {
    const size = 1 + Math.floor(random() * 40);
    chunks.push(bytes.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

function decode(chunks: Buffer[]): Outcome {
  const outcome: Outcome = { records: [], rejects: [] };
  const decoder = new JsonLinesDecoder('in.json', MAX_LINE_BYTES, (r) => outcome.rejects.push(r));
  for (const part of chunks) decoder.push(part, outcome.records);
  decoder.end(outcome.records);
  return outcome;
}

async function lineByLine(chunks: Buffer[]): Promise<Outcome> {
  const outcome: Outcome = { records: [], rejects: [] };
  async function* source() {
    yield* chunks;
  }
  for await (const line of splitLines(source(), MAX_LINE_BYTES)) {
    const parsed = parseJsonLine(line, 'in.json');
    if (parsed.kind === 'record') outcome.records.push(parsed.record);
    if (parsed.kind === 'reject') outcome.rejects.push(parsed.reject);
  }
  return outcome;
}

describe('JsonLinesDecoder', () => {
  it('gives the same records, rejects and line numbers as line-by-line parsing, however the bytes are chunked', async () => {
    // Arrange
    const random = seeded(20261122);
    const chunkings = [[TRICKY], ...Array.from({ length: 200 }, () => chunk(TRICKY, random))];
    const expected = await lineByLine([TRICKY]);
    // Act
    const outcomes = chunkings.map(decode);
    // Assert
    expect(expected.records).toHaveLength(4);
    expect(expected.rejects.map((r) => [r.line, r.reason])).toEqual([
      [5, 'invalid-json'],
      [6, 'not-an-object'],
      [7, 'not-an-object'],
      [8, 'not-an-object'],
      [9, 'invalid-utf8'],
      [10, 'line-too-long'],
      [11, 'line-too-long'],
    ]);
    for (const outcome of outcomes) expect(outcome).toEqual(expected);
  });

  it('decodes a chunk of whole lines in one pass and keeps a partial line for the next chunk', () => {
    // Arrange
    const records: JsonRecord[] = [];
    const decoder = new JsonLinesDecoder('in.json', 1024, () => {});
    // Act
    decoder.push(Buffer.from('{"a":1}\n{"b":2}\n{"c":'), records);
    const afterFirst = records.length;
    decoder.push(Buffer.from('3}\n'), records);
    decoder.end(records);
    // Assert
    expect(afterFirst).toBe(2);
    expect(records).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
  });

  it('tells each record its line length in bytes, without the line end, however the bytes are chunked', () => {
    // Arrange
    const random = seeded(16);
    const chunkings = [[TRICKY], ...Array.from({ length: 50 }, () => chunk(TRICKY, random))];
    const expected = [
      Buffer.byteLength('\uFEFF{"first":"with a BOM"}'),
      Buffer.byteLength('{"name":"Zoë 🚀 naïve"}'),
      Buffer.byteLength('{"__proto__":{"polluted":true},"ok":1}'),
      Buffer.byteLength('{"last":"no final newline"}'),
    ];
    for (const chunks of chunkings) {
      const sizes: number[] = [];
      const records: JsonRecord[] = [];
      const decoder = new JsonLinesDecoder(
        'in.json',
        MAX_LINE_BYTES,
        () => {},
        (_record, bytes) => sizes.push(bytes),
      );
      // Act
      for (const part of chunks) decoder.push(part, records);
      decoder.end(records);
      // Assert
      expect(sizes).toEqual(expected);
      expect(records).toHaveLength(expected.length);
    }
  });
});
