/**
 * How a stage's Lambda function is sized. Infra deploys every stage function with these
 * (unless a construct is given its own), and the runner's cost estimate for the local target
 * reads the same figures, so the two never disagree.
 */

/** The memory of a stage's Lambda function, in MB. */
export const STAGE_FUNCTION_MEMORY_MB = 1024;

/** The architecture of a stage's Lambda function, as Lambda names it. */
export const STAGE_FUNCTION_ARCHITECTURE = 'arm64';
