import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { manifestKey } from '../s3-keys.js';
import type { StageResult } from './stage-contract.js';

/** The lineage of one execution: each stage's pointers, counts, bytes and timings. */
export interface RunManifest {
  readonly executionId: string;
  readonly workflow: string;
  readonly logicalDate: string;
  readonly updatedAt: string;
  /** Stage names in the order they completed. */
  readonly order: readonly string[];
  readonly stages: Readonly<Record<string, StageResult>>;
}

/** Reads `executions/{id}/_manifest.json`, or undefined before any stage has finished. */
export async function readManifest(
  s3: S3Client,
  bucket: string,
  executionId: string,
  keyPrefix?: string,
): Promise<RunManifest | undefined> {
  try {
    const response = await s3.send(
      new GetObjectCommand({ Bucket: bucket, Key: manifestKey(executionId, keyPrefix) }),
    );
    const text = await response.Body?.transformToString('utf8');
    return text ? (JSON.parse(text) as RunManifest) : undefined;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}

/**
 * Records a finished stage in the manifest. Stages of one execution run one after another,
 * so a read-modify-write is safe; a rerun of a stage replaces its entry.
 */
export async function recordStageInManifest(
  s3: S3Client,
  result: StageResult,
  keyPrefix?: string,
  now: Date = new Date(),
): Promise<RunManifest> {
  const previous = await readManifest(s3, result.bucket, result.executionId, keyPrefix);
  const order = (previous?.order ?? []).filter((name) => name !== result.stage);
  const manifest: RunManifest = {
    executionId: result.executionId,
    workflow: result.workflow,
    logicalDate: result.logicalDate,
    updatedAt: now.toISOString(),
    order: [...order, result.stage],
    stages: { ...previous?.stages, [result.stage]: result },
  };
  await s3.send(
    new PutObjectCommand({
      Bucket: result.bucket,
      Key: manifestKey(result.executionId, keyPrefix),
      Body: JSON.stringify(manifest, null, 2),
      ContentType: 'application/json',
    }),
  );
  return manifest;
}
