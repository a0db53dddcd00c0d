import { Writable } from 'node:stream';
import { createLogger } from '../../src/index.js';

function captureLines() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('binds executionId, workflow and stage to every line', () => {
    // Arrange
    const { lines, destination } = captureLines();
    const logger = createLogger({
      destination,
      bindings: { executionId: 'run-1', workflow: 'batch', stage: 'ETLStage' },
    });
    // Act
    logger.info({ records: 3 }, 'stage finished');
    // Assert
    expect(lines[0]).toMatchObject({
      executionId: 'run-1',
      workflow: 'batch',
      stage: 'ETLStage',
      records: 3,
      msg: 'stage finished',
      level: 30,
    });
  });

  it.each([['password'], ['secretAccessKey'], ['token'], ['authorization']])(
    'redacts %s, also when nested',
    (field) => {
      // Arrange
      const { lines, destination } = captureLines();
      const logger = createLogger({ destination });
      // Act
      logger.info(
        { [field]: 'hunter2', credentials: 'x', nested: { [field]: 'hunter2' } },
        'config',
      );
      // Assert
      const text = JSON.stringify(lines[0]);
      expect(text).not.toContain('hunter2');
      expect(lines[0]?.[field]).toBe('[redacted]');
    },
  );

  it('respects the level', () => {
    // Arrange
    const { lines, destination } = captureLines();
    const logger = createLogger({ destination, level: 'warn' });
    // Act
    logger.info('hidden');
    logger.warn('shown');
    // Assert
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });
});
