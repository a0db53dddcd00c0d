import { join } from 'node:path';

/**
 * The package root. This file is `src/paths.ts` under source and `dist/paths.js` when built, so
 * one level up is the package either way, where `glue/`, `python/` and `reference/` ship.
 */
const PACKAGE_ROOT = join(__dirname, '..');

/** Absolute path of the PySpark script (`glue/heavy_etl_job.py`), for a CDK S3 asset. */
export const HEAVY_ETL_SCRIPT_PATH = join(PACKAGE_ROOT, 'glue', 'heavy_etl_job.py');

/**
 * Absolute path of the folder holding the pure-Python core (`ceap_heavy_etl/`). Zip it as an
 * asset and pass it with `--extra-py-files`; exclude {@link HEAVY_ETL_PYTHON_ASSET_EXCLUDE}.
 */
export const HEAVY_ETL_PYTHON_DIR = join(PACKAGE_ROOT, 'python');

/** What the `--extra-py-files` zip leaves out of {@link HEAVY_ETL_PYTHON_DIR}: tests and the local runner. */
export const HEAVY_ETL_PYTHON_ASSET_EXCLUDE: readonly string[] = [
  'tests',
  'local_runner.py',
  '**/__pycache__',
];

/** Absolute path of the shipped reference segments (`customerId,segment`); ship it with `--extra-files`. */
export const HEAVY_ETL_SEGMENTS_PATH = join(PACKAGE_ROOT, 'reference', 'segments.csv');

/** The script the local executor runs with python3. */
export const LOCAL_RUNNER_PATH = join(HEAVY_ETL_PYTHON_DIR, 'local_runner.py');
