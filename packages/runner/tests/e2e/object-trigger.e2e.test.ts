import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { startEmbeddedS3 } from '@ceap/core/embedded-s3';
import { LOCAL_DATA_BUCKET } from '../../src/constants.js';
import { datedProject } from '../helpers/dated-project.js';

/** Puts objects into a local home's bucket, with a server of its own (no client runs then). */
async function putObjects(home: string, keys: readonly string[]): Promise<void> {
  const s3 = await startEmbeddedS3({ directory: join(home, 's3'), buckets: [LOCAL_DATA_BUCKET] });
  try {
    for (const key of keys) {
      await s3.client.send(
        new PutObjectCommand({ Bucket: LOCAL_DATA_BUCKET, Key: key, Body: '{"id":"o-1"}\n' }),
      );
    }
  } finally {
    await s3.stop();
  }
}

describe('a data-aware trigger: objects under landing/orders/ start `landed` (scheduler, local)', () => {
  let project: ReturnType<typeof datedProject>;

  beforeAll(() => {
    project = datedProject();
  });

  afterAll(() => project.remove());

  const once = () => project.json(['scheduler', '--once'], { CEAP_NOW: '2026-03-10T12:00:00Z' });
  const started = (body: Record<string, unknown>) =>
    (body.started as { executionId: string; workflow: string; objectKey?: string }[])
      .filter((run) => run.workflow === 'landed')
      .map((run) => [run.executionId, run.objectKey]);

  it('starts exactly one run per date its objects name, once', async () => {
    // Arrange
    await putObjects(project.home.path, [
      'landing/orders/dt=2026-03-09/part-0.json',
      'landing/orders/dt=2026-03-09/part-1.json',
      'landing/orders/readme.txt',
      'landing/other/dt=2026-03-08/part-0.json',
    ]);

    // Act
    const first = await once();
    const again = await once();
    await putObjects(project.home.path, ['landing/orders/dt=2026-03-10/part-0.json']);
    const next = await once();
    const status = await project.json(['status', 'landed-2026-03-09']);

    // Assert
    expect(first.code).toBe(0);
    expect(started(first.body)).toEqual([
      ['landed-2026-03-09', 'landing/orders/dt=2026-03-09/part-0.json'],
    ]);
    expect(started(again.body)).toEqual([]);
    expect(started(next.body)).toEqual([
      ['landed-2026-03-10', 'landing/orders/dt=2026-03-10/part-0.json'],
    ]);
    expect(status.body).toMatchObject({ status: 'SUCCEEDED', logicalDate: '2026-03-09' });
  });
});
