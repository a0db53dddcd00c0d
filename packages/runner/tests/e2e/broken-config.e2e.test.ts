import { join } from 'node:path';
import { onlyJson, runCli } from '../helpers/run-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { tempProject } from '../helpers/temp-project.js';

const IMPORTS = `import { chain, defineWorkflow, glue, lambda } from '@ceap/core/workflow';
import { defineConfig } from '@ceap/runner';
import { filterStage, scoreStage } from '@ceap/stages';
`;

/** A config whose one workflow runs `steps`, binding Filter and Score only. */
function configWith(steps: string, type = 'EXPRESS'): string {
  return `${IMPORTS}
export default defineConfig({
  workflows: [defineWorkflow({ name: 'scored', type: '${type}', steps: ${steps} })],
  stages: [filterStage, scoreStage],
});
`;
}

/** Each broken config, the command run on it, and what its message must say. */
const CASES: [string, Record<string, string>, string[], string[]][] = [
  [
    'a syntax error (the loader’s message, with line and column)',
    { 'ceap.config.ts': `${IMPORTS}export default defineConfig({ workflows: [ ; });\n` },
    ['validate'],
    ['ceap.config.ts has a syntax error', 'ceap.config.ts:4:'],
  ],
  [
    'top-level await, which CommonJS cannot run',
    { 'ceap.config.ts': `${IMPORTS}await Promise.resolve();\nexport default {};\n` },
    ['validate'],
    ['ceap.config.ts uses top-level await', 'ceap.config.ts:4:'],
  ],
  [
    'an import of a package that is not installed (without the CLI’s own require stack)',
    { 'ceap.config.ts': "import { etl } from '@ceap/no-such-package';\nexport default etl;\n" },
    ['workflows'],
    ["could not be loaded: Error: Cannot find module '@ceap/no-such-package'"],
  ],
  [
    'a workflow referring to an unbound stage (validate)',
    { 'ceap.config.ts': configWith("chain(lambda(filterStage), lambda('EnrichStage'))") },
    ['validate'],
    [
      'ceap.config.ts has 1 problem',
      'workflow "scored" step "EnrichStage": runs stage "EnrichStage", which is not bound',
      '(bound: FilterStage, ScoreStage)',
    ],
  ],
  [
    'a workflow referring to an unbound stage (start)',
    { 'ceap.config.ts': configWith("chain(lambda(filterStage), lambda('EnrichStage'))") },
    ['start', '--workflow', 'scored'],
    ['ceap.config.ts is not valid', 'step "EnrichStage": runs stage "EnrichStage"'],
  ],
  [
    'a Glue step whose job is unbound',
    {
      'ceap.config.ts': configWith("chain(lambda(filterStage), glue('HeavyETLStage'))", 'STANDARD'),
    },
    ['validate'],
    ['step "HeavyETLStage": runs Glue job "HeavyETLStage", which is not bound'],
  ],
  [
    'two workflows with one name',
    {
      'ceap.config.ts': `${IMPORTS}
const scored = () => defineWorkflow({ name: 'scored', type: 'EXPRESS', steps: [lambda(scoreStage)] });
export default defineConfig({ workflows: [scored(), scored()], stages: [scoreStage] });
`,
    },
    ['workflows'],
    ['ceap.config.ts declares two workflows named "scored"'],
  ],
  [
    'a config exporting nothing',
    { 'ceap.config.ts': 'export {};\n' },
    ['workflows'],
    ['ceap.config.ts exports nothing; expected `export default defineConfig({'],
  ],
  [
    'a config with named exports only',
    { 'ceap.config.ts': `${IMPORTS}export const stages = [filterStage];\n` },
    ['workflows'],
    ['ceap.config.ts has no default export (it exports stages)'],
  ],
  [
    'a config that is not the expected shape',
    { 'ceap.config.ts': 'export default { workflow: [], stages: "FilterStage" };\n' },
    ['start', '--workflow', 'scored'],
    [
      'ceap.config.ts is not a ceap config',
      'workflows: must be an array of workflows',
      'stages: must be an array of stages',
      'Unrecognized key: "workflow"',
    ],
  ],
  [
    'a workflow the authoring API refuses while the config loads',
    { 'ceap.config.ts': configWith("[lambda(filterStage, { after: ['Nowhere'] })]") },
    ['validate'],
    [
      'ceap.config.ts could not be loaded: InvalidWorkflowError',
      'step "FilterStage" (steps[0]).after names "Nowhere"',
      '(at ceap.config.ts:6:',
    ],
  ],
  [
    'two config files in one folder',
    { 'ceap.config.ts': configWith('[lambda(scoreStage)]'), 'ceap.config.mjs': 'export {};\n' },
    ['workflows'],
    ['is one of 2 config files', 'ceap.config.ts, ceap.config.mjs', 'choose with --config FILE'],
  ],
  [
    'a --config file that does not exist',
    {},
    ['workflows', '--config', 'missing.config.ts'],
    ['missing.config.ts was not found (--config)'],
  ],
];

describe('broken configs exit 2 with a message naming the file (and step), never a stack', () => {
  let home: ReturnType<typeof tempDir>;

  beforeAll(() => {
    home = tempDir('ceap-e2e-broken-home-');
  });

  afterAll(() => home.remove());

  it.each(CASES)('%s', async (_case, files, args, messages) => {
    // Arrange
    const project = tempProject(files);
    try {
      // Act
      const result = await runCli(args, { home: home.path, cwd: project.path });

      // Assert
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`config file ${project.path}`);
      for (const message of messages) expect(result.stderr).toContain(message);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stderr).not.toContain('src/config/config-loader');
    } finally {
      project.remove();
    }
  });

  it('reports each problem as JSON under --json: file, workflow and step', async () => {
    // Arrange
    const project = tempProject({
      'ceap.config.ts': configWith("chain(lambda(filterStage), lambda('EnrichStage'))"),
    });
    try {
      // Act
      const result = await runCli(['validate', '--json'], { home: home.path, cwd: project.path });

      // Assert
      expect(result.code).toBe(2);
      expect(onlyJson(result)).toEqual({
        config: join(project.path, 'ceap.config.ts'),
        valid: false,
        workflows: [
          {
            workflow: 'scored',
            file: join(project.path, 'ceap.config.ts'),
            valid: false,
            barriers: [],
            problems: [
              {
                file: join(project.path, 'ceap.config.ts'),
                workflow: 'scored',
                step: 'EnrichStage',
                message: expect.stringContaining('runs stage "EnrichStage", which is not bound'),
              },
            ],
          },
        ],
      });
    } finally {
      project.remove();
    }
  });
});
