import { GlueLogArgument, glueDriverLogFolder, glueJobLogFolder } from '../../src/index.js';

describe('glueJobLogFolder: where a Glue job run logs, as infra creates it and the runner reads it', () => {
  it.each([
    [
      {
        glueVersion: '5.0',
        defaultArguments: { [GlueLogArgument.LogGroupPrefix]: '/aws-glue/jobs/heavy/' },
      },
      '/aws-glue/jobs/heavy',
    ],
    [{ glueVersion: '5.0' }, '/aws-glue/jobs'],
    [
      { glueVersion: '4.0', securityConfiguration: 'dev-sc', roleName: 'dev-glue' },
      '/aws-glue/jobs/dev-sc-role/dev-glue',
    ],
    [{ glueVersion: '4.0' }, '/aws-glue/jobs'],
  ])('%j → %s', (job, folder) => {
    // Act
    const found = glueJobLogFolder(job);
    // Assert
    expect(found).toBe(folder);
  });

  it('names the encrypted driver folder after the security configuration and the role', () => {
    // Act
    const folder = glueDriverLogFolder('prod-ceap-sc', 'prod-ceap-HeavyEtlRole');
    // Assert
    expect(folder).toBe('/aws-glue/jobs/prod-ceap-sc-role/prod-ceap-HeavyEtlRole');
  });
});
