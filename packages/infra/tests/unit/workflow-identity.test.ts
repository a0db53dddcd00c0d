import { compileWorkflow, substitute, substitutionKey, type Workflow } from '@ceap/core/workflow';
import { batchWorkflow, realtimeWorkflow } from '@ceap/stages';
import { Template } from 'aws-cdk-lib/assertions';
import type { CeapWorkflowStack } from '../../src/app/workflow-stack';
import { shippedApp } from '../helpers/cdk-test-app';

// Deployed and local share one definition: the template carries exactly compileWorkflow(...).
let stacks: ReturnType<typeof shippedApp>;
beforeAll(() => {
  stacks = shippedApp();
});

const cases: [string, Workflow, (s: ReturnType<typeof shippedApp>) => CeapWorkflowStack][] = [
  ['realtime', realtimeWorkflow, (s) => s.realtime],
  ['batch', batchWorkflow, (s) => s.batch],
];

function stateMachineOf(stack: CeapWorkflowStack): Record<string, unknown> {
  const machines = Object.values(
    Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine'),
  );
  expect(machines).toHaveLength(1);
  return (machines[0] as { Properties: Record<string, unknown> }).Properties;
}

describe('the deployed state machines are the compiled workflows', () => {
  it.each(cases)(
    '%s: DefinitionString equals JSON.stringify(compileWorkflow(workflow))',
    (_name, workflow, pick) => {
      // Arrange
      const expected = JSON.stringify(compileWorkflow(workflow));
      // Act
      const properties = stateMachineOf(pick(stacks));
      // Assert
      expect(properties.DefinitionString).toBe(expected);
    },
  );

  it.each(cases)(
    '%s: every placeholder is bound to its own function or job, and nothing else',
    (_name, workflow, pick) => {
      // Arrange
      const stack = pick(stacks);
      const functionIds = Object.fromEntries(
        Object.entries(stack.stageFunctions).map(([stage, fn]) => [
          stage,
          stack.getLogicalId(fn.function.node.defaultChild as never),
        ]),
      );
      const expected = Object.fromEntries(
        workflow.steps.map((step) => [
          substitutionKey(step),
          step.kind === 'lambda'
            ? { 'Fn::GetAtt': [functionIds[step.stage], 'Arn'] }
            : stack.glueJob?.jobName,
        ]),
      );
      // Act
      const substitutions = stateMachineOf(stack).DefinitionSubstitutions;
      // Assert
      expect(substitutions).toEqual(expected);
    },
  );

  it.each(cases)(
    '%s: with the substitutions resolved, the definition is the compiled one resolved the same way',
    (_name, workflow, pick) => {
      // Arrange: stand each bound value in with a readable token, as CloudFormation would with ARNs.
      const properties = stateMachineOf(pick(stacks));
      const tokens = Object.fromEntries(
        Object.entries(properties.DefinitionSubstitutions as Record<string, unknown>).map(
          ([key, value]) => [
            key,
            typeof value === 'string'
              ? value
              : `arn:aws:lambda:region:account:function:${(value as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]}`,
          ],
        ),
      );
      // Act
      const deployed = JSON.parse(substitute(properties.DefinitionString as string, tokens));
      // Assert
      expect(deployed).toEqual(
        JSON.parse(substitute(JSON.stringify(compileWorkflow(workflow)), tokens)),
      );
      expect(JSON.stringify(deployed)).not.toMatch(/\$\{[A-Za-z0-9_]+\}/);
    },
  );
});
