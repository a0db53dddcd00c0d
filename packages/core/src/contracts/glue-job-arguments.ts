/**
 * The arguments a compiled Glue step sends its job, by name. The compiler writes them, the
 * local Glue executor and the Python job read them; a Python test checks the same list.
 */
export const GlueJobArgument = {
  ExecutionId: '--executionId',
  Workflow: '--workflow',
  Bucket: '--bucket',
  InputKey: '--inputKey',
  OutputKey: '--outputKey',
  LogicalDate: '--logicalDate',
  /** The upstream's run key (`StageResult.runKey`), which the job's own result carries on. */
  RunKey: '--runKey',
} as const;

/** One of the {@link GlueJobArgument} names. */
export type GlueJobArgumentName = (typeof GlueJobArgument)[keyof typeof GlueJobArgument];

/** Every argument a Glue step sends, in a stable order. */
export const GLUE_JOB_ARGUMENT_NAMES: readonly GlueJobArgumentName[] =
  Object.values(GlueJobArgument);

/** The arguments of one Glue job run, exactly as the compiled state machine sends them. */
export type GlueJobArguments = Readonly<Record<GlueJobArgumentName, string>>;
