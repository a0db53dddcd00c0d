import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { RunnerUsageError } from '../errors.js';
import { projectManifest, projectNameOf, SCAFFOLD_WORKFLOW } from './project-manifest.js';

/**
 * The scaffold's files, shipped in the package beside `src/` and `dist/` alike. Names that npm
 * would drop or act on (`.gitignore`) are stored without their dot.
 */
const TEMPLATE_DIRECTORY = join(__dirname, '..', '..', 'templates', 'init');
const DOTTED_NAMES: Readonly<Record<string, string>> = { gitignore: '.gitignore' };

/** What {@link scaffoldProject} writes, and where. */
export interface ScaffoldRequest {
  /** The project's folder (absolute); created when missing. */
  readonly directory: string;
  /** Write into a folder that already holds files, replacing the scaffold's own. @default false */
  readonly force?: boolean;
  /** The version every `@ceap/*` dependency is pinned to. */
  readonly ceapVersion: string;
}

/** What was scaffolded. */
export interface ScaffoldResult {
  readonly directory: string;
  /** The package.json name. */
  readonly name: string;
  /** The workflow its `start` script runs. */
  readonly workflow: string;
  /** The files written, relative to `directory`, sorted. */
  readonly files: readonly string[];
}

/**
 * Writes a standalone ceap project into `directory`: package.json, tsconfig, ceap.config.ts
 * with a workflow mixing shipped stages and the project's own, sample input, a jest test, a CDK
 * app and a README. A folder that is not empty is refused (naming it) unless `force`.
 */
export function scaffoldProject(request: ScaffoldRequest): ScaffoldResult {
  const { directory } = request;
  assertWritableTarget(directory, request.force ?? false);
  const name = projectNameOf(basename(directory));
  const files = new Map<string, string>();
  for (const template of templateFiles(TEMPLATE_DIRECTORY)) {
    const target = relative(TEMPLATE_DIRECTORY, template)
      .split(sep)
      .map((part) => DOTTED_NAMES[part] ?? part)
      .join('/');
    files.set(target, readFileSync(template, 'utf8'));
  }
  files.set(
    'package.json',
    `${JSON.stringify(projectManifest(name, request.ceapVersion), null, 2)}\n`,
  );
  try {
    for (const [file, text] of files) {
      mkdirSync(dirname(join(directory, file)), { recursive: true });
      writeFileSync(join(directory, file), text);
    }
  } catch (error) {
    throw new RunnerUsageError(`DIR ${directory} cannot hold the project: ${reasonOf(error)}`, {
      cause: error,
    });
  }
  return { directory, name, workflow: SCAFFOLD_WORKFLOW, files: [...files.keys()].sort() };
}

/** Refuses a path that is not a folder, or a folder with files in it (unless `force`). */
function assertWritableTarget(directory: string, force: boolean): void {
  let entries: string[];
  try {
    if (!statSync(directory).isDirectory()) {
      throw new RunnerUsageError(`DIR ${directory} is not a directory`);
    }
    entries = readdirSync(directory);
  } catch (error) {
    if (error instanceof RunnerUsageError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new RunnerUsageError(`DIR ${directory} cannot be read: ${reasonOf(error)}`, {
      cause: error,
    });
  }
  if (entries.length === 0 || force) return;
  const shown = entries.sort().slice(0, 3).join(', ');
  throw new RunnerUsageError(
    `DIR ${directory} is not empty (it holds ${shown}${entries.length > 3 ? ', …' : ''}); choose an empty or new folder, or pass --force to write the scaffold's files into it`,
  );
}

function* templateFiles(directory: string): Generator<string> {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) yield* templateFiles(path);
    else yield path;
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
