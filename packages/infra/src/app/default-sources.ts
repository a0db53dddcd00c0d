import { HEAVY_ETL_PYTHON_ASSET_EXCLUDE, heavyEtlJobSpec } from '@ceap/glue-jobs';
import { HANDLER_ENTRIES, STAGES, StageName } from '@ceap/stages';
import type { CeapAppSources } from './ceap-app.js';

/** The shipped stages and Glue job, from @ceap/stages and @ceap/glue-jobs. */
export const SHIPPED_SOURCES: CeapAppSources = {
  stages: STAGES,
  handlerEntries: HANDLER_ENTRIES,
  glueJobs: (prefix) => ({
    [StageName.HeavyETL]: {
      spec: heavyEtlJobSpec({ prefix }),
      pythonExclude: HEAVY_ETL_PYTHON_ASSET_EXCLUDE,
    },
  }),
};
