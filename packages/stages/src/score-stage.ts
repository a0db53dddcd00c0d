import { defineStage, type StageDefinition } from '@ceap/core';
import { ScoreRejectReason } from './reject-reasons.js';
import { extractFeatures, FeatureError } from './score-features.js';
import {
  loadScoreModel,
  parseScoreModel,
  type ScoreModel,
  type ScoreModelInput,
  scoreFeatures,
} from './score-model.js';
import { StageName } from './stage-names.js';

/** Options for {@link createScoreStage}. */
export interface ScoreStageOptions {
  /** A model in code. @default `CEAP_SCORE_MODEL`, else `DEFAULT_SCORE_MODEL` */
  readonly model?: ScoreModelInput;
}

/**
 * Creates ScoreStage: scores each candidate with a deterministic logistic model over recency,
 * frequency, monetary value and sessions, and adds `score` (0..1) and `modelVersion`. The
 * model is read per invocation; a missing or invalid model fails the stage with a
 * ConfigurationError that names `CEAP_SCORE_MODEL`.
 *
 * @example
 * const score = createScoreStage({
 *   model: { version: 'v2', bias: -1, weights: { recency: -0.5, frequency: 0.8, monetary: 0.4, sessions: 0.3 } },
 * });
 */
export function createScoreStage(options: ScoreStageOptions = {}): StageDefinition<ScoreModel> {
  const model =
    options.model === undefined
      ? undefined
      : parseScoreModel(options.model, 'createScoreStage options.model');
  return defineStage<ScoreModel>({
    name: StageName.Score,
    description:
      'Scores candidates with a logistic model over recency, frequency, monetary value and sessions',
    loadConfig: (env) => model ?? loadScoreModel(env),
    async *transform(records, ctx) {
      ctx.metric('modelVersion', ctx.config.version);
      for await (const record of records) {
        const features = extractFeatures(record, ctx.logicalDate, ctx.config);
        if (features instanceof FeatureError) {
          ctx.reject(ScoreRejectReason.InvalidFeature, {
            record,
            field: features.field,
            message: features.message,
          });
          continue;
        }
        yield {
          ...record,
          score: scoreFeatures(ctx.config, features),
          modelVersion: ctx.config.version,
        };
      }
    },
  });
}

/** ScoreStage with the model from `CEAP_SCORE_MODEL`, or the shipped model. */
export const scoreStage: StageDefinition<ScoreModel> = createScoreStage();
