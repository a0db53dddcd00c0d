import {
  type GlueJobSpec,
  GlueJobSpecError,
  heavyEtlJobSpec,
  validateGlueJobSpec,
} from '../../src/index.js';

describe('validateGlueJobSpec (zod): the first problem, naming its field', () => {
  const spec = heavyEtlJobSpec();

  it.each([
    ['name', 'is required', { name: undefined }],
    ['maxRetries', 'must be a number, got "1"', { maxRetries: '1' }],
    ['maxRetries', '-1 must be a whole number from 0 to 10', { maxRetries: -1 }],
    ['defaultArguments.--conf', 'must be a string', { defaultArguments: { '--conf': 1 } }],
    ['pythonVersion', '"2" must be "3" (Spark) or "3.9" (pythonshell)', { pythonVersion: '2' }],
    ['assets.script', 'is required', { assets: { script: '' } }],
    ['workerType', 'G.025X is only for gluestreaming jobs', { workerType: 'G.025X' }],
    [
      'workerType',
      '"G.3X" is not a Glue worker type (G.025X, G.1X, G.2X, G.4X, G.8X)',
      { workerType: 'G.3X' },
    ],
  ])('%s: %s', (field, message, override) => {
    // Act
    const validate = () => validateGlueJobSpec({ ...spec, ...override } as unknown as GlueJobSpec);

    // Assert
    expect(validate).toThrow(GlueJobSpecError);
    expect(validate).toThrow(`${field}: ${message}`);
  });

  it('names the prefix when it is the prefix that is wrong', () => {
    // Act
    const validate = () => validateGlueJobSpec(spec, 'bad prefix');

    // Assert
    expect(validate).toThrow(
      'prefix: "bad prefix" must be 1-63 characters of A-Z a-z 0-9 - starting with a letter or digit',
    );
  });

  it('returns the spec itself when it is valid', () => {
    // Act / Assert
    expect(validateGlueJobSpec(spec, 'dev')).toBe(spec);
  });
});
