import {
  compileWorkflow,
  DATA_BUCKET_KEY,
  DATA_KEY_PREFIX_KEY,
  substitute,
  substitutionKey,
  type Workflow,
} from '@ceap/core/workflow';
import { SHIPPED_WORKFLOWS } from '@ceap/stages';
import { Template } from 'aws-cdk-lib/assertions';
import { dataBucketName } from '../../src/app/data-stack';
import type { CeapWorkflowStack } from '../../src/app/workflow-stack';
import { shippedApp } from '../helpers/cdk-test-app';

// Deployed and local share one definition: the template carries exactly compileWorkflow(...).
let stacks: ReturnType<typeof shippedApp>;
beforeAll(() => {
  stacks = shippedApp();
});

const cases = Object.entries(SHIPPED_WORKFLOWS);

function stackOf(name: string): CeapWorkflowStack {
  const stack = stacks.workflows[name];
  if (!stack) throw new Error(`no stack for workflow ${name}`);
  return stack;
}

function stateMachineOf(stack: CeapWorkflowStack): Record<string, unknown> {
  const machines = Object.values(
    Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine'),
  );
  expect(machines).toHaveLength(1);
  return (machines[0] as { Properties: Record<string, unknown> }).Properties;
}

/** The `${Key}` placeholders a definition string holds. */
function placeholdersIn(definition: string): string[] {
  const keys = [...definition.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1] as string);
  return [...new Set(keys)].sort();
}

/** Every state's Type, inside Parallel branches and Map iterations too. */
function stateTypes(states: Record<string, Record<string, unknown>>): string[] {
  return Object.values(states).flatMap((state) => [
    state.Type as string,
    ...((state.Branches as { States: Record<string, Record<string, unknown>> }[]) ?? []).flatMap(
      (branch) => stateTypes(branch.States),
    ),
    ...(state.ItemProcessor
      ? stateTypes(
          (state.ItemProcessor as { States: Record<string, Record<string, unknown>> }).States,
        )
      : []),
  ]);
}

/** What each placeholder must be bound to: its stage's function, its job, or the data bucket. */
function expectedSubstitutions(stack: CeapWorkflowStack, workflow: Workflow) {
  const functionArn = (stage: string) => {
    const fn = stack.stageFunctions[stage]?.function;
    if (!fn) throw new Error(`${workflow.name} has no function for ${stage}`);
    return { 'Fn::GetAtt': [stack.getLogicalId(fn.node.defaultChild as never), 'Arn'] };
  };
  const expected: Record<string, unknown> = {};
  for (const step of workflow.steps) {
    if (step.kind === 'lambda' || step.kind === 'map')
      expected[substitutionKey(step) as string] = functionArn(step.stage);
    if (step.kind === 'glue')
      expected[substitutionKey(step) as string] = stack.glueJobs[step.job]?.jobName;
    if (step.kind === 's3-sensor') {
      expected[DATA_BUCKET_KEY] = stack.resolve(dataBucketName(stacks.context.prefix));
      // The shipped app has no key prefix.
      expected[DATA_KEY_PREFIX_KEY] = '';
    }
  }
  return expected;
}

describe('the deployed state machines are the compiled workflows', () => {
  it('the app deploys every shipped workflow', () => {
    // Arrange
    const expected = Object.keys(SHIPPED_WORKFLOWS).sort();
    // Act
    const deployed = Object.keys(stacks.workflows).sort();
    // Assert
    expect(deployed).toEqual(expected);
  });

  it.each(cases)(
    '%s: DefinitionString equals JSON.stringify(compileWorkflow(workflow))',
    (name, workflow) => {
      // Arrange
      const expected = JSON.stringify(compileWorkflow(workflow));
      // Act
      const properties = stateMachineOf(stackOf(name));
      // Assert
      expect(properties.DefinitionString).toBe(expected);
    },
  );

  it.each(cases)(
    '%s: the substitutions are exactly the placeholders the compiled definition holds, each bound to its own function, job or bucket',
    (name, workflow) => {
      // Arrange
      const stack = stackOf(name);
      const placeholders = placeholdersIn(JSON.stringify(compileWorkflow(workflow)));
      const expected = expectedSubstitutions(stack, workflow);
      // Act
      const substitutions = stateMachineOf(stack).DefinitionSubstitutions as Record<
        string,
        unknown
      >;
      // Assert
      expect(Object.keys(substitutions).sort()).toEqual(placeholders);
      expect(substitutions).toEqual(expected);
    },
  );

  it.each(cases)(
    '%s: with the substitutions resolved, the definition is the compiled one resolved the same way',
    (name, workflow) => {
      // Arrange: stand each bound value in with a readable token, as CloudFormation would with ARNs.
      const properties = stateMachineOf(stackOf(name));
      const tokens = Object.fromEntries(
        Object.entries(properties.DefinitionSubstitutions as Record<string, unknown>).map(
          ([key, value]) => [
            key,
            typeof value === 'string'
              ? value
              : 'Fn::GetAtt' in (value as object)
                ? `arn:aws:lambda:region:account:function:${(value as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]}`
                : `resolved-${key}`,
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

  it.each([
    ['batch', 'Map', 'its Score runs once per part file of the Glue output'],
    ['guarded-batch', 'Parallel', 'Filter → Score and QualityStage run side by side'],
  ])('%s: the deployed definition holds a %s state (%s)', (name, type) => {
    // Arrange
    const properties = stateMachineOf(stackOf(name));
    // Act
    const types = stateTypes(JSON.parse(properties.DefinitionString as string).States);
    // Assert
    expect(types).toContain(type);
    expect(properties.DefinitionString).not.toContain('DISTRIBUTED');
  });
});
