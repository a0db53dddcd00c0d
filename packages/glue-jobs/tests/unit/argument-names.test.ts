import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GLUE_JOB_ARGUMENT_NAMES } from '@ceap/core';
import { HEAVY_ETL_JOB_ARGUMENTS, RUN_KEY_ARGUMENT } from '../../src/index.js';

const vector = JSON.parse(
  readFileSync(join(__dirname, '..', 'vectors', 'glue-job-arguments.json'), 'utf8'),
) as { arguments: string[]; optional: string[] };

describe('Glue job argument names (tests/vectors/glue-job-arguments.json)', () => {
  it("are core's GLUE_JOB_ARGUMENT_NAMES, in order, as the Python job checks too", () => {
    // Act / Assert
    expect([...GLUE_JOB_ARGUMENT_NAMES]).toEqual(vector.arguments);
  });

  it('are the heavy-ETL job spec’s arguments', () => {
    // Act / Assert
    expect([...HEAVY_ETL_JOB_ARGUMENTS]).toEqual(vector.arguments);
  });

  it('list the run key as the one optional argument, as the Python job reads it', () => {
    // Act / Assert
    expect([RUN_KEY_ARGUMENT]).toEqual(vector.optional);
  });
});
