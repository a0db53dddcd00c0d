import { ConfigurationError } from './errors.js';
import { parseExecutionId } from './execution-id.js';

/** Where a deployment keeps its data: the bucket and an optional key prefix. */
export interface DataLocation {
  readonly bucket: string;
  /** Prepended to every key, e.g. `team-a/`. @default '' */
  readonly keyPrefix?: string;
}

/** Names of the objects a stage writes under its own folder. */
export const StageObject = {
  Output: 'output.json',
  Rejects: 'rejects.json',
  /** The records a stage dropped on purpose, each with its rule. */
  Filtered: 'filtered.json',
} as const;

/** The folder that holds one manifest entry per step (and per Map iteration). */
const MANIFEST_FOLDER = '_manifest';
/** A single manifest object, as Glue jobs of earlier versions write it. */
const LEGACY_MANIFEST_OBJECT = '_manifest.json';
/** A stage name: a folder in the key layout and a state name in ASL. */
export const STAGE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** {@link STAGE_NAME_PATTERN} in words, for error messages. */
export const STAGE_NAME_RULE =
  'must start with a letter and have 1-64 characters of A-Z a-z 0-9 _ -';
const KEY_PREFIX_PATTERN = /^([A-Za-z0-9_.=-]+\/)*$/;

/** Checks a key prefix: empty, or path segments each followed by `/`. */
export function normalizeKeyPrefix(keyPrefix: string | undefined): string {
  const prefix = keyPrefix ?? '';
  if (!KEY_PREFIX_PATTERN.test(prefix) || prefix.split('/').some((part) => part === '..')) {
    throw new ConfigurationError(
      `keyPrefix ${JSON.stringify(prefix)} must be empty or segments of A-Z a-z 0-9 _ . = - each ending in "/"`,
    );
  }
  return prefix;
}

/** Checks a stage name, which becomes a folder in the key layout and a state name in ASL. */
export function assertStageName(stage: string): void {
  if (!STAGE_NAME_PATTERN.test(stage)) {
    throw new ConfigurationError(`stage name ${JSON.stringify(stage)} ${STAGE_NAME_RULE}`);
  }
}

/** `{prefix}executions/{executionId}`: everything one execution writes lives below it. */
export function executionPrefix(executionId: string, keyPrefix?: string): string {
  return `${normalizeKeyPrefix(keyPrefix)}executions/${parseExecutionId(executionId)}`;
}

/**
 * `{prefix}executions/{executionId}/{stage}/output.json`, or with `testRun` n
 * `…/{stage}/test-{n}/output.json` (see {@link testRunFolder}).
 */
export function stageOutputKey(
  executionId: string,
  stage: string,
  keyPrefix?: string,
  testRun?: number,
): string {
  return stageObjectKey(executionId, stage, StageObject.Output, keyPrefix, testRun);
}

/**
 * `test-{n}`: the folder under a step where a test run of that step (`ceap run-step`) writes
 * its objects, so the step's own output, rejects and manifest entry are never overwritten.
 */
export function testRunFolder(testRun: number): string {
  if (!Number.isSafeInteger(testRun) || testRun < 1 || testRun > 99_999) {
    throw new ConfigurationError(`testRun ${testRun} must be a whole number from 1 to 99999`);
  }
  return `test-${testRun}`;
}

/** `{prefix}executions/{executionId}/{stage}/rejects.json` */
export function stageRejectsKey(executionId: string, stage: string, keyPrefix?: string): string {
  return stageObjectKey(executionId, stage, StageObject.Rejects, keyPrefix);
}

/** `{prefix}executions/{executionId}/{stage}/filtered.json` */
export function stageFilteredKey(executionId: string, stage: string, keyPrefix?: string): string {
  return stageObjectKey(executionId, stage, StageObject.Filtered, keyPrefix);
}

/**
 * `{prefix}executions/{executionId}/{stage}/{objectName}`, for a stage's extra outputs; with
 * `testRun` n, `…/{stage}/test-{n}/{objectName}`.
 */
export function stageObjectKey(
  executionId: string,
  stage: string,
  objectName: string,
  keyPrefix?: string,
  testRun?: number,
): string {
  assertStageName(stage);
  if (!/^[A-Za-z0-9_.-]+$/.test(objectName) || objectName.startsWith('.')) {
    throw new ConfigurationError(
      `object name ${JSON.stringify(objectName)} is not a plain file name`,
    );
  }
  const folder = testRun === undefined ? stage : `${stage}/${testRunFolder(testRun)}`;
  return `${executionPrefix(executionId, keyPrefix)}/${folder}/${objectName}`;
}

/**
 * `{prefix}executions/{executionId}/_manifest/{step}.json`, or `…/{step}.part-00003.json` for
 * a Map iteration: one object per writer, so steps that end at once never overwrite each other.
 */
export function manifestEntryKey(
  executionId: string,
  step: string,
  keyPrefix?: string,
  part?: number,
): string {
  assertStageName(step);
  const name = part === undefined ? step : `${step}.${partFileName(part).replace(/\.json$/, '')}`;
  return `${manifestFolder(executionId, keyPrefix)}${name}.json`;
}

/** `{prefix}executions/{executionId}/_manifest/`: where the run manifest's entries live. */
export function manifestFolder(executionId: string, keyPrefix?: string): string {
  return `${executionPrefix(executionId, keyPrefix)}/${MANIFEST_FOLDER}/`;
}

/** `{prefix}executions/{executionId}/_manifest.json`, which earlier Glue jobs wrote. */
export function legacyManifestKey(executionId: string, keyPrefix?: string): string {
  return `${executionPrefix(executionId, keyPrefix)}/${LEGACY_MANIFEST_OBJECT}`;
}

/** `part-00003.json`: the name Spark, and a Map iteration, give one part of a folder output. */
export function partFileName(part: number): string {
  if (!Number.isSafeInteger(part) || part < 0 || part > 99_999) {
    throw new ConfigurationError(`part ${part} must be a whole number from 0 to 99999`);
  }
  return `part-${String(part).padStart(5, '0')}.json`;
}

/** Formats a pointer as an `s3://bucket/key` URI for people to read. */
export function toS3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}
