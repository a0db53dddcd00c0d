import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { DEFAULT_DEPLOYMENT_PREFIX, WorkflowStackOutput, workflowStackName } from '@ceap/core';
import { mockClient } from 'aws-sdk-client-mock';
import { StateMachineArns } from '../../src/aws/state-machine-arns.js';
import { StateMachineNotFoundError } from '../../src/errors.js';

const BATCH_ARN = 'arn:aws:states:eu-west-1:123456789012:stateMachine:dev-ceap-batch';

function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
}

describe('state machine lookup by the deployment names of @ceap/core', () => {
  const cfn = mockClient(CloudFormationClient);

  function arns(prefix: string, given: Record<string, string> = {}) {
    return new StateMachineArns(new CloudFormationClient({ region: 'eu-west-1' }), prefix, given);
  }

  beforeEach(() => {
    cfn.reset();
  });

  it('finds the state machine ARN in the stack and output that @ceap/core names', async () => {
    // Arrange
    const stackName = workflowStackName('prod', 'batch');
    cfn.on(DescribeStacksCommand, { StackName: stackName }).resolves({
      Stacks: [
        {
          StackName: stackName,
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: [{ OutputKey: WorkflowStackOutput.StateMachineArn, OutputValue: BATCH_ARN }],
        },
      ],
    });

    // Act
    const arn = await arns('prod').get('batch');

    // Assert
    expect(arn).toBe(BATCH_ARN);
  });

  it('refuses a stack without the StateMachineArn output, naming the stack', async () => {
    // Arrange
    const stackName = workflowStackName(DEFAULT_DEPLOYMENT_PREFIX, 'batch');
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: stackName, CreationTime: new Date(), StackStatus: 'CREATE_COMPLETE' }],
    });

    // Act
    const lookup = arns(DEFAULT_DEPLOYMENT_PREFIX).get('batch');

    // Assert
    await expect(lookup).rejects.toBeInstanceOf(StateMachineNotFoundError);
    await expect(lookup).rejects.toThrow(
      `stack ${stackName} has no ${WorkflowStackOutput.StateMachineArn} output`,
    );
  });

  it('maps a missing stack to StateMachineNotFoundError', async () => {
    // Arrange
    cfn
      .on(DescribeStacksCommand)
      .rejects(awsError('ValidationError', 'Stack with id dev-ceap-batch does not exist'));

    // Act
    const lookup = arns(DEFAULT_DEPLOYMENT_PREFIX).get('batch');

    // Assert
    await expect(lookup).rejects.toBeInstanceOf(StateMachineNotFoundError);
  });

  it('uses a given ARN without asking CloudFormation', async () => {
    // Arrange
    const given = arns(DEFAULT_DEPLOYMENT_PREFIX, { batch: BATCH_ARN });

    // Act
    const arn = await given.get('batch');

    // Assert
    expect(arn).toBe(BATCH_ARN);
    expect(cfn.commandCalls(DescribeStacksCommand)).toHaveLength(0);
  });
});
