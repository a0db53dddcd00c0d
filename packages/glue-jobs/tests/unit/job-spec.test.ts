import {
  defaultArgumentsFor,
  type GlueJobSpec,
  GlueJobSpecError,
  GlueJobType,
  HEAVY_ETL_JOB_NAME,
  HEAVY_ETL_PYTHON_DIR,
  HEAVY_ETL_SCRIPT_PATH,
  HEAVY_ETL_SEGMENTS_PATH,
  heavyEtlJobSpec,
  validateGlueJobSpec,
  WORKER_PRESETS,
} from '../../src/index.js';

describe('heavyEtlJobSpec', () => {
  it('describes the heavy-ETL job: Glue 4.0, G.1X x 2, 90 minutes, no Glue retries', () => {
    // Act
    const spec = heavyEtlJobSpec();

    // Assert
    expect(spec).toMatchObject({
      name: 'ceap-workflow-batch-heavy-etl',
      jobType: 'glueetl',
      glueVersion: '4.0',
      pythonVersion: '3',
      workerType: 'G.1X',
      numberOfWorkers: 2,
      timeoutMinutes: 90,
      maxRetries: 0,
      scriptLocation: HEAVY_ETL_SCRIPT_PATH,
      assets: {
        script: HEAVY_ETL_SCRIPT_PATH,
        pythonModules: HEAVY_ETL_PYTHON_DIR,
        extraFiles: [HEAVY_ETL_SEGMENTS_PATH],
      },
    });
    expect(spec.defaultArguments).toMatchObject({
      '--job-bookmark-option': 'job-bookmark-disable',
      '--enable-metrics': 'true',
      '--enable-continuous-cloudwatch-log': 'true',
      '--enable-auto-scaling': 'true',
    });
    expect(spec.defaultArguments['--enable-spark-ui']).toBeUndefined();
    expect(spec.securityConfiguration).toBeUndefined();
    expect(HEAVY_ETL_JOB_NAME).toBe('ceap-workflow-batch-heavy-etl');
  });

  it('prefixes the name per deployment and carries the deployment options', () => {
    // Act
    const spec = heavyEtlJobSpec({
      prefix: 'dev-eu',
      scriptLocation: 's3://assets/heavy_etl_job.py',
      extraPyFiles: 's3://assets/core.zip',
      extraFiles: 's3://assets/segments.csv',
      sparkEventLogsPath: 's3://logs/spark/',
      securityConfiguration: 'ceap-encryption',
      workload: 'large_etl',
      glueVersion: '5.0',
    });

    // Assert
    expect(spec).toMatchObject({
      name: 'dev-eu-ceap-workflow-batch-heavy-etl',
      scriptLocation: 's3://assets/heavy_etl_job.py',
      glueVersion: '5.0',
      workerType: 'G.2X',
      numberOfWorkers: 20,
      securityConfiguration: 'ceap-encryption',
    });
    expect(spec.defaultArguments).toMatchObject({
      '--extra-py-files': 's3://assets/core.zip',
      '--extra-files': 's3://assets/segments.csv',
      '--enable-spark-ui': 'true',
      '--spark-event-logs-path': 's3://logs/spark/',
    });
  });

  it.each([
    ['prefix', { prefix: 'bad prefix' }],
    ['prefix', { prefix: '-dash' }],
    ['timeoutMinutes', { timeoutMinutes: 0 }],
    ['timeoutMinutes', { timeoutMinutes: 2881 }],
    ['securityConfiguration', { securityConfiguration: 'not a name!' }],
    [
      'defaultArguments.--spark-event-logs-path',
      { defaultArguments: { '--enable-spark-ui': 'true' } },
    ],
    [
      'defaultArguments.--job-bookmark-option',
      { defaultArguments: { '--job-bookmark-option': 'sometimes' } },
    ],
  ])('refuses a bad %s', (field, options) => {
    // Act
    const build = () => heavyEtlJobSpec(options);

    // Assert
    expect(build).toThrow(GlueJobSpecError);
    expect(build).toThrow(new RegExp(`^${field.replace(/[.-]/g, '\\$&')}: `));
  });
});

describe('presets', () => {
  it.each([
    ['small_etl', 'G.1X', 2],
    ['medium_etl', 'G.1X', 10],
    ['large_etl', 'G.2X', 20],
    ['memory_intensive', 'G.4X', 10],
    ['streaming', 'G.025X', 2],
  ] as const)('%s recommends %s x %d', (preset, workerType, numberOfWorkers) => {
    // Act
    const workers = WORKER_PRESETS[preset];

    // Assert
    expect(workers).toMatchObject({ workerType, numberOfWorkers });
  });

  it.each([
    [GlueJobType.Etl, 'job-bookmark-enable', true],
    [GlueJobType.Streaming, 'job-bookmark-disable', true],
    [GlueJobType.PythonShell, 'job-bookmark-disable', false],
  ])('default arguments for %s: bookmarks %s, Spark options %s', (jobType, bookmark, spark) => {
    // Act
    const args = defaultArgumentsFor(jobType, { sparkEventLogsPath: 's3://logs/spark/' });

    // Assert
    expect(args['--job-bookmark-option']).toBe(bookmark);
    for (const key of [
      '--enable-metrics',
      '--enable-continuous-cloudwatch-log',
      '--enable-auto-scaling',
      '--enable-spark-ui',
    ]) {
      expect(args[key]).toBe(spark ? 'true' : undefined);
    }
    expect(args['--spark-event-logs-path']).toBe(spark ? 's3://logs/spark/' : undefined);
  });

  it('turns auto-scaling and bookmarks off when asked', () => {
    // Act
    const args = defaultArgumentsFor(GlueJobType.Etl, {
      autoScaling: false,
      jobBookmarks: false,
      tempDir: 's3://tmp/',
    });

    // Assert
    expect(args['--enable-auto-scaling']).toBeUndefined();
    expect(args['--job-bookmark-option']).toBe('job-bookmark-disable');
    expect(args['--TempDir']).toBe('s3://tmp/');
  });
});

