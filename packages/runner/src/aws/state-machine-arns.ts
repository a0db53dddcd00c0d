import {
  type CloudFormationClient,
  DescribeStacksCommand,
  type Output,
} from '@aws-sdk/client-cloudformation';
import { WorkflowStackOutput, workflowStackName } from '@ceap/core';
import { StateMachineNotFoundError } from '../errors.js';
import { callAws } from './aws-errors.js';

/**
 * The state machine ARN and the data bucket of each workflow: given in the options, else the
 * `WorkflowStackOutput.StateMachineArn` and `DataBucketName` outputs of its stack,
 * `workflowStackName(prefix, workflow)` (the names infra deploys under, from @ceap/core). A
 * stack is described once per workflow.
 */
export class StateMachineArns {
  private readonly stacks = new Map<string, Promise<Output[]>>();

  constructor(
    private readonly cloudFormation: CloudFormationClient,
    private readonly prefix: string,
    private readonly given: Readonly<Record<string, string>> = {},
    private readonly givenDataBucket?: string,
  ) {}

  /** The ARN of `workflow`'s state machine. */
  get(workflow: string): Promise<string> {
    const given = Object.hasOwn(this.given, workflow) ? this.given[workflow] : undefined;
    if (given) return Promise.resolve(given);
    return this.output(workflow, WorkflowStackOutput.StateMachineArn, 'pass --state-machine-arn');
  }

  /** The data bucket `workflow`'s stages read and write. */
  dataBucket(workflow: string): Promise<string> {
    if (this.givenDataBucket) return Promise.resolve(this.givenDataBucket);
    return this.output(workflow, WorkflowStackOutput.DataBucketName, 'pass the dataBucket option');
  }

  /** One output of the workflow's stack (e.g. its QueueUrl); `instead` says what else to do. */
  async output(workflow: string, outputKey: string, instead: string): Promise<string> {
    const stackName = workflowStackName(this.prefix, workflow);
    const output = (await this.outputs(workflow)).find((o) => o.OutputKey === outputKey);
    if (!output?.OutputValue) {
      throw new StateMachineNotFoundError(
        `stack ${stackName} has no ${outputKey} output; deploy it or ${instead}`,
      );
    }
    return output.OutputValue;
  }

  private outputs(workflow: string): Promise<Output[]> {
    let found = this.stacks.get(workflow);
    if (!found) {
      const stackName = workflowStackName(this.prefix, workflow);
      found = callAws({ operation: 'DescribeStacks', resource: `stack ${stackName}` }, () =>
        this.cloudFormation.send(new DescribeStacksCommand({ StackName: stackName })),
      ).then((response) => response.Stacks?.[0]?.Outputs ?? []);
      this.stacks.set(workflow, found);
      found.catch(() => this.stacks.delete(workflow));
    }
    return found;
  }
}
