import { StageName } from '@ceap/stages';

/** What a shipped stage needs beyond `executions/*`. Every other stage gets only that. */
export interface StageAccess {
  readonly readOnlyPrefixes?: readonly string[];
  readonly extraReadWritePrefixes?: readonly string[];
  /** Publishes to the default event bus. */
  readonly putEvents?: boolean;
}

/** ETL reads `incoming/`, Store writes `datasets/`, Reactive puts events. */
export const STAGE_ACCESS: Readonly<Record<string, StageAccess>> = {
  [StageName.ETL]: { readOnlyPrefixes: ['incoming/'] },
  [StageName.Store]: { extraReadWritePrefixes: ['datasets/'] },
  [StageName.Reactive]: { putEvents: true },
};
