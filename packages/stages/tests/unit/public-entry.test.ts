// Uses only the packages' public entries, as a pipeline outside this repository would.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createLogger, runStage } from '@ceap/core';
import { type EmbeddedS3, startEmbeddedS3 } from '@ceap/core/embedded-s3';
import {
  createEtlStage,
  createFilterStage,
  etlStage,
  filterStage,
  HANDLER_ENTRIES,
  qualityStage,
  reactiveStage,
  STAGES,
  StageName,
  StagesEnv,
  scoreStage,
  storeStage,
} from '@ceap/stages';
import * as handlers from '@ceap/stages/handlers';

describe('the public entry of @ceap/stages', () => {
  const bucket = 'other-pipeline-data';
  let directory: string;
  let s3: EmbeddedS3;
  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'ceap-public-'));
    s3 = await startEmbeddedS3({ directory, buckets: [bucket] });
  });
  afterAll(async () => {
    await s3.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('lets another pipeline run imported stages with runStage and its own config', async () => {
    // Arrange
    const deps = {
      s3: s3.client,
      location: { bucket, keyPrefix: 'other/' },
      logger: createLogger({ level: 'silent' }),
      env: {},
    };
    const etl = createEtlStage({ maxRecordBytes: 4096 });
    const filter = createFilterStage({ rules: { allowedCountries: ['DE'], requireOptIn: false } });
    const input = {
      records: [
        { customer_id: 'k1', email: 'k1@example.de', country: 'de', updated_at: '2026-03-10' },
        { customer_id: 'k2', email: 'k2@example.com', country: 'US', updated_at: '2026-03-10' },
      ],
    };

    // Act
    const extracted = await runStage(etl, { executionId: 'other-run-1', input }, deps);
    const filtered = await runStage(filter, { executionId: 'other-run-1', input: extracted }, deps);

    // Assert
    const body = await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: filtered.key }));
    const lines = (await body.Body?.transformToString())?.trim().split('\n') ?? [];
    expect(filtered.key).toBe('other/executions/other-run-1/FilterStage/output.json');
    expect(lines.map((line) => JSON.parse(line).customerId)).toEqual(['k1']);
    expect(filtered).toMatchObject({
      received: 2,
      records: 1,
      filteredBy: { 'country-not-allowed': 1 },
    });
  });

  it('exports the shipped stages by name and the handler file of each', () => {
    // Arrange
    const names = [
      StageName.ETL,
      StageName.Filter,
      StageName.Quality,
      StageName.Score,
      StageName.Store,
      StageName.Reactive,
    ];

    // Act
    const stages = names.map((name) => STAGES[name]);

    // Assert
    expect(Object.keys(STAGES).sort()).toEqual([...names].sort());
    expect(stages).toEqual([
      etlStage,
      filterStage,
      qualityStage,
      scoreStage,
      storeStage,
      reactiveStage,
    ]);
    for (const name of names) {
      expect(STAGES[name]?.name).toBe(name);
      expect(existsSync(HANDLER_ENTRIES[name] as string)).toBe(true);
      expect(HANDLER_ENTRIES[name]).toMatch(/handlers[/\\][a-z]+-handler\.(ts|js)$/);
    }
  });

  it('exports a Lambda handler per stage under @ceap/stages/handlers and the env var names', () => {
    // Arrange
    const expected = [
      'etlHandler',
      'filterHandler',
      'qualityHandler',
      'reactiveHandler',
      'scoreHandler',
      'storeHandler',
    ];

    // Act
    const exported = Object.keys(handlers).sort();

    // Assert
    expect(exported).toEqual(expected);
    for (const name of expected)
      expect(typeof (handlers as Record<string, unknown>)[name]).toBe('function');
    expect(StagesEnv).toMatchObject({
      DataBucket: 'CEAP_DATA_BUCKET',
      ScoreModel: 'CEAP_SCORE_MODEL',
      FilterRules: 'CEAP_FILTER_RULES',
      ReactiveThreshold: 'CEAP_REACTIVE_THRESHOLD',
      EventBusName: 'CEAP_EVENT_BUS_NAME',
      EventBridgeEndpoint: 'CEAP_EVENTBRIDGE_ENDPOINT',
    });
  });
});
