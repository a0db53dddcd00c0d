import { z } from 'zod';
import { ConfigFileError } from '../errors.js';
import type { CeapConfig } from './ceap-config.js';

const EXPECTED = 'expected `export default defineConfig({ workflows: [...], stages: [...] })`';

/*
 * The shape only: a workflow's steps are checked by core's validateWorkflow and compiler, and a
 * stage's code when it runs. Unknown keys are refused, so a misspelt `stage:` is not ignored.
 */
const workflowShape = z.looseObject({
  name: z.string({ error: 'must be a workflow name (built with defineWorkflow)' }),
  type: z.enum(['EXPRESS', 'STANDARD'], { error: 'must be EXPRESS or STANDARD' }),
  steps: z.array(z.looseObject({}), { error: 'must be an array of steps' }),
});

const stageShape = z.looseObject({
  name: z.string({ error: 'must be a stage name (a stage built with defineStage)' }),
  transform: z.custom<unknown>((value) => typeof value === 'function', {
    error: 'must be a function (a stage built with defineStage)',
  }),
  loadConfig: z.custom<unknown>((value) => typeof value === 'function', {
    error: 'must be a function (a stage built with defineStage)',
  }),
});

const configShape = z.strictObject({
  workflows: z
    .array(workflowShape, { error: 'must be an array of workflows' })
    .min(1, 'must list at least one workflow'),
  stages: z.array(stageShape, { error: 'must be an array of stages' }).optional(),
  glueJobs: z
    .record(
      z.string(),
      z.custom<unknown>((value) => typeof value === 'function', {
        error: 'must be a Glue executor factory (a function)',
      }),
      { error: 'must be an object of Glue executors by job name' },
    )
    .optional(),
});

/**
 * The config a loaded file exports: its default export (or, in CommonJS, `module.exports`
 * itself), checked against {@link CeapConfig}'s shape. A file that exports nothing, or
 * something else, is refused naming the file and the field.
 */
export function parseConfigExports(file: string, exported: unknown): CeapConfig {
  const candidate = defaultExport(file, exported);
  if (candidate === undefined || isEmptyObject(candidate)) {
    throw new ConfigFileError(file, `exports nothing; ${EXPECTED}`);
  }
  const parsed = configShape.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${pathOf(issue.path)}: ${issue.message}`);
    throw new ConfigFileError(file, `is not a ceap config: ${problems.join('; ')}; ${EXPECTED}`);
  }
  return candidate as CeapConfig;
}

/** An ES module's default export; a CommonJS module's `module.exports`. */
function defaultExport(file: string, exported: unknown): unknown {
  if (typeof exported !== 'object' || exported === null) return exported;
  if ('default' in exported) return (exported as { default: unknown }).default;
  const names = Object.keys(exported);
  // Compiled ES modules carry `__esModule`; named exports alone are not a config.
  if ((exported as { __esModule?: unknown }).__esModule === true && names.length > 0) {
    throw new ConfigFileError(
      file,
      `has no default export (it exports ${names.join(', ')}); ${EXPECTED}`,
    );
  }
  return exported;
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 0
  );
}

/** `workflows[1].type`, or `the default export` for the root. */
function pathOf(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the default export';
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}
