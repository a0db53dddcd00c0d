import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SHIPPED_WORKFLOWS } from '@ceap/stages';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsTarget } from '../../src/aws/aws-target.js';
import {
  AccessDeniedError,
  ExecutionAlreadyExistsError,
  ExecutionNotFoundError,
  ThrottledError,
} from '../../src/errors.js';

const BATCH_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:dev-ceap-batch';
const GUARDED_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:dev-ceap-guarded-batch';

function awsError(name: string, message = `${name} happened`): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

describe("AWS errors become the runner's, naming the execution", () => {
  const sfn = mockClient(SFNClient);

  function target() {
    return new AwsTarget({
      workflows: SHIPPED_WORKFLOWS,
      clients: { sfn: new SFNClient({ region: 'eu-west-1' }) },
      stateMachineArns: { batch: BATCH_ARN, 'guarded-batch': GUARDED_ARN },
    });
  }

  beforeEach(() => {
    sfn.reset();
  });

  it.each([
    ['ExecutionAlreadyExists', ExecutionAlreadyExistsError, 'execution "b-9" already exists'],
    ['AccessDeniedException', AccessDeniedError, 'StartExecution on execution "b-9" was denied'],
    ['ThrottlingException', ThrottledError, 'StartExecution on execution "b-9" was throttled'],
  ])(
    'maps %s from StartExecution to the runner error, naming the id',
    async (name, type, message) => {
      // Arrange
      sfn.on(StartExecutionCommand).rejects(awsError(name));

      // Act
      const start = target().start({ workflow: 'batch', executionId: 'b-9' });

      // Assert
      await expect(start).rejects.toBeInstanceOf(type);
      await expect(start).rejects.toThrow(message);
    },
  );

  it.each(['describe', 'getHandle'] as const)(
    'maps ExecutionDoesNotExist from %s to ExecutionNotFoundError naming the id',
    async (method) => {
      // Arrange
      sfn.on(DescribeExecutionCommand).rejects(awsError('ExecutionDoesNotExist'));

      // Act
      const lookup = target()[method]('nope-1');

      // Assert
      await expect(lookup).rejects.toBeInstanceOf(ExecutionNotFoundError);
      await expect(lookup).rejects.toThrow('execution "nope-1" was not found');
    },
  );
});
