import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { EMBEDDED_S3_CREDENTIALS } from '../../src/embedded-s3/index.js';
import { createS3Client } from '../../src/index.js';

/** s3rver in its own process, so a memory measurement of this process counts only our code. */
export interface S3ServerProcess {
  readonly client: S3Client;
  stop(): Promise<void>;
}

const SERVER_SCRIPT = `
const S3rver = require('s3rver');
const server = new S3rver({ address: '127.0.0.1', port: 0, directory: process.argv[1], silent: true,
  configureBuckets: [{ name: process.argv[2], configs: [] }] });
server.run().then((address) => process.stdout.write(String(address.port) + '\\n'));
process.on('SIGTERM', () => server.close().finally(() => process.exit(0)));
`;

export async function startS3ServerProcess(bucket: string): Promise<S3ServerProcess> {
  const directory = mkdtempSync(join(tmpdir(), 'ceap-s3-proc-'));
  const child: ChildProcess = spawn(process.execPath, ['-e', SERVER_SCRIPT, directory, bucket], {
    cwd: join(__dirname, '..', '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.once('data', (data: Buffer) => resolve(Number(data.toString().trim())));
  });
  const client = createS3Client({
    endpoint: `http://127.0.0.1:${port}`,
    credentials: EMBEDDED_S3_CREDENTIALS,
  });
  return {
    client,
    stop: async () => {
      client.destroy();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
