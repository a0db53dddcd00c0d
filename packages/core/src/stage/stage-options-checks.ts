import type { StageAccess } from '../contracts/stage-access.js';
import { ConfigurationError } from '../errors.js';
import { assertStageName, normalizeKeyPrefix } from '../s3-keys.js';
import { OutputLayout, type StageDefinition } from './stage-contract.js';

/**
 * Checks a stage's options when it is defined, so a wrong combination fails at import with a
 * message naming the option, not in the middle of a run.
 */
export function assertStageOptions<Config>(
  options: Pick<
    StageDefinition<Config>,
    'name' | 'access' | 'outputLayout' | 'recordsPerPart' | 'passThrough' | 'source'
  >,
): void {
  assertStageName(options.name);
  assertStageAccess(options.name, options.access);
  if (
    options.outputLayout !== undefined &&
    !Object.values(OutputLayout).includes(options.outputLayout)
  ) {
    throw new ConfigurationError(
      `${options.name}.outputLayout must be one of ${Object.values(OutputLayout).join(', ')}, got ${JSON.stringify(options.outputLayout)}`,
    );
  }
  if (
    options.recordsPerPart !== undefined &&
    (options.outputLayout !== OutputLayout.Parts ||
      !Number.isSafeInteger(options.recordsPerPart) ||
      options.recordsPerPart < 1)
  ) {
    throw new ConfigurationError(
      `${options.name}.recordsPerPart must be a whole number of at least 1, with outputLayout 'parts'`,
    );
  }
  if (
    options.passThrough === true &&
    (options.source !== undefined ||
      (options.outputLayout ?? OutputLayout.Object) !== OutputLayout.Object)
  ) {
    throw new ConfigurationError(
      `${options.name}.passThrough needs the default source (the previous stage's output) and outputLayout 'object'`,
    );
  }
}

function assertStageAccess(stage: string, access: StageAccess | undefined): void {
  const prefixes = [...(access?.readPrefixes ?? []), ...(access?.readWritePrefixes ?? [])];
  for (const prefix of prefixes) {
    if (prefix === '' || prefix.startsWith('executions/')) {
      throw new ConfigurationError(
        `${stage}.access prefix ${JSON.stringify(prefix)} must name a folder other than executions/ (the stage's own folder is always granted)`,
      );
    }
    try {
      normalizeKeyPrefix(prefix);
    } catch (error) {
      throw new ConfigurationError(`${stage}.access: ${(error as Error).message}`);
    }
  }
}
