import * as z from 'zod/mini';
import { isUnset, parseSetting, readJsonSetting } from './config-source.js';
import { StagesEnv } from './stages-env.js';

/** The model's features, in the order they are documented. */
export const SCORE_FEATURES = ['recency', 'frequency', 'monetary', 'sessions'] as const;
export type ScoreFeature = (typeof SCORE_FEATURES)[number];

/** z.number() refuses NaN and Infinity. */
const finite = () => z.number({ error: 'must be a number' });
const positive = () =>
  finite().check(z.refine((value: number) => value > 0, { error: 'must be greater than 0' }));
const nonNegative = () =>
  finite().check(z.refine((value: number) => value >= 0, { error: 'must be >= 0' }));

const scalingSchema = z.strictObject({
  /** Apply ln(1 + x) before centring: for long-tailed counts and amounts. @default false */
  log1p: z._default(z.boolean(), false),
  /** Subtracted after the log. @default 0 */
  mean: z._default(finite(), 0),
  /** Divided by after centring; must be > 0. @default 1 */
  std: z._default(positive(), 1),
});

const perFeature = <T extends z.ZodMiniType>(schema: () => T) =>
  z.strictObject({
    recency: schema(),
    frequency: schema(),
    monetary: schema(),
    sessions: schema(),
  });

const partialPerFeature = <T extends z.ZodMiniType>(schema: () => T) =>
  z.strictObject({
    recency: z.optional(schema()),
    frequency: z.optional(schema()),
    monetary: z.optional(schema()),
    sessions: z.optional(schema()),
  });

/**
 * The schema of a score model (a JSON file, inline JSON or code). Unknown keys are errors.
 * Built with zod/mini, which tree-shakes to a few KB in a Lambda bundle.
 */
export const scoreModelSchema = z.strictObject({
  /** Written to every scored record as `modelVersion`. */
  version: z
    .string({ error: 'must be a string' })
    .check(
      z.minLength(1, { error: 'must not be empty' }),
      z.maxLength(128, { error: 'must be at most 128 characters' }),
    ),
  bias: finite(),
  /** One weight per feature, applied to the scaled feature. */
  weights: perFeature(finite),
  /** Optional scaling per feature: x' = ((log1p ? ln(1 + x) : x) - mean) / std. */
  scaling: z._default(
    partialPerFeature(() => scalingSchema),
    {},
  ),
  /** The value a feature takes when the record has none (e.g. no last activity). */
  missing: z._default(partialPerFeature(nonNegative), {}),
});

/** A deterministic logistic model over recency, frequency, monetary value and sessions. */
export type ScoreModel = z.output<typeof scoreModelSchema>;
/** A score model as written: `scaling` and `missing` may be left out. */
export type ScoreModelInput = z.input<typeof scoreModelSchema>;

/** The shipped model, the same as `examples/score-model.json`. */
export const DEFAULT_SCORE_MODEL: ScoreModel = Object.freeze({
  version: 'rfm-logistic-2026.03',
  bias: -0.4,
  weights: { recency: -1.1, frequency: 0.9, monetary: 0.6, sessions: 0.7 },
  scaling: {
    recency: { log1p: true, mean: 3, std: 1.2 },
    frequency: { log1p: true, mean: 1.6, std: 0.9 },
    monetary: { log1p: true, mean: 5, std: 1.5 },
    sessions: { log1p: true, mean: 1.8, std: 1 },
  },
  missing: { recency: 365, frequency: 0, monetary: 0, sessions: 0 },
});

/** Validates a model given in code or JSON; an error names `source` and the field at fault. */
export function parseScoreModel(value: unknown, source: string): ScoreModel {
  return parseSetting(source, scoreModelSchema, value);
}

/** The model from `CEAP_SCORE_MODEL` (a path or inline JSON), or the shipped model when unset. */
export function loadScoreModel(env: NodeJS.ProcessEnv): ScoreModel {
  const value = env[StagesEnv.ScoreModel];
  if (isUnset(value)) return DEFAULT_SCORE_MODEL;
  return parseScoreModel(readJsonSetting(StagesEnv.ScoreModel, value), StagesEnv.ScoreModel);
}

/** Feature values, before scaling. */
export type FeatureValues = Readonly<Record<ScoreFeature, number>>;

/**
 * The model's score for one set of features: 1 / (1 + e^-(bias + sum(weight * scaled))),
 * rounded to 6 decimals. Pure and deterministic.
 */
export function scoreFeatures(model: ScoreModel, features: FeatureValues): number {
  let z = model.bias;
  for (const feature of SCORE_FEATURES) {
    const scaling = model.scaling[feature];
    let x = features[feature];
    if (scaling) x = ((scaling.log1p ? Math.log1p(x) : x) - scaling.mean) / scaling.std;
    z += model.weights[feature] * x;
  }
  const score = 1 / (1 + Math.exp(-z));
  return Math.round(score * 1e6) / 1e6;
}
