import { type RecordReject, readJsonLines } from '../../src/index.js';
import { LineRejectReason } from '../../src/records/line-parser.js';
import { InputNotFoundError } from '../../src/records/s3-objects.js';
import { collect, startTestS3, TEST_BUCKET, type TestS3 } from '../helpers/embedded-s3.js';

describe('readJsonLines against the embedded S3 server', () => {
  let s3: TestS3;
  beforeAll(async () => {
    s3 = await startTestS3();
  });
  afterAll(async () => {
    await s3.stop();
  });

  const read = async (key: string) => {
    const rejects: RecordReject[] = [];
    const records = await collect(
      readJsonLines(s3.client, { bucket: TEST_BUCKET, key }, { onReject: (r) => rejects.push(r) }),
    );
    return { records, rejects };
  };

  it('reads one object of JSON Lines', async () => {
    // Arrange
    await s3.put('one/output.json', '{"id":1}\r\n{"id":2}\n\n{"id":3}');
    // Act
    const { records, rejects } = await read('one/output.json');
    // Assert
    expect(records).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(rejects).toEqual([]);
  });

  it('reads a folder of part files in key order and skips Spark markers', async () => {
    // Arrange
    await s3.put('parts/output.json/part-00001.json', '{"id":3}\n{"id":4}\n');
    await s3.put('parts/output.json/part-00000.json', '{"id":1}\n{"id":2}\n');
    await s3.put('parts/output.json/_SUCCESS', '');
    await s3.put('parts/output.json/.part-00000.json.crc', 'binary');
    await s3.put('parts/output.jsonl', '{"id":"not me"}\n');
    // Act
    const { records, rejects } = await read('parts/output.json');
    // Assert
    expect(records.map((r) => r.id)).toEqual([1, 2, 3, 4]);
    expect(rejects).toEqual([]);
  });

  it('prefers the single object when both an object and parts exist', async () => {
    // Arrange
    await s3.put('both/output.json', '{"from":"object"}\n');
    await s3.put('both/output.json/part-00000.json', '{"from":"part"}\n');
    // Act
    const { records } = await read('both/output.json');
    // Assert
    expect(records).toEqual([{ from: 'object' }]);
  });

  it('turns every malformed line into a reject with its line number and reason', async () => {
    // Arrange
    const body = Buffer.concat([
      Buffer.from('{"ok":1}\n{"broken":\n[1,2]\n"text"\nnull\n'),
      Buffer.from([0x7b, 0xff, 0x7d, 0x0a]),
      Buffer.from('{"ok":2}\n'),
    ]);
    await s3.put('bad/output.json', body);
    // Act
    const { records, rejects } = await read('bad/output.json');
    // Assert
    expect(records).toEqual([{ ok: 1 }, { ok: 2 }]);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [2, LineRejectReason.InvalidJson],
      [3, LineRejectReason.NotAnObject],
      [4, LineRejectReason.NotAnObject],
      [5, LineRejectReason.NotAnObject],
      [6, LineRejectReason.InvalidUtf8],
    ]);
    expect(rejects.every((r) => r.source === 'bad/output.json')).toBe(true);
  });

  it('rejects an over-long line and reads on', async () => {
    // Arrange
    await s3.put('long/output.json', `{"big":"${'x'.repeat(5000)}"}\n{"ok":1}\n`);
    // Act
    const rejects: RecordReject[] = [];
    const records = await collect(
      readJsonLines(
        s3.client,
        { bucket: TEST_BUCKET, key: 'long/output.json' },
        { onReject: (r) => rejects.push(r), maxLineBytes: 1000 },
      ),
    );
    // Assert
    expect(records).toEqual([{ ok: 1 }]);
    expect(rejects).toMatchObject([{ reason: LineRejectReason.TooLong, line: 1 }]);
  });

  it('fails clearly when neither an object nor parts exist', async () => {
    // Arrange / Act
    const attempt = read('missing/output.json');
    // Assert
    await expect(attempt).rejects.toThrow(InputNotFoundError);
    await expect(read('missing/output.json')).rejects.toThrow(
      `input s3://${TEST_BUCKET}/missing/output.json does not exist`,
    );
  });
});
