import { dirname, join } from 'node:path';
import type { RunnerClientOptions } from '../client/runner-client-options.js';
import { type CeapProject, loadProject, locateConfig } from '../config/ceap-project.js';
import { describeProblem, validateProject } from '../config/project-validation.js';
import { CEAP_HOME_DIR } from '../constants.js';
import { ConfigFileError } from '../errors.js';
import { invocationDirectory } from '../local/ceap-home.js';
import { defaultWorkerCommand } from '../local/detached-start.js';
import type { LocalTargetOptions } from '../local/local-target-options.js';

/** What a client gets from the project: its workflows and the local target's settings. */
export interface ProjectClientOptions {
  readonly workflows?: RunnerClientOptions['workflows'];
  readonly local: LocalTargetOptions;
}

/**
 * The project one CLI process works in: the `ceap.config.*` given with `--config` or found
 * above the invocation directory, loaded once and only by a command that needs it.
 */
export class CliProject {
  private configOption?: string;
  private loaded?: CeapProject;

  /** The global `--config FILE`, read before the command runs. */
  useConfigOption(file: string | undefined): void {
    this.configOption = file;
  }

  /** The project's workflows and bindings; throws ConfigFileError for a broken config. */
  get(): CeapProject {
    this.loaded ??= loadProject(this.lookup());
    return this.loaded;
  }

  private lookup() {
    return {
      ...(this.configOption !== undefined && { config: this.configOption }),
      from: invocationDirectory(),
    };
  }

  /**
   * The client options of a project with a config: its workflows and bindings, a detached
   * worker that loads the same file, and (unless CEAP_HOME says otherwise) a home beside it.
   * A config with a problem `validate` would report is refused, naming the file and the step.
   * Without a config: nothing, so the client runs the shipped workflows as it always has.
   */
  clientOptions(): ProjectClientOptions {
    // Found before anything is loaded: without a config, the client loads what it needs itself.
    if (this.loaded === undefined && locateConfig(this.lookup()) === undefined)
      return { local: {} };
    const project = this.get();
    const file = project.configFile;
    if (file === undefined) return { local: {} };
    const problems = validateProject(project).flatMap((report) => report.problems);
    if (problems.length > 0) {
      const listed = problems.map((p) => describeProblem({ ...p, file: undefined })).join('; ');
      throw new ConfigFileError(
        file,
        `is not valid (ceap validate lists every problem): ${listed}`,
      );
    }
    const worker = defaultWorkerCommand();
    return {
      workflows: project.workflows,
      local: {
        ...(project.bindings && { bindings: project.bindings }),
        worker: { command: worker.command, args: [...worker.args, '--config', file] },
        ...(!process.env.CEAP_HOME && { home: join(dirname(file), CEAP_HOME_DIR) }),
      },
    };
  }
}
