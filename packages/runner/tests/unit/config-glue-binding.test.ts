import { defineStage } from '@ceap/core';
import { chain, defineWorkflow, glue, lambda } from '@ceap/core/workflow';
import { projectOf } from '../../src/config/ceap-project.js';
import { RunnerUsageError } from '../../src/errors.js';
import { localHeavyEtlJob } from '../../src/local/heavy-etl-job.js';
import type { GlueExecutorFactory } from '../../src/local/local-engine-options.js';

const FILE = '/project/ceap.config.ts';
const extract = defineStage({
  name: 'ExtractStage',
  async *transform(records) {
    yield* records;
  },
});
const nightly = defineWorkflow({
  name: 'nightly',
  type: 'STANDARD',
  steps: chain(lambda(extract), glue('HeavyETLStage')),
});
const ownJob: GlueExecutorFactory = () => ({
  run: async () => ({ Id: 'jr-1', JobRunState: 'SUCCEEDED' }),
});

describe('a config’s Glue jobs: the shipped job checks its Python interpreter before a run', () => {
  const python = process.env.CEAP_PYTHON;

  beforeEach(() => {
    process.env.CEAP_PYTHON = '/no/such/python3';
  });

  afterEach(() => {
    if (python === undefined) delete process.env.CEAP_PYTHON;
    else process.env.CEAP_PYTHON = python;
  });

  it('refuses a run of the shipped heavy-ETL job without its interpreter, naming CEAP_PYTHON', () => {
    // Arrange
    const project = projectOf(FILE, {
      workflows: [nightly],
      stages: [extract],
      glueJobs: { HeavyETLStage: localHeavyEtlJob },
    });

    // Act
    const preflight = () => project.bindings?.preflight?.(nightly);

    // Assert
    expect(preflight).toThrow(RunnerUsageError);
    expect(preflight).toThrow(/workflow "nightly" has a Glue step: .*CEAP_PYTHON/);
  });

  it('lets a job bound to the project’s own executor run without Python', () => {
    // Arrange
    const project = projectOf(FILE, {
      workflows: [nightly],
      stages: [extract],
      glueJobs: { HeavyETLStage: ownJob },
    });

    // Act
    const preflight = () => project.bindings?.preflight?.(nightly);

    // Assert
    expect(preflight).not.toThrow();
    expect(project.bindings?.glueJobs).toEqual({ HeavyETLStage: ownJob });
  });
});
