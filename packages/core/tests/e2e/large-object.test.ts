import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type RecordReject, readJsonLines, writeJsonLines } from '../../src/index.js';
import { TEST_BUCKET } from '../helpers/embedded-s3.js';
import { type S3ServerProcess, startS3ServerProcess } from '../helpers/s3-server-process.js';

const TARGET_BYTES = 50 * 1024 * 1024;
const PAD = 'x'.repeat(400);
const SAMPLE_EVERY = 20_000;
const PART_SIZE = 5 * 1024 * 1024;

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Live heap after a full collection: what the code retains, not garbage awaiting collection. */
class MemoryProbe {
  readonly baselineHeap: number;
  readonly baselineRss: number;
  peakHeap = 0;
  peakRss = 0;

  constructor() {
    collectGarbage();
    this.baselineHeap = process.memoryUsage().heapUsed;
    this.baselineRss = process.memoryUsage().rss;
  }

  sample(): void {
    collectGarbage();
    const usage = process.memoryUsage();
    this.peakHeap = Math.max(this.peakHeap, usage.heapUsed + usage.arrayBuffers);
    this.peakRss = Math.max(this.peakRss, usage.rss);
  }
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function* generate(
  count: number,
  probe: MemoryProbe,
): AsyncGenerator<Record<string, unknown>> {
  for (let i = 0; i < count; i++) {
    if (i % SAMPLE_EVERY === 0) probe.sample();
    yield { i, customerId: `C${i}`, pad: PAD };
  }
}

/**
 * Streams a 50 MB object through the writer and back through the reader. The server runs in
 * its own process, so this process's memory is the reader's and writer's alone. Figures are
 * printed; the assertion is on what memory could not do if the object were buffered whole.
 */
describe('a 50 MB object streamed through write and read', () => {
  let s3: S3ServerProcess;
  beforeAll(async () => {
    s3 = await startS3ServerProcess(TEST_BUCKET);
  });
  afterAll(async () => {
    await s3.stop();
  });

  it('round-trips every record in order with flat memory', async () => {
    // Arrange
    const recordBytes = Buffer.byteLength(
      `${JSON.stringify({ i: 99999, customerId: 'C99999', pad: PAD })}\n`,
    );
    const count = Math.ceil(TARGET_BYTES / recordBytes);
    const pointer = { bucket: TEST_BUCKET, key: 'big/output.json' };
    const probe = new MemoryProbe();

    // Act
    const written = await writeJsonLines(s3.client, pointer, generate(count, probe), {
      partSize: PART_SIZE,
    });
    const rejects: RecordReject[] = [];
    let read = 0;
    let ordered = true;
    for await (const record of readJsonLines(s3.client, pointer, {
      onReject: (r) => rejects.push(r),
    })) {
      if (record.i !== read) ordered = false;
      read++;
      if (read % SAMPLE_EVERY === 0) probe.sample();
    }

    // Assert
    const heapGrowth = probe.peakHeap - probe.baselineHeap;
    console.log(
      `50 MB stream: ${count} records, ${mb(written.bytes)} MB written then read. ` +
        `Live heap+buffers: baseline ${mb(probe.baselineHeap)} MB, peak ${mb(probe.peakHeap)} MB ` +
        `(growth ${mb(heapGrowth)} MB). RSS: baseline ${mb(probe.baselineRss)} MB, peak ${mb(probe.peakRss)} MB.`,
    );
    expect(written.bytes).toBeGreaterThanOrEqual(TARGET_BYTES);
    expect(written.records).toBe(count);
    expect(read).toBe(count);
    expect(ordered).toBe(true);
    expect(rejects).toEqual([]);
    // Streaming holds the part being filled and two in flight (15 MB) plus copies on their way
    // to the socket: about 20 MB measured. Buffering would hold all 50 MB at once (twice that
    // as a UTF-16 string), so 40 MB leaves room for noise and still tells the two apart.
    expect(heapGrowth).toBeLessThan(TARGET_BYTES * 0.8);
  });
});
