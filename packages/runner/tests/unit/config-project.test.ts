import { defineStage } from '@ceap/core';
import { defineWorkflow, lambda } from '@ceap/core/workflow';
import { projectOf } from '../../src/config/ceap-project.js';
import { parseConfigExports } from '../../src/config/config-schema.js';
import { ConfigFileError } from '../../src/errors.js';

const FILE = '/project/ceap.config.ts';

const pass = (name: string) =>
  defineStage({
    name,
    async *transform(records) {
      yield* records;
    },
  });
const first = pass('FirstStage');
const scored = defineWorkflow({ name: 'scored', type: 'EXPRESS', steps: [lambda(first)] });

describe('a config file’s exports: the shape, unique workflows, one stage per name', () => {
  it.each([
    ['an ES default export', { default: { workflows: [scored], stages: [first] } }],
    ['CommonJS module.exports', { workflows: [scored], stages: [first] }],
  ])('accepts %s', (_case, exported) => {
    // Arrange / Act
    const config = parseConfigExports(FILE, exported);

    // Assert
    expect(config.workflows).toEqual([scored]);
  });

  it.each([
    ['nothing', {}, 'exports nothing'],
    ['an empty default export', { default: {} }, 'exports nothing'],
    [
      'a default export that is not an object',
      { default: 42 },
      'is not a ceap config: the default export',
    ],
    ['no workflows', { default: { workflows: [] } }, 'workflows: must list at least one workflow'],
    [
      'a workflow of an unknown type',
      { default: { workflows: [{ ...scored, type: 'BATCH' }] } },
      'workflows[0].type: must be EXPRESS or STANDARD',
    ],
    [
      'a stage that is not a stage',
      { default: { workflows: [scored], stages: [{ name: 'FirstStage' }] } },
      'stages[0].transform: must be a function',
    ],
    [
      'a Glue job that is not an executor factory',
      { default: { workflows: [scored], glueJobs: { Heavy: 'script.py' } } },
      'glueJobs.Heavy: must be a Glue executor factory',
    ],
    [
      'a misspelt key',
      { default: { workflows: [scored], stage: [first] } },
      'Unrecognized key: "stage"',
    ],
  ])('refuses %s, naming the file and the field', (_case, exported, message) => {
    // Arrange / Act
    const parse = () => parseConfigExports(FILE, exported);

    // Assert
    expect(parse).toThrow(ConfigFileError);
    expect(parse).toThrow(`config file ${FILE}`);
    expect(parse).toThrow(message);
  });

  it('refuses an ES module with named exports but no default export', () => {
    // Arrange
    const exported = Object.defineProperty({ workflows: [scored] }, '__esModule', { value: true });

    // Act
    const parse = () => parseConfigExports(FILE, exported);

    // Assert
    expect(parse).toThrow(`config file ${FILE} has no default export (it exports workflows)`);
  });

  it('refuses two workflows with one name', () => {
    // Arrange / Act
    const build = () => projectOf(FILE, { workflows: [scored, { ...scored }], stages: [first] });

    // Assert
    expect(build).toThrow(`config file ${FILE} declares two workflows named "scored"`);
  });

  it('refuses two different stages with one name, and binds one stage listed twice', () => {
    // Arrange
    const impostor = pass('FirstStage');

    // Act
    const twice = projectOf(FILE, { workflows: [scored], stages: [first, first] });
    const clash = () => projectOf(FILE, { workflows: [scored], stages: [first, impostor] });

    // Assert
    expect(twice.bindings?.stages).toEqual({ FirstStage: first });
    expect(twice.workflows).toEqual({ scored });
    expect(clash).toThrow(`binds two different stages named "FirstStage"`);
  });
});
