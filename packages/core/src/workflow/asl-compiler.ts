import { InvalidWorkflowError } from '../errors.js';
import { branchStates, LOGICAL_DATE_TOKEN, sensorStates, waitStates } from './control-states.js';
import { mapStates } from './map-states.js';
import { type EmitContext, guarded, type States, type StepStates } from './state-fragments.js';
import { parallelStateName, StateSuffix, stepStateName, WorkflowState } from './state-names.js';
import { StepStatus } from './step-status.js';
import { glueStates, lambdaStates } from './task-states.js';
import { WorkflowGraph } from './workflow-graph.js';
import type { Workflow, WorkflowStep } from './workflow-model.js';
import { type PlanBarrier, type PlanBlock, planWorkflow } from './workflow-plan.js';
import { validateWorkflow } from './workflow-validation.js';

/** Step Functions' limit on a state machine definition's size. */
export const MAX_DEFINITION_BYTES = 1024 * 1024;

/** An Amazon States Language definition, as JSON. */
export interface StateMachineDefinition {
  readonly Comment: string;
  readonly StartAt: string;
  readonly TimeoutSeconds: number;
  readonly States: Record<string, Record<string, unknown>>;
}

/** A compiled workflow, and the barriers the compiler added where the DAG needed them. */
export interface CompiledWorkflow {
  readonly definition: StateMachineDefinition;
  readonly barriers: readonly PlanBarrier[];
}

/**
 * Compiles a workflow to Amazon States Language (JSONPath). This is the only producer of state
 * machines: infra deploys this JSON and the local engine runs it.
 *
 * The execution's state is `{ input, steps }`: each step records its result (a stage's pointer
 * and counts) or its status under `$.steps.{name}`, and reads its upstreams' from there.
 * Series-parallel parts of the DAG become sequences and Parallel states; see
 * {@link compileWorkflowWithReport} for the barriers added elsewhere. Resource names are `${…}`
 * definition substitutions (see `substitutionKey`).
 */
export function compileWorkflow(workflow: Workflow): StateMachineDefinition {
  return compileWorkflowWithReport(workflow).definition;
}

/** {@link compileWorkflow}, with where it had to add barriers. */
export function compileWorkflowWithReport(workflow: Workflow): CompiledWorkflow {
  validateWorkflow(workflow);
  const graph = new WorkflowGraph(workflow);
  const plan = planWorkflow(graph);
  const context: EmitContext = { workflow, graph };
  const emitter = new BlockEmitter(context);
  const blocks = plan.root.kind === 'sequence' ? [...plan.root.blocks] : [plan.root];
  const consumers = blocks.map((block) => stepsOf(block).some((n) => readsInput(graph, n)));
  const release = consumers.lastIndexOf(true);
  const after = finalStates(graph);
  const states: States = { ...after.states };
  let next = after.entry;
  for (let index = blocks.length - 1; index >= 0; index--) {
    if (index === release && index < blocks.length - 1) {
      states[WorkflowState.ReleaseInput] = {
        Type: 'Pass',
        Comment: 'No later state reads the execution input: drop it from the state',
        Result: {},
        ResultPath: '$.input',
        Next: next,
      };
      next = WorkflowState.ReleaseInput;
    }
    const done = blocks.slice(0, index).flatMap(stepsOf);
    const emitted = emitter.emit(blocks[index] as PlanBlock, next, done);
    Object.assign(states, emitted.states);
    next = emitted.entry;
  }
  states[WorkflowState.Start] = startState(graph, next);
  const size = Buffer.byteLength(JSON.stringify(states));
  if (size > MAX_DEFINITION_BYTES) {
    throw new InvalidWorkflowError(
      `workflow "${workflow.name}" compiles to ${size} bytes of ASL; Step Functions accepts at most ${MAX_DEFINITION_BYTES}`,
    );
  }
  const barrierNotes = plan.barriers.map(
    (b) => ` Barrier: ${b.after.join(', ')} wait for ${b.before.join(', ')}.`,
  );
  return {
    definition: {
      Comment: `ceap ${workflow.name} (${workflow.type}): ${workflow.steps.length} steps.${barrierNotes.join('')}`,
      StartAt: WorkflowState.Start,
      TimeoutSeconds: workflow.timeoutSeconds,
      States: states,
    },
    barriers: plan.barriers,
  };
}

/** Emits blocks back to front, so each knows the state it leads to. */
class BlockEmitter {
  private parallels = 0;

