import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { listObjects } from '../records/s3-objects.js';
import { legacyManifestKey, manifestEntryKey, manifestFolder } from '../s3-keys.js';
import type { StageResult } from './stage-contract.js';

/** The lineage of one execution: each step's pointers, counts, bytes and timings. */
export interface RunManifest {
  readonly executionId: string;
  readonly workflow: string;
  readonly logicalDate: string;
  readonly updatedAt: string;
  /** Step names in the order they finished. */
  readonly order: readonly string[];
  /** Each step's result; a Map step's is the sum of its iterations. */
  readonly stages: Readonly<Record<string, StageResult>>;
  /** A Map step's iterations, by step, in part order. */
  readonly parts?: Readonly<Record<string, readonly StageResult[]>>;
}

/**
 * Records a finished step (or one Map iteration) in the run manifest. Each writer puts its own
 * object, so steps that end at the same moment in parallel branches never overwrite each
 * other; a rerun of a step replaces its entry.
 */
export async function recordStageInManifest(
  s3: S3Client,
  result: StageResult,
  keyPrefix?: string,
  part?: number,
): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: result.bucket,
      Key: manifestEntryKey(result.executionId, result.stage, keyPrefix, part),
      Body: JSON.stringify(part === undefined ? result : { ...result, part }),
      ContentType: 'application/json',
    }),
  );
}

/** Reads an execution's manifest, or undefined before any step has finished. */
export async function readManifest(
  s3: S3Client,
  bucket: string,
  executionId: string,
  keyPrefix?: string,
): Promise<RunManifest | undefined> {
  const legacy = await getJson<LegacyManifest>(
    s3,
    bucket,
    legacyManifestKey(executionId, keyPrefix),
  );
  const entries: Entry[] = [];
  for await (const object of listObjects(s3, bucket, manifestFolder(executionId, keyPrefix))) {
    const entry = await getJson<Entry>(s3, bucket, object.key);
    if (entry) entries.push(entry);
  }
  if (entries.length === 0 && !legacy) return undefined;
  return assemble(legacy, entries);
}

/** A manifest entry: a step's result, or one Map iteration's with its part index. */
type Entry = StageResult & { part?: number };

/** The single `_manifest.json` object that Glue jobs write with a read-modify-write. */
interface LegacyManifest {
  readonly executionId?: string;
  readonly workflow?: string;
  readonly logicalDate?: string;
  readonly updatedAt?: string;
  readonly order?: readonly string[];
  readonly stages?: Readonly<Record<string, StageResult>>;
}

/**
 * Joins the single object and the per-step entries: a step's own entry replaces the single
 * object's, and steps keep the single object's order, then the order in which they finished.
 */
function assemble(legacy: LegacyManifest | undefined, entries: readonly Entry[]): RunManifest {
  const stages: Record<string, StageResult> = { ...legacy?.stages };
  const parts: Record<string, Entry[]> = {};
  const recorded: StageResult[] = [];
  for (const entry of entries) {
    if (entry.part === undefined) {
      recorded.push(entry);
    } else {
      const iterations = parts[entry.stage] ?? [];
      iterations.push(entry);
      parts[entry.stage] = iterations;
    }
  }
  for (const iterations of Object.values(parts)) {
    iterations.sort((a, b) => (a.part ?? 0) - (b.part ?? 0));
    recorded.push(sumIterations(iterations));
  }
  recorded.sort((a, b) => finishedAt(a) - finishedAt(b));
  for (const result of recorded) stages[result.stage] = result;
  const names = new Set(recorded.map((r) => r.stage));
  const order = [...(legacy?.order ?? []).filter((n) => !names.has(n)), ...names];
  const first = (recorded[0] ?? {}) as Partial<StageResult>;
  const times = [Date.parse(legacy?.updatedAt ?? ''), ...recorded.map(finishedAt)];
  const latest = Math.max(...times.filter(Number.isFinite));
  return {
    executionId: legacy?.executionId ?? first.executionId ?? '',
    workflow: legacy?.workflow ?? first.workflow ?? '',
    logicalDate: legacy?.logicalDate ?? first.logicalDate ?? '',
    updatedAt: Number.isFinite(latest) ? new Date(latest).toISOString() : '',
    order,
    stages,
    ...(Object.keys(parts).length > 0 && { parts }),
  };
}

function finishedAt(result: StageResult): number {
  const end = Date.parse(result.startedAt) + result.durationMs;
  return Number.isFinite(end) ? end : 0;
}

/** A Map step's result: its iterations' counts added up, its folder as the pointer. */
function sumIterations(iterations: readonly StageResult[]): StageResult {
  const { part: _part, ...first } = iterations[0] as StageResult & { part?: number };
  const folder = (key: string) => key.replace(/\/part-\d+\.json$/, '');
  const start = Math.min(...iterations.map((r) => Date.parse(r.startedAt)));
  const end = Math.max(...iterations.map((r) => Date.parse(r.startedAt) + r.durationMs));
  const add = (field: 'received' | 'records' | 'rejected' | 'filtered' | 'bytes') =>
    iterations.reduce((sum, r) => sum + r[field], 0);
  const merge = (field: 'rejectedBy' | 'filteredBy') => {
    const merged: Record<string, number> = {};
    for (const r of iterations) {
      for (const [reason, n] of Object.entries(r[field]))
        merged[reason] = (merged[reason] ?? 0) + n;
    }
    return merged;
  };
  return {
    ...first,
    key: folder(first.key),
    rejectsKey: folder(first.rejectsKey),
    received: add('received'),
    records: add('records'),
    rejected: add('rejected'),
    filtered: add('filtered'),
    bytes: add('bytes'),
    rejectedBy: merge('rejectedBy'),
    filteredBy: merge('filteredBy'),
    startedAt: new Date(start).toISOString(),
    durationMs: end - start,
    metrics: { iterations: iterations.length },
  };
}

async function getJson<T>(s3: S3Client, bucket: string, key: string): Promise<T | undefined> {
  try {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const text = await response.Body?.transformToString('utf8');
    return text ? (JSON.parse(text) as T) : undefined;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  }
}
