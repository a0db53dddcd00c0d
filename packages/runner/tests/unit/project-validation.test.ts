import { defineStage } from '@ceap/core';
import { chain, defineWorkflow, glue, lambda, map, type Workflow } from '@ceap/core/workflow';
import { SHIPPED_WORKFLOWS } from '@ceap/stages';
import { projectOf } from '../../src/config/ceap-project.js';
import { validateProject } from '../../src/config/project-validation.js';
import type { GlueExecutorFactory } from '../../src/local/local-engine-options.js';

const FILE = '/project/ceap.config.ts';

const pass = (name: string) =>
  defineStage({
    name,
    async *transform(records) {
      yield* records;
    },
  });
const [a, b, c, d] = ['AStage', 'BStage', 'CStage', 'DStage'].map(pass) as [
  ReturnType<typeof pass>,
  ReturnType<typeof pass>,
  ReturnType<typeof pass>,
  ReturnType<typeof pass>,
];
const noGlue: GlueExecutorFactory = () => ({
  run: async () => ({ Id: 'jr-1', JobRunState: 'SUCCEEDED' }),
});

describe('validate: every workflow compiles and every step is bound', () => {
  it('passes a bound workflow and reports the barriers of a DAG that is not series-parallel', () => {
    // Arrange: A → C, A → D, B → D (an N shape)
    const nShape = defineWorkflow({
      name: 'n-shape',
      type: 'EXPRESS',
      steps: [lambda(a), lambda(b), lambda(c, { after: [a] }), lambda(d, { after: [a, b] })],
    });
    const project = projectOf(FILE, { workflows: [nShape], stages: [a, b, c, d] });

    // Act
    const [report] = validateProject(project);

    // Assert
    expect(report).toEqual({
      workflow: 'n-shape',
      file: FILE,
      valid: true,
      barriers: [{ before: ['AStage', 'BStage'], after: ['CStage', 'DStage'] }],
      problems: [],
    });
  });

  it('reports each unbound stage, mapped stage and Glue job with its step', () => {
    // Arrange
    const workflow = defineWorkflow({
      name: 'nightly',
      type: 'STANDARD',
      steps: chain(
        lambda(a),
        glue('Heavy', { job: 'heavy-job' }),
        map(b, { over: 'Heavy', name: 'PerPart' }),
      ),
    });
    const project = projectOf(FILE, { workflows: [workflow], stages: [a] });

    // Act
    const [report] = validateProject(project);

    // Assert
    expect(report?.valid).toBe(false);
    expect(report?.problems.map((p) => [p.file, p.workflow, p.step])).toEqual([
      [FILE, 'nightly', 'Heavy'],
      [FILE, 'nightly', 'PerPart'],
    ]);
    expect(report?.problems[0]?.message).toContain('runs Glue job "heavy-job", which is not bound');
    expect(report?.problems[1]?.message).toContain('runs stage "BStage", which is not bound');
  });

  it('binds a Glue job through the config’s glueJobs', () => {
    // Arrange
    const workflow = defineWorkflow({
      name: 'nightly',
      type: 'STANDARD',
      steps: chain(lambda(a), glue('Heavy')),
    });
    const project = projectOf(FILE, {
      workflows: [workflow],
      stages: [a],
      glueJobs: { Heavy: noGlue },
    });

    // Act
    const [report] = validateProject(project);

    // Assert
    expect(report?.problems).toEqual([]);
  });

  it('reports a workflow the compiler refuses, with its step', () => {
    // Arrange: built by hand, so defineWorkflow's own check never ran
    const handBuilt: Workflow = {
      name: 'fast',
      type: 'EXPRESS',
      timeoutSeconds: 300,
      defaultTaskTimeoutSeconds: 120,
      steps: [lambda(a), glue('Heavy', { after: [a] })],
    };
    const project = projectOf(FILE, {
      workflows: [handBuilt],
      stages: [a],
      glueJobs: { Heavy: noGlue },
    });

    // Act
    const [report] = validateProject(project);

    // Assert
    expect(report?.valid).toBe(false);
    expect(report?.problems).toEqual([
      expect.objectContaining({ file: FILE, workflow: 'fast', step: 'Heavy' }),
    ]);
  });

  it('passes the shipped workflows against the shipped bindings', () => {
    // Arrange
    const project = { workflows: SHIPPED_WORKFLOWS };

    // Act
    const reports = validateProject(project);

    // Assert
    expect(reports.map((r) => [r.workflow, r.valid, r.file])).toEqual([
      ['realtime', true, undefined],
      ['batch', true, undefined],
      ['guarded-batch', true, undefined],
    ]);
  });
});