  constructor(private readonly context: EmitContext) {}

  emit(block: PlanBlock, next: string | undefined, done: readonly string[]): StepStates {
    if (block.kind === 'step') {
      const step = this.context.graph.step(block.name);
      return guarded(this.context, block.name, stepStates(this.context, step, next), next);
    }
    if (block.kind === 'sequence') {
      const states: States = {};
      let entry = next as string;
      for (let index = block.blocks.length - 1; index >= 0; index--) {
        const before = [...done, ...block.blocks.slice(0, index).flatMap(stepsOf)];
        const emitted = this.emit(block.blocks[index] as PlanBlock, entry, before);
        Object.assign(states, emitted.states);
        entry = emitted.entry;
      }
      return { entry, states };
    }
    const name = parallelStateName(++this.parallels);
    const branches = block.branches.map((branch) => {
      const emitted = this.emit(branch, undefined, done);
      return { StartAt: emitted.entry, States: emitted.states };
    });
    // Every branch starts from the whole state: merge the steps each one completed.
    const selector: Record<string, string> = {};
    for (const step of done) selector[`${step}.$`] = `$[0].steps.${step}`;
    block.branches.forEach((branch, index) => {
      for (const step of stepsOf(branch)) selector[`${step}.$`] = `$[${index}].steps.${step}`;
    });
    const state: Record<string, unknown> = {
      Type: 'Parallel',
      Branches: branches,
      ResultSelector: selector,
      ResultPath: '$.steps',
    };
    return {
      entry: name,
      states: { [name]: next === undefined ? { ...state, End: true } : { ...state, Next: next } },
    };
  }
}

function stepStates(context: EmitContext, step: WorkflowStep, next?: string): StepStates {
  switch (step.kind) {
    case 'lambda':
      return lambdaStates(context, step, next);
    case 'glue':
      return glueStates(context, step, next);
    case 'map':
      return mapStates(context, step, next);
    case 'branch':
      return branchStates(context, step, next);
    case 'wait':
      return waitStates(context, step, next);
    case 's3-sensor':
      return sensorStates(context, step, next);
  }
}

function stepsOf(block: PlanBlock): string[] {
  if (block.kind === 'step') return [block.name];
  if (block.kind === 'sequence') return block.blocks.flatMap(stepsOf);
  return block.branches.flatMap(stepsOf);
}

/** Steps that read the execution input: first stages, timestamp waits, dated sensors. */
function readsInput(graph: WorkflowGraph, name: string): boolean {
  const step = graph.step(name);
  if (step.kind === 'lambda') return graph.dataInputsOf(name).length === 0;
  if (step.kind === 'wait') return step.untilInputField !== undefined;
  if (step.kind === 's3-sensor') return step.prefix.includes(LOGICAL_DATE_TOKEN);
  return false;
}

function startState(graph: WorkflowGraph, next: string): Record<string, unknown> {
  const sensors = [...graph.steps.values()].filter((step) => step.kind === 's3-sensor');
  return {
    Type: 'Pass',
    Parameters: {
      'input.$': '$',
      steps: {},
      ...(sensors.length > 0 && {
        sensorPokes: Object.fromEntries(sensors.map((s) => [s.name, { count: 0 }])),
      }),
    },
    Next: next,
  };
}

/**
 * After the last step: when failures were caught for `all_done` steps, the execution still
 * fails with the first such failure's error and cause. The output is every step's result.
 */
function finalStates(graph: WorkflowGraph): StepStates {
  const output = { Type: 'Pass', OutputPath: '$.steps', End: true };
  const caught = [...graph.steps.keys()].filter((name) => graph.isCaught(name));
  if (caught.length === 0)
    return { entry: WorkflowState.Output, states: { [WorkflowState.Output]: output } };
  const states: States = { [WorkflowState.Output]: output };
  const choices = caught.map((name) => {
    const failRun = stepStateName(name, StateSuffix.FailedRun);
    states[failRun] = {
      Type: 'Fail',
      ErrorPath: `$.steps.${name}.error`,
      CausePath: `$.steps.${name}.cause`,
    };
    return { Variable: `$.steps.${name}.status`, StringEquals: StepStatus.Failed, Next: failRun };
  });
  states[WorkflowState.End] = { Type: 'Choice', Choices: choices, Default: WorkflowState.Output };
  return { entry: WorkflowState.End, states };
}
