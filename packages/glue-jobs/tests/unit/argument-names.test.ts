import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GLUE_JOB_ARGUMENT_NAMES } from '@ceap/core';
import { HEAVY_ETL_JOB_ARGUMENTS } from '../../src/index.js';

const vector = JSON.parse(
  readFileSync(join(__dirname, '..', 'vectors', 'glue-job-arguments.json'), 'utf8'),
) as { arguments: string[] };

describe('Glue job argument names (tests/vectors/glue-job-arguments.json)', () => {
  it("are core's GLUE_JOB_ARGUMENT_NAMES, in order, as the Python job checks too", () => {
    // Act / Assert
    expect([...GLUE_JOB_ARGUMENT_NAMES]).toEqual(vector.arguments);
  });

  it('are the heavy-ETL job spec’s arguments', () => {
    // Act / Assert
    expect([...HEAVY_ETL_JOB_ARGUMENTS]).toEqual(vector.arguments);
  });
});
