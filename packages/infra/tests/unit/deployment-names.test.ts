import { rmSync } from 'node:fs';
import {
  DEFAULT_DEPLOYMENT_PREFIX,
  dataStackName,
  WorkflowStackOutput,
  workflowStackName,
} from '@ceap/core';
import { SHIPPED_WORKFLOWS } from '@ceap/stages';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { shippedApp } from '../helpers/cdk-test-app';

type Template = {
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  Outputs: Record<string, { Value: unknown }>;
};

/**
 * The outputs every workflow stack has, and those the batch workflow (a Glue step, and the app's
 * nightly schedule) adds.
 */
const ALWAYS = [
  WorkflowStackOutput.StateMachineArn,
  WorkflowStackOutput.QueueUrl,
  WorkflowStackOutput.DeadLetterQueueUrl,
  WorkflowStackOutput.DataBucketName,
  WorkflowStackOutput.ExecutionEventsQueueUrl,
];
const GLUE_AND_SCHEDULE = [
  WorkflowStackOutput.GlueJobName,
  WorkflowStackOutput.ScheduleName,
  WorkflowStackOutput.ScheduleDeadLetterQueueUrl,
];

// The runner finds a deployment by @ceap/core's names; the synthesized app must carry them.
describe('the synthesized app carries the names @ceap/core gives the runner', () => {
  const cases = [
    ['the default prefix', {}, DEFAULT_DEPLOYMENT_PREFIX],
    ['a custom prefix', { prefix: 'team-b2' }, 'team-b2'],
  ] as const;
  const assemblies = new Map<string, CloudAssembly>();
  beforeAll(() => {
    for (const [, context, prefix] of cases)
      assemblies.set(prefix, shippedApp(context).app.synth());
  });
  afterAll(() => {
    for (const assembly of assemblies.values())
      rmSync(assembly.directory, { recursive: true, force: true });
  });

  it.each(cases)(
    'with %s: one data stack and one stack per shipped workflow',
    (_why, _c, prefix) => {
      // Arrange
      const expected = [
        dataStackName(prefix),
        ...Object.values(SHIPPED_WORKFLOWS).map((workflow) =>
          workflowStackName(prefix, workflow.name),
        ),
      ];
      // Act
      const names = assemblies.get(prefix)?.stacks.map((stack) => stack.stackName);
      // Assert
      expect(names?.sort()).toEqual(expected.sort());
    },
  );

  const workflowCases = cases.flatMap(([why, , prefix]) =>
    Object.values(SHIPPED_WORKFLOWS).map(
      (workflow) => [why, workflow.name, prefix, workflow] as const,
    ),
  );

  it.each(workflowCases)(
    'with %s: the %s stack outputs StateMachineArn, its state machine named as the stack',
    (_why, _name, prefix, workflow) => {
      // Arrange
      const name = workflowStackName(prefix, workflow.name);
      // Act
      const template = assemblies.get(prefix)?.getStackByName(name).template as Template;
      const machines = Object.entries(template.Resources).filter(
        ([, resource]) => resource.Type === 'AWS::StepFunctions::StateMachine',
      );
      // Assert
      expect(machines).toHaveLength(1);
      const [logicalId, machine] = machines[0] as [string, Template['Resources'][string]];
      expect(machine.Properties.StateMachineName).toBe(name);
      expect(template.Outputs[WorkflowStackOutput.StateMachineArn]?.Value).toEqual({
        Ref: logicalId,
      });
    },
  );

  it.each(workflowCases)(
    'with %s: the %s stack outputs only keys core names',
    (_why, _name, prefix, workflow) => {
      // Arrange
      const hasGlue = workflow.steps.some((step) => step.kind === 'glue');
      const expected = [...ALWAYS, ...(hasGlue ? GLUE_AND_SCHEDULE : [])];
      const name = workflowStackName(prefix, workflow.name);
      // Act
      const template = assemblies.get(prefix)?.getStackByName(name).template as Template;
      // Assert
      expect(Object.keys(template.Outputs).sort()).toEqual([...expected].sort());
    },
  );
});
