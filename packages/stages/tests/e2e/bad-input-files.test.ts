import { gzipSync } from 'node:zlib';
import { etlStage } from '../../src/index.js';
import { startTestS3, type TestS3 } from '../helpers/embedded-s3.js';
import { expectBalanced, runAndRead } from '../helpers/stage-runner.js';

/**
 * Bad-input classes in files, each through the real ETLStage on the embedded S3 server: what
 * was read, what was rejected and why, and that received = records + rejected + filtered.
 */

const rec = (id: string, extra: Record<string, unknown> = {}) => ({
  customer_id: id,
  email: `${id}@example.com`,
  updated_at: '2026-03-10T10:00:00Z',
  ...extra,
});
const jsonl = (...lines: unknown[]) =>
  `${lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n')}\n`;
const CSV = 'customer_id,email,updated_at,first_name\nc-1,c-1@example.com,2026-03-10,Zoë\n';
const CSV_3 = `${CSV}c-2,c-2@example.com,2026-03-10,Ann\nc-3,c-3@example.com,2026-03-10,Bo\n`;

const utf16 = (text: string, order: 'le' | 'be') => {
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
  return order === 'le' ? le : le.swap16();
};
const prettyArray = JSON.stringify([rec('c-1'), rec('c-2'), 'not a record', rec('c-3')], null, 2);
const brokenArray = prettyArray.slice(0, prettyArray.lastIndexOf('}'));
const brokenLines = brokenArray.split('\n').filter((line) => line.trim() !== '').length;

/** 5,000 levels: JSON.parse reads it, JSON.stringify overflows the stack writing it. */
const DEEP = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;

interface Case {
  readonly key: string;
  readonly body: Buffer | string;
  readonly received: number;
  readonly ids: readonly string[];
  readonly rejectedBy: Readonly<Record<string, number>>;
}

const CASES: readonly [string, Case][] = [
  [
    'a pretty-printed JSON array is read element by element',
    {
      key: 'array.json',
      body: prettyArray,
      received: 4,
      ids: ['c-1', 'c-2', 'c-3'],
      rejectedBy: { 'not-an-object': 1 },
    },
  ],
  [
    'a JSON array cut short is read as lines, each rejected as invalid-json',
    {
      key: 'cut.json',
      body: brokenArray,
      received: brokenLines,
      ids: [],
      rejectedBy: { 'invalid-json': brokenLines },
    },
  ],
  [
    'gzip JSON Lines (.jsonl.gz) is decompressed',
    {
      key: 'a.jsonl.gz',
      body: gzipSync(jsonl(rec('c-1'), '{broken', rec('c-2'))),
      received: 3,
      ids: ['c-1', 'c-2'],
      rejectedBy: { 'invalid-json': 1 },
    },
  ],
  [
    'gzip bytes under a plain .json name are decompressed',
    {
      key: 'hidden-gzip.json',
      body: gzipSync(jsonl(rec('c-1'))),
      received: 1,
      ids: ['c-1'],
      rejectedBy: {},
    },
  ],
  [
    'gzip CSV (.csv.gz) is decompressed',
    {
      key: 'a.csv.gz',
      body: gzipSync(CSV_3),
      received: 3,
      ids: ['c-1', 'c-2', 'c-3'],
      rejectedBy: {},
    },
  ],
  [
    'corrupt gzip is rejected once as invalid-encoding',
    {
      key: 'corrupt.jsonl.gz',
      body: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7]),
      received: 1,
      ids: [],
      rejectedBy: { 'invalid-encoding': 1 },
    },
  ],
  [
    'a ;-separated CSV is read with the delimiter found in its header',
    {
      key: 'semi.csv',
      body: 'customer_id;email;updated_at;first_name\nc-1;c-1@example.com;2026-03-10;"Smith, J"\nc-2;c-2@example.com;2026-03-10;"a;b"\n',
      received: 2,
      ids: ['c-1', 'c-2'],
      rejectedBy: {},
    },
  ],
  [
    'a tab-separated CSV is read with the delimiter found in its header',
    {
      key: 'tabs.csv',
      body: 'customer_id\temail\tupdated_at\nc-1\tc-1@example.com\t2026-03-10\nc-2\tc-2@example.com\n',
      received: 2,
      ids: ['c-1'],
      rejectedBy: { 'csv-column-count': 1 },
    },
  ],
  [
    'UTF-16LE CSV with a BOM is decoded',
    {
      key: 'utf16le.csv',
      body: utf16(CSV_3, 'le'),
      received: 3,
      ids: ['c-1', 'c-2', 'c-3'],
      rejectedBy: {},
    },
  ],
  [
    'UTF-16BE JSON Lines with a BOM is decoded',
    {
      key: 'utf16be.jsonl',
      body: utf16(jsonl(rec('c-1'), rec('c-2')), 'be'),
      received: 2,
      ids: ['c-1', 'c-2'],
      rejectedBy: {},
    },
  ],
  [
    'Latin-1 CSV rows are rejected row by row as invalid-utf8',
    {
      key: 'latin1.csv',
      body: Buffer.from(CSV_3.replace('Ann', 'Zoë'), 'latin1'),
      received: 3,
      ids: ['c-3'],
      rejectedBy: { 'invalid-utf8': 2 },
    },
  ],
  [
    'Latin-1 JSON Lines lines are rejected line by line as invalid-utf8',
    {
      key: 'latin1.jsonl',
      body: Buffer.from(jsonl(rec('c-1', { first_name: 'Zoë' }), rec('c-2')), 'latin1'),
      received: 2,
      ids: ['c-2'],
      rejectedBy: { 'invalid-utf8': 1 },
    },
  ],
  [
    'a CSV header naming a field twice rejects every row as csv-duplicate-header',
    {
      key: 'dup-header.csv',
      body: 'customer_id,email,E-Mail,updated_at\nc-1,a@example.com,b@example.com,2026-03-10\nc-2,c@example.com,,2026-03-10\n',
      received: 2,
      ids: [],
      rejectedBy: { 'csv-duplicate-header': 2 },
    },
  ],
  [
    'a record nested too deeply to write back is rejected as unserializable, not fatal',
    {
      key: 'deep.jsonl',
      body: jsonl(
        `{"customer_id":${DEEP},"updated_at":"2026-03-10"}`,
        rec('c-1', { x: 1 }),
        `{"x":${DEEP}}`,
      ),
      received: 3,
      ids: ['c-1'],
      rejectedBy: { unserializable: 2 },
    },
  ],
];

