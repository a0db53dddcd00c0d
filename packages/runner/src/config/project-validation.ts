import { InvalidWorkflowError } from '@ceap/core';
import { compileWorkflowWithReport, type PlanBarrier, type Workflow } from '@ceap/core/workflow';
import type { LocalStageBindings } from '../local/local-engine-options.js';
import type { CeapProject } from './ceap-project.js';

/** One thing that keeps a workflow from running: where it is and what is wrong. */
export interface ConfigProblem {
  /** The config file; undefined for the shipped workflows. */
  readonly file?: string;
  readonly workflow: string;
  /** The step at fault, when the problem is one step's. */
  readonly step?: string;
  readonly message: string;
}

/** What `validate` found for one workflow. */
export interface WorkflowValidation {
  readonly workflow: string;
  readonly file?: string;
  readonly valid: boolean;
  /** Where the compiler had to add barriers to a DAG that is not series-parallel. */
  readonly barriers: readonly PlanBarrier[];
  readonly problems: readonly ConfigProblem[];
}

/**
 * Compiles every workflow of the project (core's compiler, the one that infra deploys and the
 * local engine runs) and checks that each step's stage or Glue job is bound.
 */
export function validateProject(project: CeapProject): WorkflowValidation[] {
  const bindings = project.bindings ?? shippedBindings();
  return Object.values(project.workflows).map((workflow) => {
    const problems: ConfigProblem[] = [];
    const at = (step: string | undefined, message: string): ConfigProblem => ({
      ...(project.configFile !== undefined && { file: project.configFile }),
      workflow: workflow.name,
      ...(step !== undefined && { step }),
      message,
    });
    let barriers: readonly PlanBarrier[] = [];
    try {
      barriers = compileWorkflowWithReport(workflow).barriers;
    } catch (error) {
      if (!(error instanceof InvalidWorkflowError)) throw error;
      problems.push(at(stepNamedIn(error.message), error.message));
    }
    for (const [step, message] of unboundSteps(workflow, bindings))
      problems.push(at(step, message));
    return {
      workflow: workflow.name,
      ...(project.configFile !== undefined && { file: project.configFile }),
      valid: problems.length === 0,
      barriers,
      problems,
    };
  });
}

/** Each step whose stage or Glue job has no code bound, with what to do about it. */
function unboundSteps(workflow: Workflow, bindings: LocalStageBindings): [string, string][] {
  const unbound: [string, string][] = [];
  const boundStages = Object.keys(bindings.stages);
  for (const step of Array.isArray(workflow.steps) ? workflow.steps : []) {
    if ((step.kind === 'lambda' || step.kind === 'map') && !boundStages.includes(step.stage)) {
      unbound.push([
        step.name,
        `runs stage "${step.stage}", which is not bound; add it to the config's stages (bound: ${boundStages.join(', ') || 'none'})`,
      ]);
    }
    const glueJobs = bindings.glueJobs ?? {};
    if (
      step.kind === 'glue' &&
      !Object.hasOwn(glueJobs, step.job) &&
      bindings.createGlueExecutor === undefined
    ) {
      unbound.push([
        step.name,
        `runs Glue job "${step.job}", which is not bound; add it to the config's glueJobs (bound: ${Object.keys(glueJobs).join(', ') || 'none'})`,
      ]);
    }
  }
  return unbound;
}

/** The step a compiler message names (`step "ScoreStage" (steps[2])`), if any. */
function stepNamedIn(message: string): string | undefined {
  return message.match(/step "([^"]+)"/)?.[1];
}

function shippedBindings(): LocalStageBindings {
  const local =
    require('../local/default-bindings.js') as typeof import('../local/default-bindings.js');
  return local.defaultLocalBindings();
}

/** `FILE: workflow "W" step "S": what is wrong` (the compiler's messages name their own place). */
export function describeProblem(problem: ConfigProblem): string {
  const where = problem.message.startsWith('workflow "')
    ? ''
    : `workflow "${problem.workflow}"${problem.step !== undefined ? ` step "${problem.step}"` : ''}: `;
  return `${problem.file !== undefined ? `${problem.file}: ` : ''}${where}${problem.message}`;
}
