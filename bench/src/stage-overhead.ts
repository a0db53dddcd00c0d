import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createLogger, defineStage, runStage, writeJsonLines } from '@ceap/core';
import { startEmbeddedS3 } from '@ceap/core/embedded-s3';
import { type Comparison, interleavedMediansMs } from './harness.js';

const BUCKET = 'bench';
const RECORDS = 200_000;
const RUNS = 7;

const identityStage = defineStage({
  name: 'IdentityStage',
  async *transform(records) {
    yield* records;
  },
});

function candidate(i: number): Record<string, unknown> {
  return {
    customerId: `C${String(i).padStart(7, '0')}`,
    email: `user${i}@example.com`,
    optIn: i % 3 !== 0,
    country: 'GB',
    updatedAt: '2026-11-20T10:00:00.000Z',
    lastActivityAt: '2026-11-18T08:30:00.000Z',
    orderCount: i % 17,
    totalSpend: (i % 1000) * 1.25,
    sessions30d: i % 40,
  };
}

async function* candidates(count: number) {
  for (let i = 0; i < count; i++) yield candidate(i);
}

/** The least a JSON stage can do: split lines, parse each, serialize each, in 256 KB chunks. */
async function* parseAndSerialize(body: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let rest = '';
  let out: string[] = [];
  let size = 0;
  for await (const chunk of body) {
    const lines = (rest + chunk.toString('utf8')).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') continue;
      const text = `${JSON.stringify(JSON.parse(line))}\n`;
      out.push(text);
      size += text.length;
    }
    if (size >= 256 * 1024) {
      yield Buffer.from(out.join(''));
      out = [];
      size = 0;
    }
  }
  if (rest !== '') out.push(`${JSON.stringify(JSON.parse(rest))}\n`);
  if (out.length > 0) yield Buffer.from(out.join(''));
}

/**
 * What one stage costs over moving its bytes: the raw baseline copies the same object from S3
 * to S3 as bytes through the SDK (no parsing); ceap parses every line, runs an identity
 * transform, serializes, streams rejects, checks the counts and writes the manifest.
 */
export async function measureStageOverhead(): Promise<Comparison[]> {
  const directory = mkdtempSync(join(tmpdir(), 'ceap-bench-'));
  const s3 = await startEmbeddedS3({ directory, buckets: [BUCKET] });
  try {
    const input = { bucket: BUCKET, key: 'input/records.json' };
    const { bytes } = await writeJsonLines(s3.client, input, candidates(RECORDS));
    const logger = createLogger({ level: 'silent' });

    const rawCopy = async () => {
      const object = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: input.key }));
      const body = new PassThrough();
      (object.Body as NodeJS.ReadableStream).pipe(body);
      await new Upload({
        client: s3.client,
        params: { Bucket: BUCKET, Key: 'raw/copy.json', Body: body },
        partSize: 8 * 1024 * 1024,
        queueSize: 2,
      }).done();
    };
    const handWritten = async () => {
      const object = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: input.key }));
      await new Upload({
        client: s3.client,
        params: {
          Bucket: BUCKET,
          Key: 'raw/parsed.json',
          Body: Readable.from(parseAndSerialize(object.Body as AsyncIterable<Buffer>)),
        },
        partSize: 8 * 1024 * 1024,
        queueSize: 2,
      }).done();
    };
    let run = 0;
    const stage = async () => {
      run++;
      await runStage(
        identityStage,
        { executionId: `bench-${run}`, workflow: 'bench', input },
        { s3: s3.client, location: { bucket: BUCKET }, logger, env: {} },
      );
    };
    const [rawCopyMs, handWrittenMs, stageMs] = (await interleavedMediansMs(RUNS, [
      rawCopy,
      handWritten,
      stage,
    ])) as [number, number, number];
    const mb = bytes / 1024 / 1024;
    return [
      {
        name: `one stage, ${RECORDS.toLocaleString('en')} records (${mb.toFixed(1)} MB)`,
        unit: 'ms',
        baselineName: 'hand-written S3 stream, split + JSON.parse + JSON.stringify',
        baseline: handWrittenMs,
        measured: stageMs,
        detail: 'the floor for any stage that reads and writes JSON records',
      },
      {
        name: `one stage, ${RECORDS.toLocaleString('en')} records (${mb.toFixed(1)} MB)`,
        unit: 'ms',
        baselineName: 'S3-to-S3 byte copy',
        baseline: rawCopyMs,
        measured: stageMs,
        detail: `${Math.round(RECORDS / (stageMs / 1000)).toLocaleString('en')} records/s, ${(mb / (stageMs / 1000)).toFixed(1)} MB/s through runStage`,
      },
    ];
  } finally {
    await s3.stop();
    rmSync(directory, { recursive: true, force: true });
  }
}