describe('bad-input classes in files, through ETLStage', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  it.each(CASES)('%s', async (_name, { key, body, received, ids, rejectedBy }) => {
    // Arrange
    const objectKey = `bad-files/${key}`;
    await s3.put(objectKey, body);

    // Act
    const { result, records, rejects } = await runAndRead(s3, etlStage, {
      input: { source: { key: objectKey } },
    });

    // Assert
    expect(records.map((r) => r.customerId)).toEqual(ids);
    expect(result).toMatchObject({ received, records: ids.length, rejectedBy });
    expect(rejects.every((r) => typeof r.reason === 'string' && r.source !== undefined)).toBe(true);
    expectBalanced(result);
  });

  it('keeps the text of a UTF-16 file intact (a non-ASCII name survives decoding)', async () => {
    // Arrange
    await s3.put('bad-files/utf16-name.csv', utf16(CSV, 'le'));

    // Act
    const { records } = await runAndRead(s3, etlStage, {
      input: { source: { key: 'bad-files/utf16-name.csv' } },
    });

    // Assert
    expect(records).toEqual([expect.objectContaining({ customerId: 'c-1', firstName: 'Zoë' })]);
  });

  it('takes the last of duplicate JSON keys, as JSON.parse does', async () => {
    // Arrange
    const line = '{"customer_id":"c-first","customer_id":"c-last","updated_at":"2026-03-10"}';
    await s3.put('bad-files/dup-keys.jsonl', `${line}\n`);
    await s3.put('bad-files/dup-keys-array.json', `[\n  ${line}\n]\n`);

    // Act
    const lines = await runAndRead(s3, etlStage, {
      input: { source: { key: 'bad-files/dup-keys.jsonl' } },
    });
    const array = await runAndRead(s3, etlStage, {
      input: { source: { key: 'bad-files/dup-keys-array.json' } },
    });

    // Assert
    expect(lines.records.map((r) => r.customerId)).toEqual(['c-last']);
    expect(array.records.map((r) => r.customerId)).toEqual(['c-last']);
  });

  it('reads a prefix of mixed encodings and formats, and accounts for every object', async () => {
    // Arrange
    const prefix = 'incoming/dt=2026-03-12/';
    await s3.put(`${prefix}a.csv.gz`, gzipSync(CSV_3));
    await s3.put(`${prefix}b.json`, prettyArray);
    await s3.put(`${prefix}c.csv`, utf16(CSV, 'le'));
    await s3.put(`${prefix}d.gz`, gzipSync(CSV));

    // Act
    const { result } = await runAndRead(s3, etlStage, { input: { logicalDate: '2026-03-12' } });

    // Assert
    expect(result).toMatchObject({
      received: 3 + 4 + 1 + 1,
      records: 7,
      rejectedBy: { 'not-an-object': 1, 'unsupported-format': 1 },
    });
    expect(result.metrics).toMatchObject({ inputObjects: 3 });
    expectBalanced(result);
  });
});
