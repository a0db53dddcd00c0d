import { createLogger, createS3Client, runStage } from '@ceap/core';
import { createEtlStage, createFilterStage } from '@ceap/stages';
import { rawPass } from '../raw-pass.js';

/** What the parent asks of one child: one pass over the input, then its own peak RSS. */
export interface MemoryChildTask {
  readonly mode: 'FilterStage' | 'ETLStage' | 'raw';
  readonly endpoint: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly bucket: string;
  readonly executionId: string;
  /** The stage's event input (an upstream pointer, or ETL's `source`), or for raw the key. */
  readonly input: unknown;
}

/**
 * Runs in a child process of its own so that its peak RSS (`maxRSS`) is one pass's alone: the
 * S3 server and the bench's other work live in the parent.
 */
async function main(task: MemoryChildTask): Promise<void> {
  const s3 = createS3Client({ endpoint: task.endpoint, credentials: task.credentials });
  let records = 0;
  if (task.mode === 'raw') {
    await rawPass(s3, task.bucket, String(task.input), `raw/${task.executionId}.json`);
  } else {
    const stage = task.mode === 'FilterStage' ? createFilterStage() : createEtlStage();
    const result = await runStage(
      stage as Parameters<typeof runStage>[0],
      { executionId: task.executionId, workflow: 'bench', input: task.input },
      {
        s3,
        location: { bucket: task.bucket },
        logger: createLogger({ level: 'silent' }),
        env: {},
      },
    );
    records = result.records;
  }
  // maxRSS is in KiB.
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ peakMiB, records })}\n`);
}

main(JSON.parse(process.argv[2] ?? '{}') as MemoryChildTask).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
