import { cliName } from '../../src/cli/cli-name.js';

describe('cliName', () => {
  const saved = process.env.CEAP_CLI_NAME;
  afterEach(() => {
    if (saved === undefined) delete process.env.CEAP_CLI_NAME;
    else process.env.CEAP_CLI_NAME = saved;
  });

  it('is ceap when installed, and what the dev-runner says inside the repository', () => {
    // Act / Assert
    delete process.env.CEAP_CLI_NAME;
    expect(cliName()).toBe('ceap');
    process.env.CEAP_CLI_NAME = '  ';
    expect(cliName()).toBe('ceap');
    process.env.CEAP_CLI_NAME = 'pnpm runner';
    expect(cliName()).toBe('pnpm runner');
  });
});
