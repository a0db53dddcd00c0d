/** The names of the shipped stages, as they appear in state names and S3 keys. */
export const StageName = {
  ETL: 'ETLStage',
  Filter: 'FilterStage',
  Quality: 'QualityStage',
  HeavyETL: 'HeavyETLStage',
  Score: 'ScoreStage',
  Store: 'StoreStage',
  Reactive: 'ReactiveStage',
} as const;
