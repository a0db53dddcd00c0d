import { type CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { WorkflowStackOutput, workflowStackName } from '@ceap/core';
import { StateMachineNotFoundError } from '../errors.js';
import { callAws } from './aws-errors.js';

/**
 * The state machine ARN of each workflow: given in the options, else the
 * `WorkflowStackOutput.StateMachineArn` output of its stack, `workflowStackName(prefix, workflow)`
 * (the names infra deploys under, from @ceap/core). A lookup is made once per workflow.
 */
export class StateMachineArns {
  private readonly found = new Map<string, Promise<string>>();

  constructor(
    private readonly cloudFormation: CloudFormationClient,
    private readonly prefix: string,
    private readonly given: Readonly<Record<string, string>> = {},
  ) {}

  /** The ARN of `workflow`'s state machine. */
  get(workflow: string): Promise<string> {
    const given = Object.hasOwn(this.given, workflow) ? this.given[workflow] : undefined;
    if (given) return Promise.resolve(given);
    let found = this.found.get(workflow);
    if (!found) {
      found = this.lookUp(workflow);
      this.found.set(workflow, found);
      found.catch(() => this.found.delete(workflow));
    }
    return found;
  }

  private async lookUp(workflow: string): Promise<string> {
    const stackName = workflowStackName(this.prefix, workflow);
    const outputKey = WorkflowStackOutput.StateMachineArn;
    const response = await callAws(
      { operation: 'DescribeStacks', resource: `stack ${stackName}` },
      () => this.cloudFormation.send(new DescribeStacksCommand({ StackName: stackName })),
    );
    const output = response.Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === outputKey);
    if (!output?.OutputValue) {
      throw new StateMachineNotFoundError(
        `stack ${stackName} has no ${outputKey} output; deploy it or pass --state-machine-arn`,
      );
    }
    return output.OutputValue;
  }
}
