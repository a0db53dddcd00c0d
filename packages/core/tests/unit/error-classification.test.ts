import { ConfigurationError, FatalStageError, RetryableStageError } from '../../src/index.js';
import { classifyStageError, isTransientError } from '../../src/stage/error-classification.js';

function sdkError(name: string, status?: number): Error {
  const error = new Error(`${name} from S3`) as Error & { $metadata?: { httpStatusCode?: number } };
  error.name = name;
  if (status !== undefined) error.$metadata = { httpStatusCode: status };
  return error;
}

function socketError(code: string): Error {
  return Object.assign(new Error(`socket ${code}`), { code });
}

describe('isTransientError', () => {
  it.each([
    ['S3 SlowDown', sdkError('SlowDown', 503)],
    ['throttling by name', sdkError('ThrottlingException')],
    ['a 429', sdkError('Whatever', 429)],
    ['a 500 InternalError', sdkError('InternalError', 500)],
    ['a request timeout', sdkError('RequestTimeout', 400)],
    ['a reset socket', socketError('ECONNRESET')],
    ['an aborted connection', socketError('ECONNABORTED')],
    ['a reset socket as the cause', new Error('read failed', { cause: socketError('ECONNRESET') })],
  ])('retries %s', (_label, error) => {
    // Arrange / Act
    const transient = isTransientError(error);
    // Assert
    expect(transient).toBe(true);
  });

  it.each([
    ['a missing key', sdkError('NoSuchKey', 404)],
    ['access denied', sdkError('AccessDenied', 403)],
    ['a plain bug', new TypeError('x is undefined')],
    ['a string', 'boom'],
    ['undefined', undefined],
  ])('does not retry %s', (_label, error) => {
    // Arrange / Act
    const transient = isTransientError(error);
    // Assert
    expect(transient).toBe(false);
  });
});

describe('classifyStageError', () => {
  it.each([
    ['a transient SDK error', sdkError('SlowDown', 503), RetryableStageError],
    ['a bug', new TypeError('x is undefined'), FatalStageError],
    ['a configuration error', new ConfigurationError('CEAP_X is not set'), ConfigurationError],
    ['a retryable stage error', new RetryableStageError('try later'), RetryableStageError],
  ])('names %s for Step Functions', (_label, error, expected) => {
    // Arrange / Act
    const classified = classifyStageError(error, 'ScoreStage');
    // Assert
    expect(classified).toBeInstanceOf(expected);
  });

  it('keeps the stage name and the original error as the cause', () => {
    // Arrange
    const original = sdkError('SlowDown', 503);
    // Act
    const classified = classifyStageError(original, 'ScoreStage');
    // Assert
    expect(classified.message).toBe('ScoreStage: SlowDown from S3');
    expect(classified.cause).toBe(original);
  });
});
