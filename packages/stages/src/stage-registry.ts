import { join } from 'node:path';
import type { StageDefinition } from '@ceap/core';
import { etlStage } from './etl-stage.js';
import { filterStage } from './filter-stage.js';
import { qualityStage } from './quality-stage.js';
import { reactiveStage } from './reactive-stage.js';
import { scoreStage } from './score-stage.js';
import { StageName } from './stage-names.js';
import { storeStage } from './store-stage.js';

/** The shipped Lambda stages, configured from the environment, by stage name. */
// biome-ignore lint/suspicious/noExplicitAny: each stage has its own Config type.
export const STAGES: Readonly<Record<string, StageDefinition<any>>> = Object.freeze({
  [StageName.ETL]: etlStage,
  [StageName.Filter]: filterStage,
  [StageName.Quality]: qualityStage,
  [StageName.Score]: scoreStage,
  [StageName.Store]: storeStage,
  [StageName.Reactive]: reactiveStage,
});

/** `.ts` when this module runs from source (tests, `@ceap/source`), `.js` when built. */
const extension = __filename.endsWith('.ts') ? '.ts' : '.js';
const handlerFile = (name: string) => join(__dirname, 'handlers', `${name}-handler${extension}`);

/**
 * The absolute path of each stage's handler file, by stage name, for CDK `NodejsFunction`'s
 * `entry` (`src/handlers/*.ts` from source, `dist/handlers/*.js` when built). Each file exports
 * `handler`.
 */
export const HANDLER_ENTRIES: Readonly<Record<string, string>> = Object.freeze({
  [StageName.ETL]: handlerFile('etl'),
  [StageName.Filter]: handlerFile('filter'),
  [StageName.Quality]: handlerFile('quality'),
  [StageName.Score]: handlerFile('score'),
  [StageName.Store]: handlerFile('store'),
  [StageName.Reactive]: handlerFile('reactive'),
});
