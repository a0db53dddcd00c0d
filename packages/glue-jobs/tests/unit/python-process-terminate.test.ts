import type { JsonRecord } from '@ceap/core';
import { PythonFailedError } from '../../src/index.js';
import { PythonProcess } from '../../src/python-process.js';

/**
 * A real python3 that says it is ready once its SIGTERM handling is in place (a tagged record
 * on stdout), then waits on stdin, which the test never closes: it ends only by a signal.
 */
const waitingPython = (ignoreSigterm: boolean) => [
  '-c',
  [
    'import signal, sys',
    ignoreSigterm ? 'signal.signal(signal.SIGTERM, signal.SIG_IGN)' : 'pass',
    'sys.stdout.write(\'r{"ready":true}\\n\')',
    'sys.stdout.flush()',
    'sys.stdin.read()',
  ].join('\n'),
];

/** Starts the waiting python3 and returns it with its output, once it is ready. */
async function startWaitingPython(ignoreSigterm: boolean) {
  const python = await PythonProcess.start('python3', waitingPython(ignoreSigterm), process.env);
  const outputs = python.outputs(() => undefined);
  const ready = await outputs.next();
  return { python, outputs, ready: (ready.value as JsonRecord[])[0] };
}

describe('stopping the Python core of a local Glue run', () => {
  it('ends python3 with SIGTERM, and its outputs fail naming the signal', async () => {
    // Arrange
    const { python, outputs, ready } = await startWaitingPython(false);

    // Act
    const exit = await python.terminate();

    // Assert
    expect(ready).toEqual({ ready: true });
    expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
    await expect(outputs.next()).rejects.toThrow(PythonFailedError);
  });

  it('sends SIGKILL when python3 ignores SIGTERM', async () => {
    // Arrange
    const { python, outputs } = await startWaitingPython(true);

    // Act
    const exit = await python.terminate(50);

    // Assert
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
    await expect(outputs.next()).rejects.toThrow('was killed by SIGKILL');
  });

  it('leaves a python3 that has already exited alone', async () => {
    // Arrange
    const python = await PythonProcess.start('python3', ['-c', 'pass'], process.env);
    for await (const _record of python.outputs(() => undefined)) {
      // no output expected: the loop waits for the exit
    }

    // Act
    const exit = await python.terminate();

    // Assert
    expect(exit).toEqual({ code: 0, signal: null });
  });
});
