import {
  createLogger,
  runStage,
  type StageDefinition,
  type StageEvent,
  type StageResult,
} from '@ceap/core';
import { parseLines, TEST_BUCKET, type TestS3 } from './embedded-s3.js';

/** A logger that keeps tests quiet unless LOG_LEVEL says otherwise. */
export const quietLogger = createLogger({ level: process.env.LOG_LEVEL ?? 'silent' });

let sequence = 0;

/** A fresh, valid execution id per call, so tests never share S3 keys. */
export function nextExecutionId(label = 'test'): string {
  sequence++;
  return `${label}-${process.pid}-${sequence}`;
}

/** What a stage run left in S3, read back. */
export interface StageRun {
  readonly result: StageResult;
  readonly records: Record<string, unknown>[];
  readonly rejects: Record<string, unknown>[];
}

/** Runs a stage against the embedded S3 server and returns its result, reading nothing back. */
export function runOnly<Config>(
  s3: TestS3,
  stage: StageDefinition<Config>,
  event: Partial<StageEvent> & { input?: unknown },
  env: NodeJS.ProcessEnv = {},
): Promise<StageResult> {
  return runStage(
    stage,
    {
      executionId: event.executionId ?? nextExecutionId(),
      executionStartTime: '2026-03-11T08:00:00.000Z',
      workflow: 'test',
      ...event,
    },
    { s3: s3.client, location: { bucket: TEST_BUCKET }, logger: quietLogger, env },
  );
}

/** Runs a stage against the embedded S3 server and reads back its output and rejects. */
export async function runAndRead<Config>(
  s3: TestS3,
  stage: StageDefinition<Config>,
  event: Partial<StageEvent> & { input?: unknown },
  env: NodeJS.ProcessEnv = {},
): Promise<StageRun> {
  const result = await runOnly(s3, stage, event, env);
  return {
    result,
    records: parseLines(await s3.getText(result.key)),
    // A stage writes its rejects object only once it rejects a record.
    rejects: result.rejected === 0 ? [] : parseLines(await s3.getText(result.rejectsKey)),
  };
}

/** Asserts records in = out + rejected + filtered, per reason. */
export function expectBalanced(result: StageResult): void {
  const rejectedByReason = Object.values(result.rejectedBy).reduce((sum, n) => sum + n, 0);
  const filteredByReason = Object.values(result.filteredBy).reduce((sum, n) => sum + n, 0);
  expect(rejectedByReason).toBe(result.rejected);
  expect(filteredByReason).toBe(result.filtered);
  expect(result.received).toBe(result.records + result.rejected + result.filtered);
}

/**
 * Stores records as `upstream`'s output for a fresh execution, then runs `stage` on that
 * pointer, as the workflow would, and reads back what it wrote.
 */
export async function runOnUpstreamOutput<Config>(
  s3: TestS3,
  stage: StageDefinition<Config>,
  upstream: string,
  records: readonly Record<string, unknown>[],
  env: NodeJS.ProcessEnv = {},
): Promise<StageRun & { executionId: string }> {
  const executionId = nextExecutionId(stage.name);
  const key = `executions/${executionId}/${upstream}/output.json`;
  await s3.putRecords(key, records);
  const run = await runAndRead(
    s3,
    stage,
    { executionId, input: { bucket: TEST_BUCKET, key, logicalDate: '2026-03-11' } },
    env,
  );
  return { ...run, executionId };
}
