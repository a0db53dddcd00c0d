import { DeleteObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { defineStage, FatalStageError, type RunManifest, readManifest } from '@ceap/core';
import { startEmbeddedS3 } from '@ceap/core/embedded-s3';
import { defineWorkflow, lambda, map, type Workflow } from '@ceap/core/workflow';
import { LOCAL_DATA_BUCKET } from '../../src/constants.js';
import { partsSourceStage } from './test-stages.js';

/**
 * A Parallel of two branches after a source that writes one part per record: SideStage, and
 * GateStage mapped over the parts one at a time. While `gate.broken`, the iteration of part 1
 * fails for good, once `gate.sideDone` has resolved (so the other branch has ended by then).
 * Every run of each stage (and Map part) is counted in `gate.runs`.
 */
export function redrivableWorkflow() {
  const gate = {
    broken: true,
    runs: {} as Record<string, number>,
    sideDone: Promise.resolve(),
  };
  const count = (name: string) => {
    gate.runs[name] = (gate.runs[name] ?? 0) + 1;
  };
  const source = defineStage({
    ...partsSourceStage,
    source: async function* (ctx) {
      count('PartsSourceStage');
      yield* (partsSourceStage.source as NonNullable<typeof partsSourceStage.source>)(ctx);
    },
  });
  const side = defineStage({
    name: 'SideStage',
    async *transform(records) {
      count('SideStage');
      yield* records;
    },
  });
  const gateStage = defineStage({
    name: 'GateStage',
    async *transform(records, ctx) {
      count(`GateStage.${ctx.event.part}`);
      if (ctx.event.part === 1 && gate.broken) {
        await gate.sideDone;
        throw new FatalStageError('GateStage is broken for part 1');
      }
      yield* records;
    },
  });
  const workflow: Workflow = defineWorkflow({
    name: 'redrivable',
    type: 'STANDARD',
    timeoutSeconds: 120,
    defaultTaskTimeoutSeconds: 30,
    steps: [
      lambda(source),
      lambda(side, { after: [source] }),
      map(gateStage, { over: source, maxConcurrency: 1 }),
    ],
  });
  const stages = { PartsSourceStage: source, SideStage: side, GateStage: gateStage };
  return { workflow, stages, gate };
}

/** An object's ETag and last modification, the proof that nobody wrote it again. */
export interface ObjectStamp {
  readonly etag: string | undefined;
  readonly lastModified: string | undefined;
  readonly size?: number | undefined;
}

/**
 * Reads a local home's objects under `prefixes` (each object's ETag and last modification) and
 * its run manifest, with an embedded S3 server of its own on the home's data folder, stopped
 * before it returns (call it while no client of that home runs).
 */
export async function readLocalData(
  s3Directory: string,
  executionId: string,
  prefixes: readonly string[],
): Promise<{ stamps: Record<string, ObjectStamp>; manifest: RunManifest | undefined }> {
  const s3 = await startEmbeddedS3({ directory: s3Directory, buckets: [LOCAL_DATA_BUCKET] });
  try {
    const stamps: Record<string, ObjectStamp> = {};
    for (const prefix of prefixes) {
      const listed = await s3.client.send(
        new ListObjectsV2Command({ Bucket: LOCAL_DATA_BUCKET, Prefix: prefix }),
      );
      for (const object of listed.Contents ?? []) {
        stamps[object.Key as string] = {
          etag: object.ETag,
          lastModified: object.LastModified?.toISOString(),
          size: object.Size,
        };
      }
    }
    return { stamps, manifest: await readManifest(s3.client, LOCAL_DATA_BUCKET, executionId) };
  } finally {
    await s3.stop();
  }
}

/** Deletes one object of a local home, as someone cleaning up by hand would. */
export async function deleteLocalObject(s3Directory: string, key: string): Promise<void> {
  const s3 = await startEmbeddedS3({ directory: s3Directory, buckets: [LOCAL_DATA_BUCKET] });
  try {
    await s3.client.send(new DeleteObjectCommand({ Bucket: LOCAL_DATA_BUCKET, Key: key }));
  } finally {
    await s3.stop();
  }
}