describe('validateGlueJobSpec', () => {
  const etl: GlueJobSpec = {
    name: 'job',
    jobType: 'glueetl',
    glueVersion: '4.0',
    pythonVersion: '3',
    scriptLocation: 's3://assets/job.py',
    workerType: 'G.1X',
    numberOfWorkers: 2,
    timeoutMinutes: 60,
    maxRetries: 0,
    maxConcurrentRuns: 1,
    defaultArguments: defaultArgumentsFor('glueetl'),
  };
  const streaming: GlueJobSpec = {
    ...etl,
    jobType: 'gluestreaming',
    workerType: 'G.025X',
    timeoutMinutes: undefined,
    defaultArguments: defaultArgumentsFor('gluestreaming'),
  };
  const pythonShell: GlueJobSpec = {
    ...etl,
    jobType: 'pythonshell',
    glueVersion: '3.0',
    pythonVersion: '3.9',
    workerType: undefined,
    numberOfWorkers: undefined,
    maxCapacity: 0.0625,
    defaultArguments: defaultArgumentsFor('pythonshell'),
  };

  it.each([
    ['glueetl', etl],
    ['gluestreaming', streaming],
    ['pythonshell', pythonShell],
  ])('accepts a valid %s job', (_type, spec) => {
    // Act / Assert
    expect(validateGlueJobSpec(spec)).toBe(spec);
  });

  it.each([
    ['workerType', 'an unknown worker type', { ...etl, workerType: 'G.3X' }],
    ['workerType', 'G.025X on a batch job', { ...etl, workerType: 'G.025X' }],
    ['workerType', 'a Spark job without one', { ...etl, workerType: undefined }],
    ['numberOfWorkers', 'fewer than 2 G.1X workers', { ...etl, numberOfWorkers: 1 }],
    ['numberOfWorkers', 'a fractional worker count', { ...etl, numberOfWorkers: 2.5 }],
    ['numberOfWorkers', 'a Spark job without a count', { ...etl, numberOfWorkers: undefined }],
    ['numberOfWorkers', 'pythonshell with workers', { ...pythonShell, numberOfWorkers: 2 }],
    ['workerType', 'pythonshell with a worker type', { ...pythonShell, workerType: 'G.1X' }],
    ['maxCapacity', 'pythonshell with 2 DPU', { ...pythonShell, maxCapacity: 2 }],
    ['maxCapacity', 'maxCapacity on a Spark job', { ...etl, maxCapacity: 1 }],
    ['timeoutMinutes', 'a streaming job with a timeout', { ...streaming, timeoutMinutes: 60 }],
    ['glueVersion', 'Glue 3.0 for Spark', { ...etl, glueVersion: '3.0' }],
    ['glueVersion', 'pythonshell on Glue 4.0', { ...pythonShell, glueVersion: '4.0' }],
    ['jobType', 'an unknown job type', { ...etl, jobType: 'glueray' }],
    ['name', 'a name with a space', { ...etl, name: 'my job' }],
    ['scriptLocation', 'no script', { ...etl, scriptLocation: '' }],
    ['maxRetries', 'negative retries', { ...etl, maxRetries: -1 }],
    ['maxConcurrentRuns', 'zero concurrent runs', { ...etl, maxConcurrentRuns: 0 }],
    [
      'defaultArguments.job-language',
      'an argument without --',
      { ...etl, defaultArguments: { 'job-language': 'python' } },
    ],
    [
      'defaultArguments.--enable-auto-scaling',
      'pythonshell with auto-scaling',
      { ...pythonShell, defaultArguments: { '--enable-auto-scaling': 'true' } },
    ],
    [
      'defaultArguments.--spark-event-logs-path',
      'the Spark UI with a local path',
      {
        ...etl,
        defaultArguments: { '--enable-spark-ui': 'true', '--spark-event-logs-path': '/tmp' },
      },
    ],
  ])('refuses %s (%s)', (field, _why, spec) => {
    // Act
    const validate = () => validateGlueJobSpec(spec as GlueJobSpec);

    // Assert
    expect(validate).toThrow(GlueJobSpecError);
    try {
      validate();
    } catch (error) {
      expect((error as GlueJobSpecError).field).toBe(field);
      expect((error as Error).message.startsWith(`${field}: `)).toBe(true);
    }
  });
});
