import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRunnerClient, type RunnerClient } from '../../src/client/runner-client.js';
import { CeapHomeError } from '../../src/errors.js';
import { tempDir } from '../helpers/temp-dir.js';
import { sampleRecords, TEST_WORKFLOWS, testBindings } from '../helpers/test-stages.js';

/**
 * A run that cannot keep its log must not carry on unrecorded: one whose log cannot be opened
 * never starts, and its record says why, naming CEAP_HOME and the file (a CeapHomeError).
 */
describe('a run whose log file cannot be written', () => {
  let home: ReturnType<typeof tempDir>;
  let client: RunnerClient;

  beforeEach(() => {
    home = tempDir('ceap-unwritable-log-');
    client = createRunnerClient({
      workflows: TEST_WORKFLOWS,
      local: { home: home.path, bindings: testBindings, logLevel: 'info' },
    });
  });

  afterEach(async () => {
    await client.close();
    home.remove();
  });

  it('is refused with CeapHomeError naming the log file, and recorded FAILED', async () => {
    // Arrange: a folder where the log file should be (EISDIR when it is opened).
    const logFile = join(home.path, 'logs', 'no-log.log');
    mkdirSync(logFile, { recursive: true });

    // Act
    const failure = await client
      .start({
        workflow: 'test-realtime',
        executionId: 'no-log',
        input: { records: sampleRecords() },
      })
      .catch((error: unknown) => error);

    // Assert
    expect(failure).toBeInstanceOf(CeapHomeError);
    const described = await client.describe('no-log');
    expect(described).toMatchObject({ status: 'FAILED', error: 'CeapHomeError' });
    expect(described.cause).toContain(`the ceap home ${home.path} (CEAP_HOME) cannot be written`);
    expect(described.cause).toContain(`could not write ${logFile} (EISDIR`);
    expect(described.output).toBeUndefined();
    expect(readdirSync(join(home.path, 'executions'))).toEqual(['no-log.json']);
  });
});
