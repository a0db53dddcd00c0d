import {
  ConfigurationError,
  defineStage,
  FatalStageError,
  type JsonRecord,
  type StageDefinition,
  StageErrorName,
} from '@ceap/core';
import { StageName } from './stage-names.js';
import { StagesEnv } from './stages-env.js';

/** What QualityStage checks. */
export interface QualityConfig {
  /** Fields every record should have (not missing, null or an empty string). */
  readonly requiredFields: readonly string[];
  /** The least share of records, 0..1, that must have each field. */
  readonly minCompleteness: number;
}

/** The fields a candidate needs to be scored and contacted. */
export const DEFAULT_QUALITY_FIELDS = ['customerId', 'email', 'country', 'lastActivityAt'] as const;
/** @default 0.9: nine records in ten must carry each required field. */
export const DEFAULT_MIN_COMPLETENESS = 0.9;
/** The reason QualityStage counts each record it inspected (it passes none on). */
export const QUALITY_INSPECTED = 'inspected';
/** The side output that holds the stage's report. */
export const QUALITY_REPORT_OBJECT = 'quality.json';

/** The batch's data did not meet the quality bar: retrying cannot help. */
export class DataQualityError extends FatalStageError {
  constructor(message: string) {
    super(message);
    this.name = StageErrorName.Fatal;
  }
}

/**
 * Creates QualityStage, a data-quality gate: it measures how complete each required field is
 * across the batch, writes the figures to `quality.json` and to its metrics, and fails the step
 * with {@link DataQualityError} when a field falls below the bar. It passes no record on (each
 * is counted as filtered, `inspected`), so a step that joins it with the scored records sees
 * only those.
 */
export function createQualityStage(
  options: Partial<QualityConfig> = {},
): StageDefinition<QualityConfig> {
  return defineStage<QualityConfig>({
    name: StageName.Quality,
    description: 'Checks the completeness of required fields and fails the run below the bar',
    loadConfig: (env) => ({
      requiredFields: options.requiredFields ?? DEFAULT_QUALITY_FIELDS,
      minCompleteness: options.minCompleteness ?? minCompletenessFrom(env),
    }),
    async *transform(records, ctx) {
      const present = new Map(ctx.config.requiredFields.map((field) => [field, 0]));
      let inspected = 0;
      for await (const record of records) {
        inspected++;
        for (const field of ctx.config.requiredFields) {
          if (isPresent(record, field)) present.set(field, (present.get(field) ?? 0) + 1);
        }
      }
      ctx.filter(QUALITY_INSPECTED, { count: inspected });
      const completeness = Object.fromEntries(
        [...present].map(([field, count]) => [field, inspected === 0 ? 1 : count / inspected]),
      );
      for (const [field, share] of Object.entries(completeness)) {
        ctx.metric(`completeness.${field}`, Number(share.toFixed(4)));
      }
      ctx.sideOutput(QUALITY_REPORT_OBJECT).write({ inspected, completeness, ...ctx.config });
      const failing = Object.entries(completeness).filter(
        ([, s]) => s < ctx.config.minCompleteness,
      );
      if (failing.length > 0) {
        throw new DataQualityError(
          `${failing.map(([f, s]) => `${f} is present in ${(s * 100).toFixed(1)}%`).join(', ')} of ${inspected} records, below the required ${ctx.config.minCompleteness * 100}%`,
        );
      }
    },
  });
}

function isPresent(record: JsonRecord, field: string): boolean {
  const value = record[field];
  return value !== undefined && value !== null && value !== '';
}

function minCompletenessFrom(env: NodeJS.ProcessEnv): number {
  const raw = env[StagesEnv.QualityMinCompleteness];
  if (raw === undefined || raw === '') return DEFAULT_MIN_COMPLETENESS;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new ConfigurationError(
      `${StagesEnv.QualityMinCompleteness} must be a number from 0 to 1, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

/** QualityStage with the bar from `CEAP_QUALITY_MIN_COMPLETENESS`, or 0.9. */
export const qualityStage: StageDefinition<QualityConfig> = createQualityStage();
