import type { StageDefinition } from '@ceap/core';
import type { Workflow } from '@ceap/core/workflow';
import { ConfigFileError } from '../errors.js';
import type { LocalStageBindings } from '../local/local-engine-options.js';
import type { CeapConfig } from './ceap-config.js';
import { checkConfigOption, findConfigFile } from './config-file.js';
import { loadConfigModule } from './config-loader.js';
import { parseConfigExports } from './config-schema.js';

/** The workflows the CLI knows in one project, and the code their steps run. */
export interface CeapProject {
  /** The config file they came from; undefined when none was found (the shipped workflows). */
  readonly configFile?: string;
  /** By name. */
  readonly workflows: Readonly<Record<string, Workflow>>;
  /** The config's bindings; undefined means the shipped ones (`defaultLocalBindings`). */
  readonly bindings?: LocalStageBindings;
}

/** Where to look for a project's config. */
export interface ProjectLookup {
  /** `--config FILE`, relative to `from`. @default the `ceap.config.*` found above `from` */
  readonly config?: string;
  /** The invocation directory. */
  readonly from: string;
}

/**
 * The project's workflows: those of the config given or found above the invocation directory,
 * else the shipped ones. A config that cannot be loaded, has the wrong shape, or names two
 * workflows (or two different stages) alike is refused naming the file.
 */
export function loadProject(lookup: ProjectLookup): CeapProject {
  const file = locateConfig(lookup);
  if (file === undefined) return { workflows: shippedWorkflows() };
  const config = parseConfigExports(file, loadConfigModule(file));
  return projectOf(file, config);
}

/** The config file `--config` names, or the one found above `from`; undefined when none is. */
export function locateConfig(lookup: ProjectLookup): string | undefined {
  return lookup.config !== undefined
    ? checkConfigOption(lookup.config, lookup.from)
    : findConfigFile(lookup.from);
}

/** The project a checked config describes. */
export function projectOf(file: string, config: CeapConfig): CeapProject {
  const workflows: Record<string, Workflow> = {};
  for (const workflow of config.workflows) {
    if (Object.hasOwn(workflows, workflow.name)) {
      throw new ConfigFileError(
        file,
        `declares two workflows named "${workflow.name}"; a workflow's name must be unique`,
      );
    }
    workflows[workflow.name] = workflow;
  }
  return { configFile: file, workflows, bindings: bindingsOf(file, config) };
}

function bindingsOf(file: string, config: CeapConfig): LocalStageBindings {
  // biome-ignore lint/suspicious/noExplicitAny: stages have different config types
  const stages: Record<string, StageDefinition<any>> = {};
  for (const stage of config.stages ?? []) {
    const bound = Object.hasOwn(stages, stage.name) ? stages[stage.name] : undefined;
    if (bound !== undefined && bound !== stage) {
      throw new ConfigFileError(
        file,
        `binds two different stages named "${stage.name}"; a stage's name must be unique`,
      );
    }
    stages[stage.name] = stage;
  }
  const glueJobs = { ...config.glueJobs };
  return {
    stages,
    glueJobs,
    preflight: (workflow) => {
      const local =
        require('../local/heavy-etl-job.js') as typeof import('../local/heavy-etl-job.js');
      const runsShippedJob = workflow.steps.some(
        (step) =>
          step.kind === 'glue' &&
          Object.hasOwn(glueJobs, step.job) &&
          glueJobs[step.job] === local.localHeavyEtlJob,
      );
      if (runsShippedJob) local.assertPythonForGlue(workflow);
    },
  };
}

/** The shipped workflows, from @ceap/stages: what a project without a config runs. */
function shippedWorkflows(): Readonly<Record<string, Workflow>> {
  const stages = require('@ceap/stages') as typeof import('@ceap/stages');
  return stages.SHIPPED_WORKFLOWS;
}
