import { spawn } from 'node:child_process';
import { PACKAGE_DIR } from '../helpers/run-cli.js';

/** The modules a client for AWS must never load: the local engine and what it brings. */
const LOCAL_ONLY =
  /[\\/]node_modules[\\/](s3rver|aws-local-stepfunctions)[\\/]|[\\/]src[\\/]local[\\/]local-engine\.ts$/;

/**
 * Runs in a fresh Node process (the package's own name resolves to its source through the
 * @ceap/source condition): an AWS client lists executions through a mocked SFN client and
 * draws a graph, and the script reports which local-only modules `require.cache` then holds;
 * then it loads `@ceap/runner/local` and the embedded S3 server (which the local target loads only
 * when a run or a read of S3 needs it) and reports again, which shows the check can see them.
 */
const SCRIPT = `
const { SFNClient, ListExecutionsCommand } = require('@aws-sdk/client-sfn');
const { mockClient } = require('aws-sdk-client-mock');
const { createRunnerClient } = require('@ceap/runner');
const pattern = new RegExp(process.argv[1]);
const loaded = () => Object.keys(require.cache).filter((file) => pattern.test(file));
(async () => {
  const sfn = new SFNClient({ region: 'us-east-1' });
  mockClient(sfn).on(ListExecutionsCommand).resolves({ executions: [] });
  const client = createRunnerClient({
    target: 'aws',
    aws: {
      region: 'us-east-1',
      stateMachineArns: { batch: 'arn:aws:states:us-east-1:123456789012:stateMachine:dev-ceap-batch' },
      clients: { sfn },
    },
  });
  const listed = await client.list({ workflow: 'batch' });
  const graph = client.graph('batch');
  await client.close();
  const aws = loaded();
  require('@ceap/runner/local');
  require('@ceap/core/embedded-s3');
  const local = loaded();
  process.stdout.write(JSON.stringify({ listed: listed.length, graphed: graph.length > 0, aws, local }));
})();
`;

function runScript(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@ceap/source',
        '--require',
        require.resolve('tsx/cjs'),
        '-e',
        SCRIPT,
        LOCAL_ONLY.source,
      ],
      { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('createRunnerClient({ target: "aws" })', () => {
  it('loads neither s3rver nor aws-local-stepfunctions nor the local engine', async () => {
    // Arrange / Act
    const result = await runScript();

    // Assert
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      listed: number;
      graphed: boolean;
      aws: string[];
      local: string[];
    };
    expect(report).toMatchObject({ listed: 0, graphed: true, aws: [] });
    expect(report.local.some((file) => file.includes('aws-local-stepfunctions'))).toBe(true);
    expect(report.local.some((file) => file.includes('s3rver'))).toBe(true);
  });
});
